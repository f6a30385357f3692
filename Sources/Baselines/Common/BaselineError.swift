import Inference

/// Why a baseline sampler refuses to run: invalid configuration only.
///
/// Running out of budget is never an error; it is reported in the result's
/// ``RunStatus``.
public enum BaselineError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The affine-invariant ensemble needs at least `needed` walkers
    /// (max(2·d, 4)) for a `dimension`-parameter posterior.
    case tooFewWalkers(walkers: Int, dimension: Int, needed: Int)
    /// SMC needs at least `needed` particles (max(2·d, 10)).
    case tooFewParticles(particles: Int, dimension: Int, needed: Int)
    /// The posterior has no free parameters: there is nothing to sample.
    case noParameters
    /// A setting is outside its valid range; `requirement` says what is allowed.
    case invalidSetting(name: String, value: String, requirement: String)
    /// Settings outside their valid ranges (every problem found).
    case invalidSettings([SettingProblem])

    public var description: String {
        switch self {
        case let .tooFewWalkers(walkers, dimension, needed):
            return "the ensemble sampler needs at least \(needed) walkers (≥ 2 × \(dimension) parameters, and ≥ 4) "
                + "but was given \(walkers); set walkers to \(needed) or more"
        case let .tooFewParticles(particles, dimension, needed):
            return "SMC needs at least \(needed) particles (≥ 2 × \(dimension) parameters, and ≥ 10) "
                + "but was given \(particles)"
        case .noParameters:
            return "the posterior has no free parameters: nothing to sample"
        case let .invalidSetting(name, value, requirement):
            return "invalid setting \(name) = \(value): \(requirement)"
        case let .invalidSettings(problems):
            return problems.map(\.description).joined(separator: "; ")
        }
    }
}
