import Foundation

/// One annealing population: its flows, its pool of evaluated samples, and β.
///
/// Each call to ``advance(posterior:threads:ledger:)`` is one stage of the
/// ESS-annealed loop (Wang, Chi & Dinner 2025):
///
/// 1. draw N points from the current proposal and evaluate their
///    log-likelihoods — the only expensive step, one batched call;
/// 2. add them to the pool, weighted against the mixture of the pool's proposals;
/// 3. choose the next β′ by bisection on the ESS (see ``AnnealingSettings/Variant``);
/// 4. train the flow(s) on the pool weighted at β′ (importance-weighted forward
///    KL, weights self-normalised and held fixed; no likelihood gradients).
///
/// The robust variant adds, after the first stage, a search for modes by
/// multi-start local optimisation (``ModeSearch``); every mode found gets a
/// Student-t Laplace component in the proposal and a flow of its own, trained
/// on the pool samples nearest to it, so that a single flow never has to
/// stretch over well-separated narrow basins.
///
/// The state is a value and `Codable`, so a run can be checkpointed between
/// stages and resumed bit-for-bit.
public struct AnnealingPopulation<Flow: ProposalDensity & Codable>: Sendable, Codable {
    public internal(set) var beta = 0.0
    public internal(set) var stage = 0
    /// `flows[0]` is the global flow; `flows[k]` (k ≥ 1) belongs to `modes[k − 1]`.
    public internal(set) var flows: [Flow]
    /// The untrained flow every mode flow starts from.
    let template: Flow
    public internal(set) var wide: EllipticalDensity
    public internal(set) var pool: SamplePool
    /// The proposal each pool stage was drawn from, aligned with `pool.stages`.
    public internal(set) var proposals: [ProposalMixture<Flow>] = []
    /// Modes found by local search (robust variant).
    public internal(set) var modes: [FoundMode] = []
    public internal(set) var searchedModes = false
    /// Further optima of the modes' basins (proposal components only).
    public internal(set) var satellites: [FoundMode] = []
    /// Share of the current target's weight nearest to each mode (same order as `modes`).
    public internal(set) var modeShares: [Double] = []
    public internal(set) var rng: RandomSource
    public internal(set) var stagesAtPosterior = 0
    /// Consecutive stages in which the coverage gate held β back.
    public internal(set) var heldBack = 0
    public internal(set) var lastLoss = Double.nan
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
        let n = max(4 * settings.samplesPerStage, 2000)
        let u = posterior.samplePrior(count: n, using: &rng)
        let ones = [Double](repeating: 1, count: n)
        template = modeFlow ?? flow
        var flow = flow
        lastLoss = try flow.fit(points: u, weights: ones, count: n, using: &rng, threads: threads)
        var wide = EllipticalDensity(mean: [Double](repeating: 0, count: d), sd: [Double](repeating: 1, count: d),
                                     inflation: settings.defensiveInflation, degreesOfFreedom: settings.modeDegreesOfFreedom)
        _ = try wide.fit(points: u, weights: ones, count: n, using: &rng, threads: threads)
        flows = [flow]
        self.wide = wide
        pool = SamplePool(dimension: d)
        self.rng = rng
        self.settings = settings
    }

    /// The global flow.
    public var flow: Flow { flows[0] }

    /// Runs one stage; returns what a trace row needs.
    /// - Parameter evaluationAllowance: evaluations this population may still
    ///   spend (the mode search sizes itself to at most a third of it).
    public mutating func advance(posterior: Posterior, threads: Int, ledger: inout EvaluationLedger,
                                 evaluationAllowance: Int? = nil) throws -> StageReport {
        let n = settings.samplesPerStage
        let d = posterior.dimension
        let proposal = currentProposal
        let (u, logq) = proposal.sample(count: n, using: &rng, threads: threads)
        let (logL, logPrior) = posterior.evaluate(unconstrained: u, count: n, threads: threads, ledger: &ledger)

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

        let densityStart = RunClock()
        pool.add(index: stage, points: u, logLikelihood: logL, logPrior: logPrior, logProposalOwn: logq,
                 newProposal: { proposal.logDensity(of: $0, count: $1, threads: threads) },
                 previousProposals: proposals.map { p in { p.logDensity(of: $0, count: $1, threads: threads) } })
        proposals.append(proposal.densityOnly())
        while pool.stages.count > settings.poolStages {
            pool.dropOldest()
            proposals.removeFirst()
        }

        timing.proposalDensity += densityStart.seconds

        if settings.variant == .robust && settings.modeSearch && !searchedModes {
            let searchStart = RunClock()
            defer { timing.modeSearch += searchStart.seconds }
            try searchModes(stagePoints: u, logL: logL, logPrior: logPrior, posterior: posterior, threads: threads,
                            ledger: &ledger, allowance: evaluationAllowance.map { $0 - n })
        }

        advanceBeta()
        if beta >= 1 { stagesAtPosterior += 1 }

        // Train on the pool at the new β.
        let logW = pool.logWeights(beta: beta)
        let poolESS = LogWeights.effectiveSampleSize(logW) / Double(logW.count)
        let w = LogWeights.normalized(logW)
        let points = pool.points()
        let trainingStart = RunClock()
        defer { timing.training += trainingStart.seconds }
        // Once the modes hold nearly all the weight at β = 1 the global flow's
        // draws are a small share and it is no longer trained.
        let modesDominate = beta >= 1 && modeShares.reduce(0, +) >= settings.modeDominance && flows.count > 1
        if w.contains(where: { $0 > 0 }) {
            if !modesDominate {
                lastLoss = try flows[0].fit(points: points, weights: w, count: w.count, using: &rng, threads: threads)
            }
            if settings.variant == .robust {
                var updated = wide
                if (try? updated.fit(points: points, weights: w, count: w.count, using: &rng, threads: threads)) != nil {
                    wide = updated
                }
                try trainModeFlows(points: points, weights: w, threads: threads)
            }
        }
        stage += 1
        return StageReport(stage: stage, beta: beta, freshESS: lastFreshESS, poolESS: poolESS,
                           poolSize: pool.count, loss: lastLoss, modes: modes.count)
    }

    /// Step 3: the next β.
    mutating func advanceBeta() {
        guard beta < 1 else { return }
        guard settings.anneal else {
            beta = 1
            return
        }
        switch settings.variant {
        case .paper:
            // The paper's rule: the pooled ESS at β′ is a fraction n* of the pool.
            beta = TemperatureSearch.next(beta: beta, baseLogWeights: pool.logWeights(beta: 0),
                                          logLikelihoods: pool.logLikelihoods(), targetFraction: settings.essThreshold)
        case .robust:
            // β advances only once the flows cover the current target (or after
            // `coverageStages` stages of trying), by the conditional ESS of the step.
            let covered = lastFreshESS >= settings.coverageThreshold || beta == 0
            if covered || heldBack >= settings.coverageStages {
                heldBack = 0
                beta = TemperatureSearch.nextConditional(beta: beta, currentLogWeights: pool.logWeights(beta: beta),
                                                         logLikelihoods: pool.logLikelihoods(),
                                                         targetFraction: settings.essThreshold)
            } else {
                heldBack += 1
            }
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
