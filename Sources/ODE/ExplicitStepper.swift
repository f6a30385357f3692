/// An embedded explicit Runge–Kutta step (``ButcherTableau``) over all lanes,
/// with Hairer's stiffness test when ``StiffnessMonitor`` is attached.
struct ExplicitStepper<System: BatchODESystem>: LaneStepper, ~Copyable {
    let tab: TableauCoefficients
    let initialStepOrder: Int
    /// `nil`: no stiffness test (the plain explicit solver).
    let monitor: StiffnessMonitor?

    init(tableau: consuming TableauCoefficients, order: Int, monitor: StiffnessMonitor?) {
        tab = tableau
        initialStepOrder = order
        self.monitor = monitor
    }

    mutating func laneStarted(_ lane: Int, derivative: UnsafeMutablePointer<Double>, workspace ws: borrowing LaneWorkspace) {
        // The first stage of the first step (afterwards FSAL provides it).
        StepKernels.copyLane(lane, from: derivative, to: ws.k, stateCount: ws.stateCount, laneCount: ws.laneCount)
        monitor?.reset(lane: lane)
    }

    /// Computes all stages, the candidate `y₁` and the per-lane squared error
    /// sums of one attempt, for every lane at once.
    ///
    /// Cost: `s − 1` evaluations (FSAL; `s` otherwise) and about `s + 2`
    /// fused passes over the `n·L` state values (two more with the stiffness test).
    mutating func attempt(
        workspace ws: borrowing LaneWorkspace, system: inout System, activeLanes: Int,
        tolerances: ErrorTolerances, statistics: inout BatchSolveStatistics
    ) {
        let s = tab.stageCount
        let n = ws.stateCount, lanes = ws.laneCount, width = ws.width
        let y = ws.y, yNew = ws.yNew, yStage = ws.yStage, k = ws.k
        let t = ws.t, tStage = ws.tStage, hStep = ws.hStep
        let c = tab.c, termStages = tab.termStages, termCoefficients = tab.termCoefficients
        let rowStart = tab.rowStart, rowCount = tab.rowCount
        let isFSAL = tab.isFSAL
        let hx = ws.hExpanded
        StepKernels.expand(hStep, into: hx, stateCount: n, laneCount: lanes)
        if !isFSAL {
            statistics.evaluate(&system, t: t, y: y, into: k, laneCount: lanes, lanesAtWork: activeLanes)
        }
        for stage in 1..<max(s, 1) {
            let target = (isFSAL && stage == s - 1) ? yNew : yStage
            let start = rowStart[stage]
            StepKernels.stageInput(into: target, y: y, hExpanded: hx, stages: k, stageIndex: termStages + start,
                                   coefficients: termCoefficients + start, terms: rowCount[stage], width: width)
            let cs = c[stage]
            for lane in 0..<lanes { tStage[lane] = t[lane] + cs * hStep[lane] }
            statistics.evaluate(&system, t: tStage, y: target, into: k + stage * width, laneCount: lanes,
                                lanesAtWork: activeLanes)
        }
        if !isFSAL {
            let start = rowStart[tab.bRow]
            StepKernels.stageInput(into: yNew, y: y, hExpanded: hx, stages: k, stageIndex: termStages + start,
                                   coefficients: termCoefficients + start, terms: rowCount[tab.bRow], width: width)
        }
        // Before yStage is reused for the error: the last two stages' inputs and derivatives.
        if let monitor, isFSAL, s >= 2 {
            monitor.measure(lastInput: yNew, lastDerivative: k + (s - 1) * width,
                            previousInput: yStage, previousDerivative: k + (s - 2) * width,
                            stateCount: n, laneCount: lanes)
        }
        let start = rowStart[tab.errorRow]
        StepKernels.weightedSum(into: yStage, width: width, stages: k, stageIndex: termStages + start,
                                coefficients: termCoefficients + start, terms: rowCount[tab.errorRow])
        StepKernels.squaredErrors(
            into: ws.errSq, error: yStage, y0: y, y1: yNew, h: hStep,
            absoluteTolerance: tolerances.absolute, relativeTolerance: tolerances.relative,
            stateCount: n, laneCount: lanes)
    }

    func interpolate(lane: Int, theta: Double, h: Double, workspace ws: borrowing LaneWorkspace) {
        StepKernels.denseOutput(
            lane: lane, theta: theta, h: h, y: ws.y, stages: ws.k,
            coefficients: tab.dense, stageCount: tab.stageCount, degree: tab.denseDegree,
            weights: ws.weights, stateCount: ws.stateCount, laneCount: ws.laneCount, into: ws.output)
    }

    mutating func laneAccepted(_ lane: Int, step h: Double, workspace ws: borrowing LaneWorkspace) -> Bool {
        if tab.isFSAL {
            StepKernels.copyLane(lane, from: ws.stage(tab.stageCount - 1), to: ws.k,
                                 stateCount: ws.stateCount, laneCount: ws.laneCount)
        }
        return monitor?.acceptedStepIsStiff(lane: lane, step: h) ?? false
    }
}
