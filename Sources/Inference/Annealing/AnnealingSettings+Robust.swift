extension AnnealingSettings {
    /// What the robust variant adds to the paper's loop: β advances only when
    /// fresh draws show the flows cover the current target, a broad defensive
    /// mixture component, a search for modes, and several independent
    /// populations merged by multiple importance sampling.
    public struct RobustOptions: Sendable, Codable, Hashable {
        public var coverage = Coverage()
        public var defensive = Defensive()
        /// Mode search and per-mode proposals; `nil` switches them off.
        public var modes: ModeOptions? = ModeOptions()
        /// Independent annealing populations merged at the end. Three by
        /// default: a run can only see what it missed (a mode, a biased
        /// estimate) when independent replicates disagree, and with two, both
        /// missed the same mode of the perturbed repressilator in 2 of 6 runs
        /// (docs/benchmarks.md) — a third found it in both. Each stops at √P
        /// times the evidence tolerance, so the merged estimate meets it.
        public var populations = 3
        /// When the populations disagree about the modes, fresh draws from
        /// the equal mixture of their final proposals (see ``Reconciliation``).
        public var reconciliation = ReconciliationOptions()
        public init() {}
    }

    /// Reconciliation stages after populations that disagree about the modes.
    public struct ReconciliationOptions: Sendable, Codable, Hashable {
        /// At most this many stages of N draws.
        public var maximumStages = 12
        /// With several populations and a budget, this fraction of the budget
        /// is kept back from the populations' shares for reconciliation.
        public var budgetReserve = 0.15
        public init() {}
    }

    /// The coverage gate on β.
    public struct Coverage: Sendable, Codable, Hashable {
        /// β advances only when the flows' fresh draws reach this ESS fraction
        /// at the current β.
        public var threshold = 0.1
        /// Stages the gate may hold β back before β advances anyway (on the
        /// repressilator the fresh ESS stays below the threshold through most
        /// of the annealing, so every held stage is paid at every β).
        public var maximumHeldStages = 1
        public init() {}
    }

    /// The defensive component: a wide elliptical density fitted to the pool.
    public struct Defensive: Sendable, Codable, Hashable {
        /// Fraction ε of each stage's draws.
        public var fraction = 0.1
        /// Inflation of its fitted standard deviations.
        public var inflation = 2.0
        /// Degrees of freedom of its multivariate t.
        public var degreesOfFreedom = 4
        public init() {}
    }

    /// Modes found by multi-start local optimisation, each with a Student-t
    /// component in the proposal and (optionally) a flow of its own.
    public struct ModeOptions: Sendable, Codable, Hashable {
        public var search = ModeSearchSettings()
        /// Share of the remaining evaluation budget the first search may spend.
        public var searchBudgetShare = 1.0 / 3.0
        /// Prior draws (each one likelihood evaluation) from which the first
        /// search takes its starts, instead of the first stage's draws (0, the
        /// default: from the stage's draws). The first stage's proposal is
        /// fitted to the prior but wider than it, and the search's discovery
        /// is sensitive to how its starts are spread: on the perturbed
        /// repressilator the search found all three modes in 20 of 30
        /// populations from 2000 prior draws against 11 of 30 from the stage's
        /// draws. Not the default yet: with it, the perturbed campaign's seed 1
        /// found every mode but ended 3.0 stated errors low (docs/benchmarks.md, issue 10).
        public var firstSearchPriorDraws = 0
        /// Search again, from the current stage's draws outside every known
        /// basin, when β first reaches each of these values: basins that the
        /// prior-like first stage did not reach open as the flows anneal.
        public var searchAgainAt: [Double] = [0.01, 0.1, 1]
        /// Starts of each later search (half from the stage's draws outside the
        /// known basins, half partial restarts of known modes), and the fraction
        /// of them continued after screening.
        public var laterStarts = 64
        public var laterContinuedFraction = 0.15
        /// While a mode's share of the weight is uncertain, its flow gets at
        /// least `shareFloor / K` of the mode flows' draws (K modes): a found
        /// mode is never starved of proposals because an early estimate of its
        /// mass was low. The floor is lifted once the share is confidently
        /// below it (share + 3 s.e. < floor / K).
        public var shareFloor = 0.5
        /// Fraction of each stage's draws shared by the mode components.
        public var fraction = 0.3
        /// The Student-t component of each mode.
        public var component = ComponentShape()
        /// Per-mode flows; `nil` gives modes components only.
        public var flows: ModeFlows? = ModeFlows()
        /// Re-fitting a mode's component to its basin's weighted samples.
        public var adaptation = Adaptation()
        /// At β = 1, the global flow stops training once the modes' basins hold this share of the weight.
        public var dominance = 0.95
        /// At most this many modes are kept (the best by log posterior density).
        public var maximumModes = 12
        /// A pool point belongs to a mode's basin if its Mahalanobis distance
        /// in that mode's component is below radius·√d (`nil`: the nearest mode always).
        public var radius: Double? = nil
        public init() {}
    }

    /// A Student-t Laplace component.
    public struct ComponentShape: Sendable, Codable, Hashable {
        /// Inflation of the component's scales.
        public var inflation = 2.0
        /// Degrees of freedom.
        public var degreesOfFreedom = 4
        public init() {}
    }

    /// Per-mode flows.
    public struct ModeFlows: Sendable, Codable, Hashable {
        /// Each fits one basin, so it can be smaller than the global flow.
        public var shape = FlowShape(layers: 4, hidden: 32, hiddenLayers: 2)
        /// Mode flows draw from a base N(0, s² I) with this s (see ``FlowProposal/baseScale``).
        public var widening = 1.5
        /// A mode flow is trained only when its basin holds this share of the weight …
        public var minimumShare = 0.0
        /// … and its basin's weights have an ESS of at least this many per dimension.
        public var minimumESSPerDimension = 2.0
        /// Of the flows' draws, the mode flows share at most this fraction
        /// (in proportion to their basins' weights); the global flow keeps the rest.
        public var maximumFlowShare = 0.9
        /// Points drawn from a new mode's component to pre-fit its flow (no
        /// likelihood needed; at least N, the draws per stage).
        public var prefitDraws = 2000
        public init() {}
    }

    /// Adaptive importance sampling of a mode's component.
    public struct Adaptation: Sendable, Codable, Hashable {
        /// A mode's component is re-fitted to its basin's weighted samples at β = 1 once the
        /// basin holds this share of the weight …
        public var minimumShare = 0.0
        /// … and its weights have an ESS of at least this many per dimension.
        public var minimumESSPerDimension = 1.0
        /// Only points within this many scale units (×√d) of the component are its basin's.
        public var basinRadius = 3.0
        public init() {}
    }
}
