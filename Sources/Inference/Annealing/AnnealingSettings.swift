/// Settings of the ESS-annealed flow sampler: a value made of smaller values,
/// encoded whole (by `Codable`) into every run's `summary.json`. Every default
/// is stated here and shown by `flowcli fit --help`.
///
/// `robust == nil` is the paper's loop (Wang, Chi & Dinner 2025): draw, pool
/// with mixture weights, bisect β on the pooled ESS, train on the pool —
/// nothing else. The robust options add what the paper's loop lacks on
/// multimodal ODE posteriors (``RobustOptions``).
public struct AnnealingSettings: Sendable, Codable, Hashable {
    /// The annealing schedule: draws per stage, the ESS rule, the pool.
    public var schedule = Schedule()
    /// Shape of the global flow.
    public var flow = FlowShape(layers: 8, hidden: 64, hiddenLayers: 2)
    /// How every flow is trained at each stage.
    public var training = FlowTraining()
    /// When a population stops and what counts as reliable.
    public var stopping = Stopping()
    /// The robust variant's additions; `nil` runs the paper's loop.
    public var robust: RobustOptions? = RobustOptions()

    public init() {}

    /// The two algorithms, for the command line.
    public enum Variant: String, Sendable, Codable, Hashable, CaseIterable {
        /// The paper's loop only.
        case paper
        /// The paper's loop plus ``RobustOptions``.
        case robust
    }

    /// Which algorithm runs; setting it to `.robust` restores the default robust options.
    public var variant: Variant {
        get { robust == nil ? .paper : .robust }
        set {
            switch newValue {
            case .paper: robust = nil
            case .robust: if robust == nil { robust = RobustOptions() }
            }
        }
    }

    /// Independent populations run (1 in the paper's loop).
    public var populations: Int { robust?.populations ?? 1 }
}

extension AnnealingSettings {
    /// The annealing schedule.
    public struct Schedule: Sendable, Codable, Hashable {
        /// false: no annealing — the flow is trained on weights at β = 1 from
        /// the first stage on (the baseline that annealing is meant to beat).
        public var anneal = true
        /// N: flow draws (likelihood evaluations) per stage.
        public var samplesPerStage = 2000
        /// n*: the ESS fraction the next β is chosen to keep.
        public var essThreshold = 0.5
        /// How many recent stages stay in the pool.
        public var poolStages = 6
        /// Prior draws the flows are first fitted to (free: no likelihood),
        /// as a multiple of N, and at least `minimumPriorDraws`.
        public var priorDrawsPerSample = 4
        public var minimumPriorDraws = 2000
        public init() {}

        /// Prior draws for the initial fit.
        public var priorDraws: Int { max(priorDrawsPerSample * samplesPerStage, minimumPriorDraws) }
    }

    /// Shape of a RealNVP flow.
    public struct FlowShape: Sendable, Codable, Hashable {
        /// Coupling layers.
        public var layers: Int
        /// Width of the conditioner networks' hidden layers.
        public var hidden: Int
        /// Hidden layers per conditioner network.
        public var hiddenLayers: Int
        public init(layers: Int, hidden: Int, hiddenLayers: Int) {
            self.layers = layers
            self.hidden = hidden
            self.hiddenLayers = hiddenLayers
        }
    }

    /// Training of a flow at each stage: Adam with early stopping on a
    /// held-out fifth of the weighted pool (see ``FlowProposal/fit``).
    public struct FlowTraining: Sendable, Codable, Hashable {
        /// Adam options; `steps` is the most steps per stage.
        public var optimiser = TrainingOptions(steps: 200, batchSize: 256, learningRate: 1e-3)
        /// Steps between checks of the held-out loss.
        public var validationInterval = 25
        /// Checks without improvement before training stops (the best flow is kept).
        public var patience = 2
        public init() {}
    }

    /// When a population stops, and when an estimate is called reliable.
    public struct Stopping: Sendable, Codable, Hashable {
        /// Stop once the log-evidence standard error is below this (nats), at β = 1.
        public var evidenceTolerance = 0.05
        /// Stages at β = 1 before convergence may be declared (the batch-means error needs several).
        public var minimumPosteriorStages = 4
        /// Hard cap on stages per population.
        public var maxStages = 400
        /// When an estimate is reliable (ESS, Pareto k̂, replicate agreement);
        /// a population does not count as converged while its estimate is not.
        public var reliability = ReliabilityRules()
        public init() {}
    }
}
