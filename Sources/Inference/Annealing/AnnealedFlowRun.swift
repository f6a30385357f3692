/// The complete state of an ESS-annealed flow run between two stages: the
/// populations (flows with their optimiser state, pools, random generators),
/// the cost so far and the trace. `Codable`, so a run can be checkpointed and
/// resumed with ``AnnealedFlowSampler/step(_:posterior:budget:progress:)``.
public struct AnnealedFlowRun<Flow: ProposalDensity & Codable>: Sendable, Codable {
    public let seed: UInt64
    public let populationCount: Int
    /// The population being annealed (nil between populations).
    public internal(set) var current: AnnealingPopulation<Flow>?
    public internal(set) var populationIndex = 0
    public internal(set) var finished: [AnnealingPopulation<Flow>] = []
    public internal(set) var statuses: [RunStatus] = []
    public internal(set) var ledger = EvaluationLedger()
    public internal(set) var trace: [TraceRow] = []
    public internal(set) var warnings: [String] = []
    public internal(set) var globalStage = 0
    /// Wall-clock seconds spent so far, over every resumption.
    public internal(set) var elapsedSeconds = 0.0
    /// The current population's share of the budget.
    var share: Budget?

    init(seed: UInt64, populationCount: Int) {
        self.seed = seed
        self.populationCount = populationCount
    }

    /// Whether every population has finished.
    public var isFinished: Bool { populationIndex >= populationCount }
}
