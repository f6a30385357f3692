import ODE

/// A batched ODE system whose problems are rows of a parameter table: the
/// likelihood binds a chunk of parameter vectors, then solves problems
/// `0..<rows`. The compiled model and the benchmark's hand-written systems conform.
public protocol ProblemBatchSystem: BatchODESystem, Sendable {
    /// Parameters per problem (the table's row length).
    var parameterCount: Int { get }
    /// The batch width the solver must be started with.
    var laneCount: Int { get }
    /// The time at which the initial values hold (set before a solve).
    var startTime: Double { get set }
    /// Binds (copies) the row-major `rows × parameterCount` table for the
    /// next solve: problem `i` of the solve is row `i`.
    mutating func setProblems(_ parameters: UnsafeBufferPointer<Double>)
}

/// A system without its own Jacobian, differentiated by finite differences,
/// takes its problems as the system it wraps.
extension FiniteDifferenceJacobian: ProblemBatchSystem where Base: ProblemBatchSystem {
    public var parameterCount: Int { base.parameterCount }
    public var laneCount: Int { base.laneCount }
    public var startTime: Double {
        get { base.startTime }
        set { base.startTime = newValue }
    }

    public mutating func setProblems(_ parameters: UnsafeBufferPointer<Double>) {
        base.setProblems(parameters)
    }
}
