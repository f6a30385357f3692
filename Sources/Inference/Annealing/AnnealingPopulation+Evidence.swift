import Foundation

/// A population's evidence estimates at β = 1.
public struct PopulationEvidence: Sendable {
    /// The headline: every stage at β = 1 in the pool, each draw weighted
    /// against its own stage's proposal (``EvidenceMethod/ownProposalStages``).
    public var ownProposal: EvidenceEstimate
    /// The pooled deterministic-mixture estimate (``EvidenceMethod/pooledMixture``):
    /// lower variance, but biased low — each flow is trained on the pool's
    /// earlier draws and is then part of the mixture that weights them, so
    /// their weights shrink (about 0.1 nats on the repressilator).
    public var pooled: EvidenceEstimate
    /// The last stage alone against its own proposal.
    public var lastStage: EvidenceEstimate
    /// Pool indices of the stages at β = 1 used by `ownProposal`.
    public var stages: Range<Int>
}

extension AnnealingPopulation {
    /// Pool indices of the stages drawn for β = 1 (the last ones, as many as
    /// the population has spent at the posterior and the pool still holds).
    var posteriorStages: Range<Int> {
        let count = pool.stages.count
        return (count - min(stagesAtPosterior, count))..<count
    }

    /// log (p L / q_own) of stage `k`'s draws at β.
    func ownLogWeights(stage k: Int, beta: Double = 1) -> [Double] {
        let s = pool.stages[k]
        return (0..<s.count).map {
            SamplePool.logWeight(prior: s.logPrior[$0], logL: s.logLikelihood[$0], beta: beta, proposal: s.logProposal[k][$0])
        }
    }

    /// The evidence estimates at β = 1 from this population's pool.
    ///
    /// The headline's standard error is the larger of the delta-method error
    /// of all its weights and the batch-means error over its stages,
    /// sd(Ẑ_s)/(√S · mean Ẑ_s), which sees the occasional heavy weight that a
    /// single delta method averages away.
    public func evidence() -> PopulationEvidence {
        let rules = settings.stopping.reliability
        let stages = posteriorStages
        let own = stages.flatMap { ownLogWeights(stage: $0) }
        var ownEstimate = Self.estimate(own, method: .ownProposalStages, rules: rules,
                                        batches: stages.map { LogWeights.logMeanWithError(ownLogWeights(stage: $0)).logMean })
        if stages.isEmpty {
            ownEstimate.failedChecks.append(ReliabilityCheck(.reachedPosterior, "no stage at β = 1"))
        }
        let first = pool.pruningStart(beta: 1)
        let pooled = Self.estimate(pool.logWeights(beta: 1, from: first), method: .pooledMixture, rules: rules,
                                   batches: (first..<pool.stages.count).map {
                                       LogWeights.logMeanWithError(ownLogWeights(stage: $0)).logMean })
        let last = pool.stages.count - 1
        let lastEstimate = last >= 0 ? Self.estimate(ownLogWeights(stage: last), method: .finalFlow, rules: rules, batches: [])
            : EvidenceEstimate(method: .finalFlow, logEvidence: -.infinity, standardError: .infinity,
                               failedChecks: [ReliabilityCheck(.finiteEstimate, "the pool is empty")])
        return PopulationEvidence(ownProposal: ownEstimate, pooled: pooled, lastStage: lastEstimate, stages: stages)
    }

    /// log mean weight with the larger of its delta-method and batch-means errors.
    static func estimate(_ logW: [Double], method: EvidenceMethod, rules: ReliabilityRules,
                         batches: [Double]) -> EvidenceEstimate {
        var (z, se) = LogWeights.logMeanWithError(logW)
        if batches.count >= 2 { se = max(se, LogWeights.logMeanWithError(batches).standardError) }
        if logW.isEmpty { (z, se) = (-.infinity, .infinity) }
        let ess = LogWeights.effectiveSampleSize(logW)
        let k = ParetoTail.shape(logWeights: logW)
        var checks = [rules.finite(logEvidence: z, standardError: se)].compactMap { $0 }
        checks += rules.weights(ess: ess, paretoK: k)
        return EvidenceEstimate(method: method, logEvidence: z, standardError: se, effectiveSampleSize: ess,
                                sampleCount: logW.count, paretoK: k, failedChecks: checks)
    }
}
