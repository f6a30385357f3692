/// The state machine of one batched solve: lanes move
/// `idle → starting → active → idle`, and each loop iteration is
/// *refill idle lanes → check limits → attempt one step on all active lanes →
/// accept/reject per lane*.
///
/// The method is the `Stepper` (explicit Runge–Kutta or Rosenbrock); the run
/// owns the lanes, the limits, the error test and step-size control, the
/// output and the failures, so every method shares them. Problems come from
/// a range (fresh starts) and, for the stiff half of an automatic solve, from
/// ``StiffHandoff`` records (resumed where the explicit method left them).
struct LaneRun<Stepper: LaneStepper & ~Copyable>: ~Copyable {
    let ws: LaneWorkspace
    var stepper: Stepper
    let controller: PIController
    let tolerances: ErrorTolerances
    let maxSteps: Int
    /// `options.maxStepSize ?? +∞`.
    let maxStepSize: Double
    let initialStep: Double?
    /// Order used by the automatic initial step, `h ∝ (0.01/‖f′‖)^(1/(q+1))`.
    let initialStepExponent: Double
    let startTime: Double
    let endTime: Double
    let outputTimes: UnsafeBufferPointer<Double>

    var nextProblem: Int
    let problemEnd: Int
    /// Problems to resume (the stiff half of an automatic solve).
    let resumeQueue: [StiffHandoff]
    var nextResume = 0
    /// Problems this run hands to a stiff method (when the stepper asks).
    var handoffs: [StiffHandoff] = []
    /// Lanes that are `starting` or `active`.
    var busyLanes = 0
    /// Lanes that are `active` in the current attempt.
    var activeLanes = 0
    var statistics = BatchSolveStatistics()

    init(workspace: consuming LaneWorkspace, stepper: consuming Stepper, options: SolverOptions,
         controller: PIController, problems: Range<Int>, resuming: [StiffHandoff] = [],
         startTime: Double, outputTimes: UnsafeBufferPointer<Double>) {
        ws = workspace
        self.controller = controller
        tolerances = ErrorTolerances(relative: options.relativeTolerance, absolute: options.absoluteTolerance)
        maxSteps = options.maxSteps
        maxStepSize = options.maxStepSize ?? .infinity
        initialStep = options.initialStep
        initialStepExponent = 1 / Double(stepper.initialStepOrder + 1)
        self.stepper = stepper
        self.startTime = startTime
        self.outputTimes = outputTimes
        endTime = outputTimes[outputTimes.count - 1]
        nextProblem = problems.lowerBound
        problemEnd = problems.upperBound
        resumeQueue = resuming
        for lane in 0..<ws.laneCount {
            ws.t[lane] = startTime
            ws.logErrorMemory[lane] = 0
        }
    }

    /// Whether problems remain to be loaded into lanes.
    var hasPendingProblems: Bool { nextProblem < problemEnd || nextResume < resumeQueue.count }

    /// Runs until every problem has finished (or been handed off).
    mutating func execute<Observer: BatchSolveObserver>(system: inout Stepper.System, observer: inout Observer) {
        while true {
            fillLanes(system: &system, observer: &observer)
            if busyLanes == 0 { return }
            guard prepareStep(observer: &observer) else { continue }
            stepper.attempt(workspace: ws, system: &system, activeLanes: activeLanes, tolerances: tolerances,
                            statistics: &statistics)
            concludeStep(observer: &observer)
        }
    }

    /// Sets each active lane's step `hStep` (0 for other lanes), failing lanes
    /// that ran out of attempts or whose step underflowed.
    ///
    /// - Returns: `false` when the iteration should go back to refilling
    ///   (a lane failed while problems remain, or no lane is active).
    mutating func prepareStep<Observer: BatchSolveObserver>(observer: inout Observer) -> Bool {
        var failedAny = false
        activeLanes = 0
        for lane in 0..<ws.laneCount {
            ws.hStep[lane] = 0
            guard ws.status[lane] == LaneWorkspace.active else { continue }
            if ws.attempts[lane] >= maxSteps {
                fail(lane: lane, reason: .maxStepsReached, observer: &observer)
                failedAny = true
                continue
            }
            let t = ws.t[lane]
            var h = min(ws.h[lane], maxStepSize)
            let hMin = max(4 * t.magnitude.ulp, Double.leastNormalMagnitude)
            guard h >= hMin else {
                let reason: SolveFailureReason = ws.nonFiniteReject[lane] != 0 ? .nonFiniteState : .stepSizeUnderflow
                fail(lane: lane, reason: reason, observer: &observer)
                failedAny = true
                continue
            }
            ws.lastStep[lane] = 0
            if t + 1.01 * h >= endTime {
                h = endTime - t
                ws.lastStep[lane] = 1
            }
            ws.hStep[lane] = h
            activeLanes += 1
        }
        if activeLanes == 0 { return false }
        return !(failedAny && hasPendingProblems)
    }

    /// Accepts or rejects each active lane's attempt and moves the lanes on.
    mutating func concludeStep<Observer: BatchSolveObserver>(observer: inout Observer) {
        let n = Double(ws.stateCount)
        for lane in 0..<ws.laneCount where ws.status[lane] == LaneWorkspace.active {
            let error = (ws.errSq[lane] / n).squareRoot()
            let h = ws.hStep[lane]
            ws.attempts[lane] += 1
            if error.isFinite && error <= 1 {
                accept(lane: lane, error: error, observer: &observer)
            } else {
                ws.rejected[lane] += 1
                statistics.rejectedSteps += 1
                ws.h[lane] = h * controller.rejectedFactor(error: error)
                ws.afterReject[lane] = 1
                ws.nonFiniteReject[lane] = error.isFinite ? 0 : 1
            }
        }
    }

    /// Records the outputs inside the accepted step of `lane`, then either
    /// finishes the problem or advances the lane to `t + h` with a new step
    /// size (or hands it to the stiff method, if the stepper asks).
    mutating func accept<Observer: BatchSolveObserver>(lane: Int, error: Double, observer: inout Observer) {
        let t0 = ws.t[lane]
        let h = ws.hStep[lane]
        let isLast = ws.lastStep[lane] != 0
        let t1 = isLast ? endTime : t0 + h
        ws.accepted[lane] += 1
        statistics.acceptedSteps += 1

        let problem = ws.problem[lane]
        var index = ws.nextOutput[lane]
        while index < outputTimes.count, outputTimes[index] <= t1 {
            let time = outputTimes[index]
            if time == t1 {
                StepKernels.gather(ws.yNew, lane: lane, stateCount: ws.stateCount, laneCount: ws.laneCount,
                                   into: ws.output)
            } else {
                stepper.interpolate(lane: lane, theta: (time - t0) / h, h: h, workspace: ws)
            }
            guard observer.record(problem: problem, timeIndex: index, time: time, state: ws.output) else {
                finish(lane: lane, outcome: .stoppedByObserver, observer: &observer)
                return
            }
            index += 1
        }
        ws.nextOutput[lane] = index
        if isLast {
            finish(lane: lane, outcome: .success(steps: ws.accepted[lane], rejected: ws.rejected[lane]),
                   observer: &observer)
            return
        }
        StepKernels.copyLane(lane, from: ws.yNew, to: ws.y, stateCount: ws.stateCount, laneCount: ws.laneCount)
        let stiff = stepper.laneAccepted(lane, step: h, workspace: ws)
        ws.t[lane] = t1
        let control = controller.acceptedStep(
            error: error, previousLogError: ws.logErrorMemory[lane], afterReject: ws.afterReject[lane] != 0)
        ws.logErrorMemory[lane] = control.logError
        ws.h[lane] = h * control.factor
        ws.afterReject[lane] = 0
        ws.nonFiniteReject[lane] = 0
        if stiff { handOff(lane: lane) }
    }
}
