import Foundation

/// One annealing population: its flows, its pool of evaluated samples, and β.
///
/// Each call to ``advance(posterior:threads:ledger:evaluationAllowance:)`` is
/// one stage of the ESS-annealed loop (Wang, Chi & Dinner 2025):
///
/// 1. draw N points from the current proposal and evaluate their
///    log-likelihoods — the only expensive step, one batched call;
/// 2. add them to the pool, weighted against the mixture of the pool's proposals;
/// 3. choose the next β′ by bisection on the ESS;
/// 4. train the flow(s) on the pool weighted at β′ (importance-weighted forward
///    KL, weights self-normalised and held fixed; no likelihood gradients).
///
/// With ``AnnealingSettings/robust`` options, after the first stage a search
/// for modes by multi-start local optimisation (``ModeSearch``) gives every
/// mode found a Student-t component in the proposal and a flow of its own,
/// trained on the pool samples nearest to it (``ModeState``), so that a single
/// flow never has to stretch over well-separated narrow basins.
///
/// The state is a value and `Codable`, so a run can be checkpointed between
/// stages and resumed bit-for-bit.
public struct AnnealingPopulation<Flow: ProposalDensity & Codable>: Sendable, Codable {
    public internal(set) var beta = 0.0
    public internal(set) var stage = 0
    /// The global flow.
    public internal(set) var flow: Flow
    /// The untrained flow every mode flow starts from.
    let template: Flow
    /// The defensive component (robust variant).
    public internal(set) var wide: EllipticalDensity
    public internal(set) var pool: SamplePool
    /// The proposal each pool stage was drawn from, aligned with `pool.stages`.
    public internal(set) var proposals: [ProposalMixture<Flow>] = []
    /// Modes found by local search, best first (robust variant).
    public internal(set) var modes: [ModeState<Flow>] = []
    public internal(set) var searchedModes = false
    /// How many of ``AnnealingSettings/ModeOptions/searchAgainAt`` have been done.
    public internal(set) var laterSearches = 0
    /// Components at further optima of the modes' basins (proposal components only).
    public internal(set) var satellites: [EllipticalDensity] = []
    public internal(set) var rng: RandomSource
    public internal(set) var stagesAtPosterior = 0
    /// Consecutive stages in which the coverage gate held β back.
    public internal(set) var heldBack = 0
    public internal(set) var lastLoss = Double.nan
    /// Consecutive stages in which no draw had a finite log-likelihood.
    public internal(set) var stagesWithoutFiniteLikelihood = 0
    /// The flows' fresh draws' ESS fraction at the current β in the last stage.
    public internal(set) var lastFreshESS = Double.nan
    /// Where the time went (seconds): flow training, proposal densities, mode search.
    public internal(set) var timing = StageTiming()
    public let settings: AnnealingSettings

    /// A population whose flow has been fitted to the prior (free: prior draws
    /// need no likelihood).
    public init(flow: Flow, modeFlow: Flow? = nil, posterior: Posterior, settings: AnnealingSettings, rng: RandomSource,
                threads: Int) throws {
        var rng = rng
        let d = posterior.dimension
        let n = settings.schedule.priorDraws
        let u = posterior.samplePrior(count: n, using: &rng)
        let ones = [Double](repeating: 1, count: n)
        template = modeFlow ?? flow
        var flow = flow
        lastLoss = try flow.fit(points: u, weights: ones, count: n, using: &rng, threads: threads)
        let defensive = settings.robust?.defensive ?? AnnealingSettings.Defensive()
        var wide = EllipticalDensity(mean: [Double](repeating: 0, count: d), sd: [Double](repeating: 1, count: d),
                                     inflation: defensive.inflation, degreesOfFreedom: defensive.degreesOfFreedom)
        _ = try wide.fit(points: u, weights: ones, count: n, using: &rng, threads: threads)
        self.flow = flow
        self.wide = wide
        pool = SamplePool(dimension: d)
        self.rng = rng
        self.settings = settings
    }

    /// Runs one stage; returns what a trace row needs.
    /// - Parameter evaluationAllowance: evaluations this population may still
    ///   spend (the mode search sizes itself to a share of it).
    public mutating func advance(posterior: Posterior, threads: Int, ledger: inout EvaluationLedger,
                                 evaluationAllowance: Int? = nil) throws -> StageReport {
        let n = settings.schedule.samplesPerStage
        let d = posterior.dimension
        let proposal = currentProposal
        let (u, logq) = proposal.sample(count: n, using: &rng, threads: threads)
        let (logL, logPrior) = posterior.evaluate(unconstrained: u, count: n, threads: threads, ledger: &ledger)
        stagesWithoutFiniteLikelihood = logL.contains(where: \.isFinite) ? 0 : stagesWithoutFiniteLikelihood + 1

        // Coverage: the ESS at the current β of the flows' own draws against the
        // flows' own mixture density (the elliptical components are there on
        // purpose and would mask whether the flows have caught up).
        let flowCount = proposal.counts(n).flows.reduce(0, +)
        let flowPoints = Array(u[0..<(flowCount * d)])
        let flowDensity = proposal.flowsLogDensity(of: flowPoints, count: flowCount, threads: threads)
        let fresh = (0..<flowCount).map {
            SamplePool.logWeight(prior: logPrior[$0], logL: logL[$0], beta: beta, proposal: flowDensity[$0])
        }
        lastFreshESS = flowCount > 0 ? LogWeights.effectiveSampleSize(fresh) / Double(flowCount) : 0

        let densityClock = RunClock()
        pool.add(index: stage, points: u, logLikelihood: logL, logPrior: logPrior, logProposalOwn: logq,
                 newProposal: { proposal.logDensity(of: $0, count: $1, threads: threads) },
                 previousProposals: proposals.map { p in { p.logDensity(of: $0, count: $1, threads: threads) } })
        proposals.append(proposal.densityOnly())
        while pool.stages.count > settings.schedule.poolStages {
            pool.dropOldest()
            proposals.removeFirst()
        }
        timing.proposalDensity += densityClock.seconds

        if let modeOptions = settings.robust?.modes {
            let searchClock = RunClock()
            defer { timing.modeSearch += searchClock.seconds }
            if !searchedModes {
                try searchModes(stagePoints: u, logL: logL, logPrior: logPrior, posterior: posterior, options: modeOptions,
                                threads: threads, ledger: &ledger, allowance: evaluationAllowance.map { $0 - n })
            } else if laterSearches < modeOptions.searchAgainAt.count, beta >= modeOptions.searchAgainAt[laterSearches] {
                // Every milestone passed since the last search counts as done by this one.
                while laterSearches < modeOptions.searchAgainAt.count && beta >= modeOptions.searchAgainAt[laterSearches] {
                    laterSearches += 1
                }
                try searchAgain(stagePoints: u, logL: logL, logPrior: logPrior, posterior: posterior, options: modeOptions,
                                threads: threads, ledger: &ledger, allowance: evaluationAllowance.map { $0 - n })
            }
        }

        advanceBeta()
        if beta >= 1 { stagesAtPosterior += 1 }

        // Train on the pool at the new β.
        let logW = pool.logWeights(beta: beta)
        let poolESS = LogWeights.effectiveSampleSize(logW) / Double(logW.count)
        let w = LogWeights.normalized(logW)
        let points = pool.points()
        let trainingClock = RunClock()
        defer { timing.training += trainingClock.seconds }
        if w.contains(where: { $0 > 0 }) {
            // Once the modes hold nearly all the weight at β = 1 the global flow's
            // draws are a small share and it is no longer trained.
            let dominance = settings.robust?.modes?.dominance ?? .infinity
            let modesDominate = beta >= 1 && modes.contains { $0.flow != nil }
                && modes.reduce(0) { $0 + $1.share } >= dominance
            if !modesDominate {
                lastLoss = try flow.fit(points: points, weights: w, count: w.count, using: &rng, threads: threads)
            }
            if settings.robust != nil {
                var updated = wide
                if (try? updated.fit(points: points, weights: w, count: w.count, using: &rng, threads: threads)) != nil {
                    wide = updated
                }
                try updateModes(points: points, weights: w, threads: threads)
            }
        }
        stage += 1
        return StageReport(stage: stage, beta: beta, freshESS: lastFreshESS, poolESS: poolESS,
                           poolSize: pool.count, loss: lastLoss, modes: modes.count)
    }

    /// Step 3: the next β.
    mutating func advanceBeta() {
        guard beta < 1 else { return }
        guard settings.schedule.anneal else {
            beta = 1
            return
        }
        let target = settings.schedule.essThreshold
        guard let coverage = settings.robust?.coverage else {
            // The paper's rule: the pooled ESS at β′ is a fraction n* of the pool.
            beta = TemperatureSearch.next(beta: beta, baseLogWeights: pool.logWeights(beta: 0),
                                          logLikelihoods: pool.logLikelihoods(), targetFraction: target)
            return
        }
        // β advances only once the flows cover the current target (or after
        // `maximumHeldStages` stages of trying), by the conditional ESS of the step.
        let covered = lastFreshESS >= coverage.threshold || beta == 0
        if covered || heldBack >= coverage.maximumHeldStages {
            heldBack = 0
            beta = TemperatureSearch.nextConditional(beta: beta, currentLogWeights: pool.logWeights(beta: beta),
                                                     logLikelihoods: pool.logLikelihoods(), targetFraction: target)
        } else {
            heldBack += 1
        }
    }
}

/// Seconds spent per activity (other than likelihood evaluations, which the
/// ``EvaluationLedger`` records).
public struct StageTiming: Sendable, Codable, Hashable {
    public var training = 0.0
    public var proposalDensity = 0.0
    public var modeSearch = 0.0
    public init() {}
}

/// What one stage did.
public struct StageReport: Sendable, Hashable {
    public var stage: Int
    public var beta: Double
    /// ESS fraction of the flows' fresh draws at the β they were drawn for.
    public var freshESS: Double
    /// ESS fraction of the pool at the new β.
    public var poolESS: Double
    public var poolSize: Int
    public var loss: Double
    /// Modes found so far.
    public var modes: Int
}
