/// Adaptive explicit Runge–Kutta integration of many independent problems
/// through one ``BatchODESystem``, `laneCount` at a time.
///
/// Each lane carries one problem with its own time, step size and PI error
/// control (``PIController``). Every iteration all busy lanes attempt one step
/// together: each stage is a single `system.evaluate` call over all lanes, and
/// the stage combinations, error norms and accept/reject decisions run per
/// lane in structure-of-arrays loops (lanes innermost, so they vectorise).
/// When a lane's problem finishes, fails or is stopped by the observer, the
/// lane is refilled with the next problem of the range (`system.load`).
///
/// **Error control.** A step with error vector `err = h Σ e_i k_i` is accepted
/// when `‖err‖ = sqrt(mean_i (err_i / (atol + rtol·max(|y_i|, |y₁_i|)))²) ≤ 1`.
/// The first step is chosen as in Hairer, Nørsett & Wanner I, II.4 (two
/// evaluations, one of them the FSAL stage) unless `options.initialStep` is
/// set; every step is capped by `options.maxStepSize`.
///
/// **Output.** States at `outputTimes` come from the tableau's dense output
/// inside accepted steps; steps are never shortened to hit them. Only the
/// final step is clipped to end exactly at the last output time, whose state
/// is the step's `y₁` itself. An output time equal to `startTime` records the
/// initial state.
///
/// **Failures** (per lane; other lanes are unaffected):
/// - ``SolveFailureReason/maxStepsReached`` before attempt `maxSteps + 1`;
/// - ``SolveFailureReason/stepSizeUnderflow`` when the proposed step is below
///   `4·ulp(t)` (or below the smallest normal double at `t = 0`), i.e. `t + h`
///   can no longer resolve the step, which happens near finite-time blow-up
///   or stiffness;
/// - ``SolveFailureReason/nonFiniteState`` when the initial state or its
///   derivative is NaN/∞, or when the step size underflows while the latest
///   rejection was caused by NaN/∞ trial values. A trial step with non-finite
///   stages or state is not fatal by itself: it is rejected and retried with
///   `h·minFactor`, since an over-long step may overflow where a shorter one
///   does not; only when no representable step avoids them is the solution
///   itself non-finite.
///
/// **Cost** per accepted step and lane: `s − 1` right-hand-side evaluations
/// (FSAL) plus about `(s²/2 + 3s)·n` multiply–adds; memory is allocated once
/// per call (a few KiB, on the stack when small).
///
/// **Determinism.** A lane's arithmetic does not depend on the lane count, on
/// which lane a problem lands in, or on its neighbours: batched results are
/// bitwise identical to solving each problem alone (for a deterministic system).
public struct BatchSolver: Sendable {
    public var options: SolverOptions
    public var tableau: ButcherTableau
    public var controller: PIController
    /// Number of lanes advanced together (the batch width of `evaluate`).
    /// 4–16 is typical; validated by `solve` (must be `≥ 1`).
    public var laneCount: Int

    /// A solver; the controller defaults to the standard PI controller for
    /// the tableau's embedded order.
    public init(
        options: SolverOptions = .init(),
        laneCount: Int = 8,
        tableau: ButcherTableau = .dormandPrince54,
        controller: PIController? = nil
    ) {
        self.options = options
        self.laneCount = laneCount
        self.tableau = tableau
        self.controller = controller ?? PIController(errorEstimatorOrder: tableau.embeddedOrder)
    }

    /// Integrates problems `problems` from `startTime` to the last of
    /// `outputTimes`, reporting each problem's outputs and outcome to `observer`.
    ///
    /// Calls to the observer for different problems interleave (lanes run
    /// side by side); for one problem they follow the order documented on
    /// ``BatchSolveObserver``. An empty range does nothing.
    ///
    /// - Parameters:
    ///   - outputTimes: non-decreasing, finite, `≥ startTime`; repeats are
    ///     recorded once per entry.
    /// - Returns: aggregate statistics of all problems.
    /// - Throws: ``SolverConfigurationError`` for invalid options, lane count,
    ///   state count or times, before any work is done.
    public func solve<System: BatchODESystem, Observer: BatchSolveObserver>(
        system: inout System,
        problems: Range<Int>,
        startTime: Double,
        outputTimes: [Double],
        observer: inout Observer
    ) throws(SolverConfigurationError) -> BatchSolveStatistics {
        try options.validate()
        guard laneCount >= 1 else { throw .invalidLaneCount(laneCount) }
        let n = system.stateCount
        guard n >= 1 else { throw .invalidStateCount(n) }
        try validateTimes(startTime: startTime, outputTimes: outputTimes)
        if problems.isEmpty { return BatchSolveStatistics() }

        return run(system: &system, problems: problems, startTime: startTime, outputTimes: outputTimes,
                   observer: &observer, detectStiffness: false).statistics
    }

    /// The solve after validation. With `detectStiffness`, problems that
    /// ``StiffnessMonitor`` declares stiff leave the run mid-way (no outcome
    /// is reported for them) and are returned as hand-offs; the arithmetic of
    /// every other problem is the same as without.
    func run<System: BatchODESystem, Observer: BatchSolveObserver>(
        system: inout System, problems: Range<Int>, startTime: Double, outputTimes: [Double],
        observer: inout Observer, detectStiffness: Bool
    ) -> (statistics: BatchSolveStatistics, handoffs: [StiffHandoff]) {
        let lanes = laneCount
        let n = system.stateCount
        let s = tableau.stageCount
        let workCount = LaneWorkspace.doubleCount(stateCount: n, laneCount: lanes, stageCount: s)
        let tableauCount = TableauCoefficients.doubleCount(tableau)
        let doubleCount = workCount + tableauCount + StiffnessMonitor.doubleCount(laneCount: lanes)
        let laneInts = LaneWorkspace.intCount(laneCount: lanes)
        let tableauInts = TableauCoefficients.intCount(tableau)
        let intCount = laneInts + tableauInts + StiffnessMonitor.intCount(laneCount: lanes)
        let order = min(tableau.order, tableau.embeddedOrder)
        return outputTimes.withUnsafeBufferPointer { times in
            withUnsafeTemporaryAllocation(of: Double.self, capacity: doubleCount) { doubles in
                withUnsafeTemporaryAllocation(of: Int.self, capacity: intCount) { ints in
                    // Capacities are positive, so the base addresses exist.
                    let d = doubles.baseAddress.unsafelyUnwrapped
                    let i = ints.baseAddress.unsafelyUnwrapped
                    let workspace = LaneWorkspace(doubles: d, ints: i, stateCount: n, laneCount: lanes, stageCount: s)
                    let coefficients = TableauCoefficients(tableau, doubles: d + workCount, ints: i + laneInts)
                    let monitor = detectStiffness ? StiffnessMonitor(
                        doubles: d + workCount + tableauCount, ints: i + laneInts + tableauInts, laneCount: lanes) : nil
                    let stepper = ExplicitStepper<System>(tableau: coefficients, order: order, monitor: monitor)
                    var run = LaneRun(
                        workspace: workspace, stepper: stepper, options: options, controller: controller,
                        problems: problems, startTime: startTime, outputTimes: times)
                    run.execute(system: &system, observer: &observer)
                    return (run.statistics, run.handoffs)
                }
            }
        }
    }
}
