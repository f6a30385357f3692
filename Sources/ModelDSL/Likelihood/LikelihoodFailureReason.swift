import ODE

/// Why a parameter vector's log-likelihood is −∞.
///
/// Every −∞ has exactly one reason (the first one met, in time order), so
/// failure counts add up to the number of −∞ values.
public enum LikelihoodFailureReason: String, Error, Sendable, Hashable, CaseIterable, Codable {
    /// The solver needed more than `maxSteps` step attempts.
    case maxStepsReached
    /// The solver's step size underflowed (stiff or singular problem).
    case stepSizeUnderflow
    /// The state or its derivative became NaN or infinite.
    case nonFiniteState
    /// An observable's prediction was NaN or infinite at a measurement.
    case nonFinitePrediction
    /// A noise sd was ≤ 0, NaN or infinite at a measurement.
    case invalidNoise
    /// A LogNormal observable's prediction was ≤ 0.
    case nonPositivePrediction
    /// Every input was valid but a density underflowed to 0 (a residual so
    /// large that `(r/sd)²` overflowed).
    case densityUnderflow
    /// The solver refused its configuration (cannot happen once
    /// ``ModelLikelihood`` has validated its inputs; kept so that no path is silent).
    case invalidSolverConfiguration
    /// Pre-equilibration did not reach a steady state: the solve under the
    /// pre-equilibration condition failed, or ran to its horizon without
    /// `‖dx/dt‖` becoming small (see ``SteadyStateObserver``).
    case steadyStateNotReached

    /// The reason for a solver failure.
    public init(_ reason: SolveFailureReason) {
        switch reason {
        case .maxStepsReached: self = .maxStepsReached
        case .stepSizeUnderflow: self = .stepSizeUnderflow
        case .nonFiniteState: self = .nonFiniteState
        }
    }

    /// Position in `allCases` (a compact code for per-point storage).
    var code: Int { Self.allCases.firstIndex(of: self) ?? 0 }
}

/// Counts of −∞ log-likelihoods by reason (a fixed-size table, not a dictionary).
public struct LikelihoodFailureCounts: Sendable, Hashable, Codable, CustomStringConvertible {
    private var counts = [Int](repeating: 0, count: LikelihoodFailureReason.allCases.count)

    public init() {}

    public subscript(reason: LikelihoodFailureReason) -> Int {
        get { counts[reason.code] }
        set { counts[reason.code] = newValue }
    }

    /// All −∞ values.
    public var total: Int { counts.reduce(0, +) }

    /// Adds `other`'s counts.
    public mutating func merge(_ other: LikelihoodFailureCounts) {
        for i in counts.indices { counts[i] += other.counts[i] }
    }

    /// E.g. `"nonFiniteState: 3, invalidNoise: 1"`, or `"none"`.
    public var description: String {
        let parts = LikelihoodFailureReason.allCases.filter { self[$0] > 0 }.map { "\($0.rawValue): \(self[$0])" }
        return parts.isEmpty ? "none" : parts.joined(separator: ", ")
    }
}

/// The log-likelihoods of a batch of parameter vectors.
public struct LikelihoodBatchResult: Sendable, Hashable {
    /// `log L` per point, in input order: finite, or exactly `-infinity` (never NaN).
    public var logLikelihoods: [Double]
    /// The reason for each `-infinity`, `nil` where finite.
    public var failureReasons: [LikelihoodFailureReason?]
    /// −∞ counts by reason.
    public var failures: LikelihoodFailureCounts
    /// The solver's aggregate statistics (steps, right-hand-side evaluations, outcomes).
    public var statistics: BatchSolveStatistics
}
