/// One Rosenbrock step (``RosenbrockTableau``) over all lanes.
///
/// Per attempt, for every lane at once: `f(t, y)`, the Jacobian and `∂f/∂t`
/// (``BatchJacobianSystem``), the matrix `M = I/(hγ) − J` and its LU
/// factors (``LaneLU``), then for each stage `i` the input
/// `u_i = y + Σ a_ij k_j`, one `evaluate` call, the right-hand side
/// `f(t + c_i h, u_i) + (1/h) Σ C_ij k_j + h d_i f_t` and one solve. When
/// no lane has started or accepted a step since the last attempt (every
/// active lane was rejected: with one lane, after every rejection), every
/// lane is at the same `(t, y)` as then, so `f(t, y)`, the Jacobian and
/// `∂f/∂t` are kept rather than evaluated again to the same values; only
/// `M` and its factors change with `h`. A lane's arithmetic never depends on
/// its neighbours either way.
///
/// A non-finite Jacobian entry (e.g. `xⁿ` with `n < 1` at `x = 0`) is
/// replaced by 0 in `M`: the step is still a consistent linearly implicit
/// step whose error the estimate controls. A singular `M` yields
/// non-finite stages and the step is rejected as non-finite.
///
/// Cost per attempt and lane: `s` right-hand-side evaluations, one Jacobian,
/// `n³/3 + s·n²` multiply–adds for the factorisation and solves, and about
/// `s²` passes over the `n` state values for the stage combinations.
struct RosenbrockStepper<System: BatchJacobianSystem>: LaneStepper, ~Copyable {
    let tab: RosenbrockCoefficients
    let rw: RosenbrockWorkspace
    let initialStepOrder: Int
    /// Whether `f(t, y)`, the Jacobian and `∂f/∂t` in ``rw`` are those of
    /// every lane's current point: no lane started or accepted a step since
    /// they were evaluated.
    private var pointIsEvaluated = false

    init(tableau: consuming RosenbrockCoefficients, workspace: consuming RosenbrockWorkspace, order: Int) {
        tab = tableau
        rw = workspace
        initialStepOrder = order
    }

    mutating func laneStarted(_ lane: Int, derivative: UnsafeMutablePointer<Double>, workspace ws: borrowing LaneWorkspace) {
        pointIsEvaluated = false
    }

    mutating func laneAccepted(_ lane: Int, step h: Double, workspace ws: borrowing LaneWorkspace) -> Bool {
        pointIsEvaluated = false
        return false
    }

    mutating func attempt(
        workspace ws: borrowing LaneWorkspace, system: inout System, activeLanes: Int,
        tolerances: ErrorTolerances, statistics: inout BatchSolveStatistics
    ) {
        let s = tab.stageCount
        let n = ws.stateCount, lanes = ws.laneCount, width = ws.width
        let y = ws.y, yNew = ws.yNew, yStage = ws.yStage, k = ws.k
        let t = ws.t, tStage = ws.tStage, hStep = ws.hStep
        let f0 = rw.derivative, f = rw.stageDerivative, sum = rw.sum, ft = rw.timeDerivative
        let hx = ws.hExpanded, inverseHx = rw.inverseStepExpanded
        let terms = tab.termStages, coefficients = tab.termCoefficients
        let rowStart = tab.rowStart, rowCount = tab.rowCount

        // Lanes without a step get h = 1 so that their (ignored) values stay finite.
        let h = rw.laneScratch
        for lane in 0..<lanes { h[lane] = hStep[lane] > 0 ? hStep[lane] : 1 }
        StepKernels.expand(h, into: hx, stateCount: n, laneCount: lanes)
        for i in 0..<width { inverseHx[i] = 1 / hx[i] }

        // f(t, y), J, ∂f/∂t, and the factors of M = I/(hγ) − J.
        if !pointIsEvaluated {
            let calls = 1 + system.evaluateWithJacobian(t: t, y: y, dydt: f0, jacobian: rw.jacobian,
                                                        timeDerivative: ft, laneCount: lanes)
            statistics.jacobianEvaluations += 1
            statistics.evaluateCalls += calls
            statistics.rhsEvaluations += calls * activeLanes
            pointIsEvaluated = true
        }
        formMatrix(h: h, n: n, lanes: lanes)
        LaneLU.factor(rw.matrix, pivots: rw.pivots, pattern: rw.pattern, scratch: rw.pivotScratch, n: n, laneCount: lanes)
        statistics.factorizations += activeLanes

        for stage in 0..<s {
            let stageK = k + stage * width
            var derivative = f0
            if stage > 0 {
                let start = rowStart[tab.aRow(stage)]
                StepKernels.stageInput(into: yStage, y: y, hExpanded: rw.unitExpanded, stages: k,
                                       stageIndex: terms + start, coefficients: coefficients + start,
                                       terms: rowCount[tab.aRow(stage)], width: width)
                let cs = tab.c[stage]
                for lane in 0..<lanes { tStage[lane] = t[lane] + cs * hStep[lane] }
                statistics.evaluate(&system, t: tStage, y: yStage, into: f, laneCount: lanes, lanesAtWork: activeLanes)
                derivative = f
            }
            // k_i = f_i + (1/h)·Σ C_ij k_j + (h d_i)·f_t, then M k_i = that.
            let start = rowStart[tab.cRow(stage)], count = rowCount[tab.cRow(stage)]
            let di = tab.d[stage]
            if count > 0 {
                StepKernels.weightedSum(into: sum, width: width, stages: k, stageIndex: terms + start,
                                        coefficients: coefficients + start, terms: count)
                if di != 0 {
                    for i in 0..<width { stageK[i] = derivative[i] + inverseHx[i] * sum[i] + di * hx[i] * ft[i] }
                } else {
                    for i in 0..<width { stageK[i] = derivative[i] + inverseHx[i] * sum[i] }
                }
            } else if di != 0 {
                for i in 0..<width { stageK[i] = derivative[i] + di * hx[i] * ft[i] }
            } else {
                stageK.update(from: derivative, count: width)
            }
            LaneLU.solve(rw.matrix, pivots: rw.pivots, pattern: rw.pattern, stageK, n: n, laneCount: lanes)
        }

        let bStart = rowStart[tab.bRow]
        StepKernels.stageInput(into: yNew, y: y, hExpanded: rw.unitExpanded, stages: k, stageIndex: terms + bStart,
                               coefficients: coefficients + bStart, terms: rowCount[tab.bRow], width: width)
        let eStart = rowStart[tab.errorRow]
        StepKernels.weightedSum(into: yStage, width: width, stages: k, stageIndex: terms + eStart,
                                coefficients: coefficients + eStart, terms: rowCount[tab.errorRow])
        StepKernels.squaredErrors(
            into: ws.errSq, error: yStage, y0: y, y1: yNew, h: rw.unitLanes,
            absoluteTolerance: tolerances.absolute, relativeTolerance: tolerances.relative,
            stateCount: n, laneCount: lanes)
    }

    /// `M = I/(hγ) − J` per lane, non-finite Jacobian entries read as 0.
    private func formMatrix(h: UnsafeMutablePointer<Double>, n: Int, lanes: Int) {
        let diagonal = rw.pivotScratch
        for lane in 0..<lanes { diagonal[lane] = 1 / (h[lane] * tab.gamma) }
        // −J over the whole matrix in one flat loop, then the diagonal added
        // (1/(hγ) + (−J_ii) is 1/(hγ) − J_ii exactly).
        let jac = rw.jacobian, m = rw.matrix
        for e in 0..<(n * n * lanes) {
            let v = jac[e]
            m[e] = -(v.isFinite ? v : 0)
        }
        for i in 0..<n {
            let d = m + (i * n + i) * lanes
            for lane in 0..<lanes { d[lane] = diagonal[lane] + d[lane] }
        }
    }

    /// `y(t₀ + θh) = (1 − θ) y₀ + θ y₁ + θ(1 − θ) Σ_r θ^r Σ_j H_rj k_j`.
    func interpolate(lane: Int, theta: Double, h: Double, workspace ws: borrowing LaneWorkspace) {
        let s = tab.stageCount, n = ws.stateCount, lanes = ws.laneCount, width = ws.width
        let weights = ws.weights
        weights.update(repeating: 0, count: s)
        let bubble = theta * (1 - theta)
        var power = bubble
        for r in 0..<tab.denseRows {
            let start = tab.rowStart[tab.denseRow(r)]
            for term in start..<(start + tab.rowCount[tab.denseRow(r)]) {
                weights[tab.termStages[term]] += power * tab.termCoefficients[term]
            }
            power *= theta
        }
        for i in 0..<n {
            let index = i * lanes + lane
            var sum = (1 - theta) * ws.y[index] + theta * ws.yNew[index]
            for j in 0..<s where weights[j] != 0 { sum += weights[j] * ws.k[j * width + index] }
            ws.output[i] = sum
        }
    }
}
