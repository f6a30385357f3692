/// Adaptive Rosenbrock integration (``RosenbrockTableau``, Rodas5P by
/// default) of many independent stiff problems through one
/// ``BatchJacobianSystem``, `laneCount` at a time.
///
/// Everything but the step itself is shared with ``BatchSolver`` (lanes with
/// their own times and step sizes, refilling, error test, first step, output
/// by dense output inside accepted steps, typed failures, determinism): see
/// its documentation. The step is ``RosenbrockStepper``: per attempt one
/// Jacobian, one LU factorisation of `I/(hγ) − J` per lane (all lanes in one
/// vectorised pass) and `s` stages. Step sizes follow ``PIController`` for
/// the embedded order, with the growth factor capped at 6 (as in Hairer &
/// Wanner's RODAS), since a Rosenbrock step that grows tenfold is often
/// rejected.
///
/// Systems that do not supply a Jacobian are solved through
/// ``FiniteDifferenceJacobian`` (the overload for a plain ``BatchODESystem``).
public struct RosenbrockSolver: Sendable {
    public var options: SolverOptions
    public var tableau: RosenbrockTableau
    public var controller: PIController
    /// Number of lanes advanced together; validated by `solve` (must be `≥ 1`).
    public var laneCount: Int

    public init(
        options: SolverOptions = .init(), laneCount: Int = 8, tableau: RosenbrockTableau = .rodas5P,
        controller: PIController? = nil
    ) {
        self.options = options
        self.laneCount = laneCount
        self.tableau = tableau
        self.controller = controller ?? Self.defaultController(for: tableau)
    }

    /// ``PIController`` for the embedded order with factors in [0.2, 6].
    public static func defaultController(for tableau: RosenbrockTableau) -> PIController {
        var controller = PIController(errorEstimatorOrder: tableau.embeddedOrder)
        controller.maxFactor = 6
        return controller
    }

    /// Integrates problems `problems` from `startTime` to the last of
    /// `outputTimes` with the system's own Jacobian; see
    /// ``BatchSolver/solve(system:problems:startTime:outputTimes:observer:)``.
    public func solve<System: BatchJacobianSystem, Observer: BatchSolveObserver>(
        system: inout System, problems: Range<Int>, startTime: Double, outputTimes: [Double], observer: inout Observer
    ) throws(SolverConfigurationError) -> BatchSolveStatistics {
        try validate(stateCount: system.stateCount, startTime: startTime, outputTimes: outputTimes)
        if problems.isEmpty { return BatchSolveStatistics() }
        return run(system: &system, problems: problems, resuming: [], startTime: startTime,
                   outputTimes: outputTimes, observer: &observer)
    }

    /// The same with a finite-difference Jacobian (`n + 1` extra evaluations per step).
    public func solve<System: BatchODESystem, Observer: BatchSolveObserver>(
        system: inout System, problems: Range<Int>, startTime: Double, outputTimes: [Double], observer: inout Observer
    ) throws(SolverConfigurationError) -> BatchSolveStatistics {
        var wrapped = FiniteDifferenceJacobian(consume system)
        defer { system = wrapped.base }
        return try solve(system: &wrapped, problems: problems, startTime: startTime, outputTimes: outputTimes,
                         observer: &observer)
    }

    func validate(stateCount n: Int, startTime: Double, outputTimes: [Double]) throws(SolverConfigurationError) {
        try options.validate()
        guard laneCount >= 1 else { throw .invalidLaneCount(laneCount) }
        guard n >= 1 else { throw .invalidStateCount(n) }
        try validateTimes(startTime: startTime, outputTimes: outputTimes)
    }

    /// The solve after validation: fresh problems from `problems`, then (or
    /// only) the handed-off ones in `resuming`.
    func run<System: BatchJacobianSystem, Observer: BatchSolveObserver>(
        system: inout System, problems: Range<Int>, resuming: [StiffHandoff], startTime: Double,
        outputTimes: [Double], observer: inout Observer
    ) -> BatchSolveStatistics {
        let lanes = laneCount
        let n = system.stateCount
        let s = tableau.stageCount
        let workCount = LaneWorkspace.doubleCount(stateCount: n, laneCount: lanes, stageCount: s)
        let stiffCount = RosenbrockWorkspace.doubleCount(stateCount: n, laneCount: lanes)
        let doubleCount = workCount + stiffCount + RosenbrockCoefficients.doubleCount(tableau)
        let laneInts = LaneWorkspace.intCount(laneCount: lanes)
        let stiffInts = RosenbrockWorkspace.intCount(stateCount: n, laneCount: lanes)
        let intCount = laneInts + stiffInts + RosenbrockCoefficients.intCount(tableau)
        let order = min(tableau.order, tableau.embeddedOrder)
        return outputTimes.withUnsafeBufferPointer { times in
            withUnsafeTemporaryAllocation(of: Double.self, capacity: doubleCount) { doubles in
                withUnsafeTemporaryAllocation(of: Int.self, capacity: intCount) { ints in
                    let d = doubles.baseAddress.unsafelyUnwrapped
                    let i = ints.baseAddress.unsafelyUnwrapped
                    let workspace = LaneWorkspace(doubles: d, ints: i, stateCount: n, laneCount: lanes, stageCount: s)
                    let stiff = RosenbrockWorkspace(doubles: d + workCount, ints: i + laneInts, stateCount: n,
                                                    laneCount: lanes)
                    let coefficients = RosenbrockCoefficients(
                        tableau, doubles: d + workCount + stiffCount, ints: i + laneInts + stiffInts)
                    let stepper = RosenbrockStepper<System>(tableau: coefficients, workspace: stiff, order: order)
                    var run = LaneRun(
                        workspace: workspace, stepper: stepper, options: options, controller: controller,
                        problems: problems, resuming: resuming, startTime: startTime, outputTimes: times)
                    run.execute(system: &system, observer: &observer)
                    return run.statistics
                }
            }
        }
    }
}
