/// One mode of a posterior as a run reports it: where it is, how much of
/// the posterior it holds, and which populations found it and how.
public struct ModeSummary: Sendable, Codable, Hashable {
    /// The optimum's location in natural units, in parameter order.
    public var center: [Double]
    /// log posterior density (unconstrained space) at the optimum.
    public var logTarget: Double
    /// Share of the posterior weight in the mode's basin (final samples
    /// assigned to their nearest mode), and its standard error (delta method
    /// for a self-normalised share).
    public var weight: Double
    public var weightError: Double
    /// Each population (1-based) that found it, with how.
    public var foundBy: [ModeFinding]

    /// The findings by a population's own search (not taken from another in the sharing round).
    public var foundByOwnSearch: [ModeFinding] { foundBy.filter { $0.discovery.sharedFrom == nil } }

    public init(center: [Double], logTarget: Double, weight: Double, weightError: Double, foundBy: [ModeFinding]) {
        self.center = center
        self.logTarget = logTarget
        self.weight = weight
        self.weightError = weightError
        self.foundBy = foundBy
    }
}

/// One population's finding of a mode.
public struct ModeFinding: Sendable, Codable, Hashable {
    public var population: Int
    public var discovery: ModeDiscovery
    /// The mode's share of that population's own final weights.
    public var populationWeight: Double

    public init(population: Int, discovery: ModeDiscovery, populationWeight: Double) {
        self.population = population
        self.discovery = discovery
        self.populationWeight = populationWeight
    }
}

/// How and when a mode was found: which search (at which stage and β) and
/// whether the annealed draws had already reached its basin.
public struct ModeDiscovery: Sendable, Codable, Hashable {
    /// The annealing stage (0-based) whose draws started the search.
    public var stage: Int
    /// The β of that stage's target.
    public var beta: Double
    /// Share of that stage's pool weight (at β) lying in the mode's basin
    /// before the search found it: > 0 means annealing had already reached
    /// the basin and the search only confirmed it.
    public var poolShareBefore: Double
    /// Whether the search's start came from relabelling another mode's values.
    public var byRelabelling: Bool
    /// The population (1-based) that found the mode and shared it with this
    /// one after the populations disagreed (nil: this population's own search).
    public var sharedFrom: Int?
    /// Whether the search reached the mode only from one of the user's guesses
    /// (``Posterior/guesses``): none of its own starts did.
    public var fromGuess: Bool

    public init(stage: Int, beta: Double, poolShareBefore: Double, byRelabelling: Bool = false, sharedFrom: Int? = nil,
                fromGuess: Bool = false) {
        self.stage = stage
        self.beta = beta
        self.poolShareBefore = poolShareBefore
        self.byRelabelling = byRelabelling
        self.sharedFrom = sharedFrom
        self.fromGuess = fromGuess
    }
}
