/// Errors of the normalizing-flow layer: bad shapes, non-finite data, bad
/// weights or options. Every public entry point of `Flow/` validates its input
/// and throws one of these instead of propagating NaN or trapping.
public enum FlowError: Error, Sendable, Equatable {
    /// A constructor or option was given an out-of-range value (message says which).
    case invalidConfiguration(String)
    /// A matrix had `actual` columns where the flow's dimension `expected` was required.
    case dimensionMismatch(expected: Int, actual: Int)
    /// Two inputs disagree in size, e.g. `rows × columns != storage.count`
    /// or `weights.count != x.rows`.
    case sizeMismatch(expected: Int, actual: Int)
    /// An input coordinate was NaN or infinite.
    case nonFiniteInput(row: Int, column: Int)
    /// A training weight was negative, NaN or infinite.
    case invalidWeight(index: Int)
    /// All training weights were zero.
    case zeroTotalWeight
    /// Training produced a non-finite loss or gradient at `step`; the flow keeps
    /// the parameters of the last finite step.
    case nonFiniteGradient(step: Int)
    /// A permutation was not a rearrangement of `0..<dimension`.
    case invalidPermutation
}

extension FlowError: CustomStringConvertible {
    /// In the user's words: what went wrong in the flow, and what to try.
    public var description: String {
        switch self {
        case .invalidConfiguration(let message): return "invalid flow configuration: \(message)"
        case let .dimensionMismatch(expected, actual):
            return "the flow works in \(expected) dimensions but was given points with \(actual) coordinates"
        case let .sizeMismatch(expected, actual): return "expected \(expected) values but got \(actual)"
        case let .nonFiniteInput(row, column):
            return "a point handed to the flow is not finite (row \(row + 1), coordinate \(column + 1)): "
                + "a prior whose transform overflows, or a proposal that escaped to infinity; "
                + "check the priors with `flowcli check`"
        case .invalidWeight(let index): return "training weight \(index + 1) is negative or not finite"
        case .zeroTotalWeight:
            return "every training weight is zero: no draw had a finite likelihood; "
                + "check the model with `flowcli loglik` at plausible parameters"
        case .nonFiniteGradient(let step):
            return "flow training diverged at step \(step) (non-finite loss or gradient); try a smaller learning rate"
        case .invalidPermutation: return "a flow permutation is not a rearrangement of the coordinates"
        }
    }
}
