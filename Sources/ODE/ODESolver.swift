/// Batched integration with the method of `options.method` (``SolverChoice``):
/// the entry point the likelihood and the command-line tool use.
///
/// - ``SolverChoice/dopri5``: ``BatchSolver`` with Dormand–Prince 5(4).
/// - ``SolverChoice/rodas4``, ``SolverChoice/rodas5p``: ``RosenbrockSolver``.
/// - ``SolverChoice/auto``: first ``BatchSolver`` over all problems with
///   ``StiffnessMonitor`` watching every lane; problems it declares stiff
///   leave that run mid-way and are then solved, from where they were, by
///   ``RosenbrockSolver`` with ``SolverChoice/autoStiffMethod``, batched
///   together. Outputs before the switch come from the explicit method,
///   later ones from the stiff one; each problem still gets exactly one
///   outcome, with its steps counted over both methods, and the step budget
///   `maxSteps` is shared. A problem on which the test never fires is
///   integrated bit for bit as with `dopri5`. Once stiff, a problem stays
///   with the stiff method (switching back would rarely pay for a test).
///
/// Why per problem and mid-solve rather than once per model: in a fit the
/// same model is stiff for some parameter vectors and not for others (a
/// degradation rate drawn from a wide prior), and a stiff problem is
/// recognised within about 15 explicit steps, so a wrong choice costs little
/// and no probe solve is needed.
///
/// The stiff method uses the system's own Jacobian when it is a
/// ``BatchJacobianSystem`` (the overloads are chosen at compile time), and
/// finite differences otherwise.
public struct ODESolver: Sendable {
    public var options: SolverOptions
    /// Number of lanes advanced together (the batch width of `evaluate`).
    public var laneCount: Int

    public init(options: SolverOptions = .init(), laneCount: Int = 8) {
        self.options = options
        self.laneCount = laneCount
    }

    /// The explicit solver this choice starts with (Dormand–Prince 5(4)).
    var explicitSolver: BatchSolver { BatchSolver(options: options, laneCount: laneCount) }

    /// The stiff solver of this choice (``SolverChoice/autoStiffMethod`` for `auto`).
    var stiffSolver: RosenbrockSolver {
        let tableau = options.method.rosenbrockTableau ?? SolverChoice.autoStiffMethod.rosenbrockTableau ?? .rodas5P
        return RosenbrockSolver(options: options, laneCount: laneCount, tableau: tableau)
    }

    /// Integrates problems `problems` from `startTime` to the last of
    /// `outputTimes` (see ``BatchSolver/solve(system:problems:startTime:outputTimes:observer:)``
    /// for the contract), with the system's own Jacobian for the stiff method.
    public func solve<System: BatchJacobianSystem, Observer: BatchSolveObserver>(
        system: inout System, problems: Range<Int>, startTime: Double, outputTimes: [Double], observer: inout Observer
    ) throws(SolverConfigurationError) -> BatchSolveStatistics {
        switch options.method {
        case .dopri5:
            return try explicitSolver.solve(system: &system, problems: problems, startTime: startTime,
                                            outputTimes: outputTimes, observer: &observer)
        case .rodas4, .rodas5p:
            return try stiffSolver.solve(system: &system, problems: problems, startTime: startTime,
                                         outputTimes: outputTimes, observer: &observer)
        case .auto:
            let stiff = stiffSolver
            try stiff.validate(stateCount: system.stateCount, startTime: startTime, outputTimes: outputTimes)
            if problems.isEmpty { return BatchSolveStatistics() }
            var (statistics, handoffs) = explicitSolver.run(
                system: &system, problems: problems, startTime: startTime, outputTimes: outputTimes,
                observer: &observer, detectStiffness: true)
            if !handoffs.isEmpty {
                statistics.merge(stiff.run(system: &system, problems: 0..<0, resuming: handoffs, startTime: startTime,
                                           outputTimes: outputTimes, observer: &observer))
            }
            return statistics
        }
    }

    /// The same for a system without a Jacobian: the stiff method differentiates
    /// it by finite differences (``FiniteDifferenceJacobian``).
    public func solve<System: BatchODESystem, Observer: BatchSolveObserver>(
        system: inout System, problems: Range<Int>, startTime: Double, outputTimes: [Double], observer: inout Observer
    ) throws(SolverConfigurationError) -> BatchSolveStatistics {
        if options.method == .dopri5 {
            return try explicitSolver.solve(system: &system, problems: problems, startTime: startTime,
                                            outputTimes: outputTimes, observer: &observer)
        }
        var wrapped = FiniteDifferenceJacobian(consume system)
        defer { system = wrapped.base }
        return try solve(system: &wrapped, problems: problems, startTime: startTime, outputTimes: outputTimes,
                         observer: &observer)
    }
}
