import Inference

/// Settings of the tempered ensemble sampler: a value made of smaller
/// values, encoded whole (by `Codable`) into every run's `summary.json`.
/// Every default is stated here; the command line reads its defaults from
/// this value.
public struct EnsembleSettings: Sendable, Codable, Hashable {
    /// Walkers, steps, burn-in, thinning.
    public var chain = Chain()
    /// The inverse temperatures (default 16: β = 0 and 15 geometric values from 10⁻⁶ to 1).
    public var ladder = TemperatureLadder.standard
    /// The ensemble proposal.
    public var move = MoveChoice.stretch(scale: 2)
    /// The evidence errors' block bootstrap.
    public var bootstrap = Bootstrap()
    /// When an estimate is reliable (every rung longer than 50 τ, the
    /// estimate settled between the chain's halves).
    public var reliability = ReliabilityRules()

    public init() {}

    /// The chains.
    public struct Chain: Sendable, Codable, Hashable {
        /// Walkers per temperature; nil means max(32, 2d + 2). At least max(2d, 4).
        public var walkers: Int?
        /// Steps; each updates every walker of every temperature once.
        public var steps = 1000
        /// Fraction of the steps discarded as burn-in, in [0, 1).
        public var burnInFraction = 0.5
        /// Keep every `thin`-th step of the β = 1 chain as a posterior sample.
        public var thin = 1
        /// Steps between trace rows; nil means max(1, steps / 20).
        public var traceInterval: Int?
        public init() {}
    }

    /// The moving-block bootstrap of the evidence errors.
    public struct Bootstrap: Sendable, Codable, Hashable {
        /// Replicates.
        public var replicates = 200
        /// Block length in steps; nil means ⌈3 τ⌉, τ the largest integrated
        /// autocorrelation time of the per-step estimator summands.
        public var blockLength: Int?
        public init() {}
    }

    /// The proposal of the red/black ensemble update.
    public enum MoveChoice: Sendable, Codable, Hashable {
        /// Goodman–Weare stretch move with scale a > 1 (``StretchMove``).
        case stretch(scale: Double)
        /// Differential evolution with γ (nil: 2.38/√(2d)) and jitter σ ≥ 0 (``DifferentialEvolutionMove``).
        case differentialEvolution(gamma: Double?, jitter: Double)

        /// The move (the settings must be valid: see ``EnsembleSettings/problems()``).
        func make() throws(BaselineError) -> any EnsembleMove {
            switch self {
            case .stretch(let a): return try StretchMove(scale: a)
            case let .differentialEvolution(gamma, jitter): return try DifferentialEvolutionMove(gamma: gamma, jitter: jitter)
            }
        }
    }

    /// Walkers for a `dimension`-parameter posterior.
    public func walkerCount(dimension d: Int) -> Int { chain.walkers ?? max(32, 2 * d + 2) }

    /// Every setting outside the range the sampler can use (empty if none).
    public func problems() -> [SettingProblem] {
        var out: [SettingProblem] = []
        if let w = chain.walkers { SettingProblem.check(w, .atLeast(4), "chain.walkers", into: &out) }
        SettingProblem.check(chain.steps, .atLeast(1), "chain.steps", into: &out)
        SettingProblem.check(chain.burnInFraction, .from(0, below: 1), "chain.burn_in_fraction", into: &out)
        SettingProblem.check(chain.thin, .atLeast(1), "chain.thin", into: &out)
        if let t = chain.traceInterval { SettingProblem.check(t, .atLeast(1), "chain.trace_interval", into: &out) }
        SettingProblem.check(bootstrap.replicates, .atLeast(2), "bootstrap.replicates", into: &out)
        if let b = bootstrap.blockLength { SettingProblem.check(b, .atLeast(1), "bootstrap.block_length", into: &out) }
        if case let .geometric(count, minimumBeta) = ladder {
            SettingProblem.check(count, .atLeast(2), "ladder.count", into: &out)
            if count > 2 { SettingProblem.check(minimumBeta, .between(0, 1), "ladder.minimum_beta", into: &out) }
        }
        switch move {
        case .stretch(let a): SettingProblem.check(a, .greaterThan(1), "move.scale", into: &out)
        case let .differentialEvolution(gamma, jitter):
            if let g = gamma { SettingProblem.check(g, .greaterThan(0), "move.gamma", into: &out) }
            SettingProblem.check(jitter, .atLeast(0), "move.jitter", into: &out)
        }
        return out
    }
}
