/// Settings of the ESS-annealed flow sampler. Every default is stated here,
/// shown by `flowcli fit --help` and written to `summary.json`.
public struct AnnealingSettings: Sendable, Codable, Hashable {
    /// Which algorithm runs.
    public enum Variant: String, Sendable, Codable, Hashable, CaseIterable {
        /// The paper's loop: draw, pool with mixture weights, bisect β on the
        /// pooled ESS, train on the pool. Nothing else.
        case paper
        /// The paper's loop plus what the repressilator needs: β advances only
        /// when fresh draws show the flow covers the current target, a broad
        /// defensive mixture component, and several independent populations
        /// merged by multiple importance sampling.
        case robust
    }

    public var variant: Variant = .robust
    /// false: no annealing — the flow is trained on weights at β = 1 from the
    /// first stage on (the baseline that annealing is meant to beat).
    public var anneal = true
    /// N: flow draws (likelihood evaluations) per stage.
    public var samplesPerStage = 2000
    /// n*: the ESS fraction the next β is chosen to keep.
    public var essThreshold = 0.5
    /// Robust variant: β only advances when the flow's fresh draws reach this
    /// ESS fraction at the current β (the flow covers the current target).
    public var coverageThreshold = 0.1
    /// How many recent stages stay in the pool.
    public var poolStages = 6
    /// Flow shape.
    public var layers = 8
    public var hidden = 64
    public var hiddenLayers = 2
    /// Adam steps per stage, minibatch size and learning rate.
    public var trainingSteps = 200
    public var batchSize = 256
    public var learningRate = 1e-3
    /// Stop once the log-evidence standard error is below this (nats), at β = 1.
    public var evidenceTolerance = 0.05
    /// Stages at β = 1 before convergence may be declared (the batch-means error needs several).
    public var minimumPosteriorStages = 4
    /// Hard cap on stages per population.
    public var maxStages = 400
    /// Fraction ε of each stage's draws from the defensive wide Gaussian (robust variant).
    public var defensiveFraction = 0.1
    /// Inflation of the defensive Gaussian's standard deviations.
    public var defensiveInflation = 2.0
    /// Search for modes by multi-start local optimisation after the first
    /// stage and add a Laplace component per mode to the proposal (robust variant).
    public var modeSearch = true
    public var modeSearchSettings = ModeSearchSettings()
    /// Fraction of each stage's draws shared by the mode components.
    public var modeFraction = 0.3
    /// Give every found mode a flow of its own.
    public var modeFlows = true
    /// Mode flows draw from a base N(0, s² I) with this s (see ``FlowProposal/baseScale``).
    public var modeFlowWidening = 1.5
    /// Shape of the mode flows (each fits one basin).
    public var modeFlowLayers = 4
    public var modeFlowHidden = 32
    /// At β = 1, the global flow stops training once the modes' clusters hold this share of the weight.
    public var modeDominance = 0.95
    /// At most this many modes are kept (the best by log posterior density).
    public var maximumModes = 12
    /// A pool point belongs to a mode's cluster if its Mahalanobis distance in
    /// that mode's component is below modeRadius·√d.
    public var modeRadius = Double.infinity
    /// A mode flow is trained only when its cluster holds this share of the weight.
    public var minimumModeShare = 0.01
    /// A mode's Student-t component is re-fitted to its cluster's weighted
    /// samples once the cluster holds this share of the weight.
    public var adaptationShare = 0.05
    /// … and its cluster's weights have an ESS of at least this many per dimension.
    public var adaptationESSPerDimension = 1.0
    /// Stages the coverage gate may hold β back before β advances anyway.
    public var coverageStages = 3
    /// Inflation of the mode components' scales.
    public var modeInflation = 2.0
    /// Degrees of freedom of the mode components (multivariate t).
    public var modeDegreesOfFreedom = 4
    /// Independent annealing populations merged at the end (robust variant).
    public var populations = 1
    /// An estimate whose ESS is below this many samples is flagged unreliable.
    public var minimumReliableESS = 50.0
    /// An estimate whose weights have a Pareto k̂ at or above this is flagged
    /// unreliable, and the run does not count as converged (Vehtari et al.'s threshold).
    public var maximumParetoK = 0.7

    public init() {}

    /// Checks ranges; returns a message per problem.
    public func problems() -> [String] {
        var out: [String] = []
        if samplesPerStage < 10 { out.append("samples per stage must be at least 10 (got \(samplesPerStage))") }
        if !(essThreshold > 0 && essThreshold < 1) { out.append("ESS threshold must be in (0, 1) (got \(essThreshold))") }
        if poolStages < 1 { out.append("pool must keep at least 1 stage (got \(poolStages))") }
        if layers < 1 { out.append("layers must be at least 1 (got \(layers))") }
        if hidden < 1 { out.append("hidden width must be at least 1 (got \(hidden))") }
        if trainingSteps < 0 { out.append("training steps must be non-negative") }
        if batchSize < 1 { out.append("batch size must be at least 1") }
        if !(learningRate > 0) { out.append("learning rate must be positive") }
        if !(evidenceTolerance > 0) { out.append("evidence tolerance must be positive") }
        if !(defensiveFraction >= 0 && defensiveFraction < 1) { out.append("defensive fraction must be in [0, 1)") }
        if !(defensiveInflation >= 1) { out.append("defensive inflation must be ≥ 1") }
        if populations < 1 { out.append("populations must be at least 1") }
        if !(modeFraction >= 0 && modeFraction + defensiveFraction < 0.9) { out.append("mode fraction must be ≥ 0 and leave the flow at least 10% of the draws") }
        if modeSearchSettings.starts < 1 { out.append("mode search needs at least 1 start") }
        return out
    }

    /// The settings as a list for summaries.
    public var asSettings: [Setting] {
        [
            Setting("variant", .string(variant.rawValue)),
            Setting("anneal", .bool(anneal)),
            Setting("samples_per_stage", .int(samplesPerStage)),
            Setting("ess_threshold", .double(essThreshold)),
            Setting("coverage_threshold", .double(coverageThreshold)),
            Setting("pool_stages", .int(poolStages)),
            Setting("layers", .int(layers)),
            Setting("hidden", .int(hidden)),
            Setting("hidden_layers", .int(hiddenLayers)),
            Setting("training_steps", .int(trainingSteps)),
            Setting("batch_size", .int(batchSize)),
            Setting("learning_rate", .double(learningRate)),
            Setting("evidence_tolerance", .double(evidenceTolerance)),
            Setting("minimum_posterior_stages", .int(minimumPosteriorStages)),
            Setting("maximum_pareto_k", .double(maximumParetoK)),
            Setting("minimum_reliable_ess", .double(minimumReliableESS)),
            Setting("max_stages", .int(maxStages)),
            Setting("defensive_fraction", .double(defensiveFraction)),
            Setting("defensive_inflation", .double(defensiveInflation)),
            Setting("populations", .int(populations)),
            Setting("mode_search", .bool(modeSearch)),
            Setting("mode_search_starts", .int(modeSearchSettings.starts)),
            Setting("mode_fraction", .double(modeFraction)),
            Setting("adaptation_ess_per_dimension", .double(adaptationESSPerDimension)),
        ]
    }
}
