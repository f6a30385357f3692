import Inference

/// Settings of the SMC sampler: a value made of smaller values, encoded
/// whole (by `Codable`) into every run's `summary.json`. Every default is
/// stated here; the command line reads its defaults from this value.
public struct SMCSettings: Sendable, Codable, Hashable {
    /// How many particles, in how many independent replicates.
    public var population = Population()
    /// How β advances and how particles are resampled.
    public var tempering = Tempering()
    /// The Metropolis moves after each resampling.
    public var moves = Moves()
    /// The importance-sampling estimate from the final particles.
    public var finalImportance = FinalImportance()
    /// When an estimate is reliable (decorrelation, replicate agreement, ESS and Pareto k̂).
    public var reliability = ReliabilityRules()

    public init() {}

    /// The particle budget.
    public struct Population: Sendable, Codable, Hashable {
        /// N, the particles of each replicate (at least max(2d, 10)).
        public var particles = 1000
        /// R, independent SMC runs (each with N particles and its own random
        /// stream). Their evidences are pooled as log mean Ẑ_r, with the
        /// between-replicate standard error sd(log Ẑ_r)/√R, which stays
        /// honest when a run's genealogy collapses; their agreement is a
        /// reliability rule. R = 1 falls back to the single-run
        /// Lee–Whiteley error. Cost R × a single run.
        public var replicates = 4
        public init() {}
    }

    /// Adaptive tempering and resampling.
    public struct Tempering: Sendable, Codable, Hashable {
        /// Target ESS of each stage's incremental weights as a fraction of
        /// the particles with finite log L; sets the next β by bisection.
        public var essFraction = 0.5
        /// Multinomial: the scheme under which the Lee–Whiteley estimator is unbiased.
        public var resampling = ResamplingScheme.multinomial
        public init() {}
    }

    /// The moves of each stage: sweeps alternate between an independent
    /// Metropolis–Hastings proposal from a mixture of Student t's fitted to
    /// the weighted particles (PyMC's `sample_smc` kernel, with a mixture that
    /// follows several modes and heavier tails) and a
    /// random walk with the particles' covariance; they continue until every
    /// coordinate's correlation with the resampled ancestors is at most
    /// `maxCorrelation`.
    public struct Moves: Sendable, Codable, Hashable {
        /// Minimum sweeps per stage (each is one batch of N evaluations).
        public var minSteps = 2
        /// Maximum sweeps per stage.
        public var maxSteps = 60
        /// Stop sweeping once the largest per-coordinate correlation between
        /// resampled and moved positions is at most this.
        public var maxCorrelation = 0.1
        /// Acceptance rate the random walk's scale is adapted toward.
        public var targetAcceptance = 0.25
        /// The independent proposal: a Student t with this many degrees of
        /// freedom (nil: no independent proposal, random walk only).
        public var independentDegreesOfFreedom: Int? = 5
        /// Each t's scale is its component's covariance times this² (≥ 1).
        public var independentInflation = 1.2
        /// The most components of the Gaussian mixture fitted to the
        /// particles (chosen by BIC) that shapes the independent proposal.
        public var maxMixtureComponents = 6
        public init() {}
    }

    /// Importance sampling at β = 1 with fresh draws from a mixture of t's
    /// fitted to each replicate's final particles (as the moves' proposal is
    /// fitted at every stage), every draw weighted against the mixture of all
    /// replicates' proposals (``FinalDraws``). Unlike the tempering product it
    /// does not depend on the particles having tracked every intermediate
    /// distribution, and its weights show (ESS, Pareto k̂) whether it can be
    /// trusted; when they pass it is the headline estimate, otherwise it is
    /// the check that the product must agree with.
    public struct FinalImportance: Sendable, Codable, Hashable {
        /// Fresh draws per replicate (0: none).
        public var draws = 1000
        /// The share of each proposal's mass spread equally over its
        /// components (``IndependentProposal``): a mode that few final
        /// particles hold still gets draws.
        public var balance = 0.5
        public init() {}
    }

    /// Every setting outside the range the sampler can use (empty if none).
    public func problems() -> [SettingProblem] {
        var out: [SettingProblem] = []
        SettingProblem.check(population.particles, .atLeast(10), "population.particles", into: &out)
        SettingProblem.check(population.replicates, .atLeast(1), "population.replicates", into: &out)
        SettingProblem.check(tempering.essFraction, .between(0, 1), "tempering.ess_fraction", into: &out)
        SettingProblem.check(moves.minSteps, .atLeast(1), "moves.min_steps", into: &out)
        SettingProblem.check(moves.maxSteps, .atLeast(Double(moves.minSteps)), "moves.max_steps", into: &out)
        SettingProblem.check(moves.maxCorrelation, .within(0, 1), "moves.max_correlation", into: &out)
        SettingProblem.check(moves.targetAcceptance, .between(0, 1), "moves.target_acceptance", into: &out)
        if let nu = moves.independentDegreesOfFreedom {
            SettingProblem.check(nu, .atLeast(1), "moves.independent_degrees_of_freedom", into: &out)
        }
        SettingProblem.check(moves.independentInflation, .atLeast(1), "moves.independent_inflation", into: &out)
        SettingProblem.check(finalImportance.draws, .atLeast(0), "final_importance.draws", into: &out)
        SettingProblem.check(finalImportance.balance, .within(0, 1), "final_importance.balance", into: &out)
        SettingProblem.check(moves.maxMixtureComponents, .atLeast(1), "moves.max_mixture_components", into: &out)
        return out
    }
}
