import Foundation

extension AnnealingPopulation {
    /// The evidence estimates at β = 1 from this population's pool:
    /// the pooled mixture estimate after ESS-based pruning, and the
    /// importance-sampling estimate from the last stage's fresh draws alone.
    ///
    /// The pooled estimate's error is the larger of the delta-method standard
    /// error and a batch-means error: each stage's draws alone give an unbiased
    /// estimate Ẑ_s against that stage's own proposal, and the scatter of the
    /// Ẑ_s over the pool's stages, sd(Ẑ_s)/(√S · mean Ẑ_s), sees the occasional
    /// heavy weight that a single pooled delta method averages away.
    public func evidence() -> (pooled: EvidenceEstimate, lastStage: EvidenceEstimate, pruneFrom: Int) {
        let first = pool.pruningStart(beta: 1)
        let lw = pool.logWeights(beta: 1, from: first)
        var (z, se) = LogWeights.logMeanWithError(lw)
        let perStage = stageEstimates(from: first)
        if perStage.count >= 2 {
            let (_, batchSE) = LogWeights.logMeanWithError(perStage)
            se = max(se, batchSE)
        }
        let ess = LogWeights.effectiveSampleSize(lw)
        let k = ParetoTail.shape(logWeights: lw)
        let pooled = EvidenceEstimate(method: .pooledMixture, logEvidence: z, standardError: se,
                                      effectiveSampleSize: ess, sampleCount: lw.count, paretoK: k,
                                      failedChecks: settings.stopping.reliability.weights(ess: ess, paretoK: k))
        let last = pool.stages.count - 1
        var lastEstimate = EvidenceEstimate(method: .finalFlow, logEvidence: -.infinity, standardError: .infinity,
                                            failedChecks: [ReliabilityCheck(.finiteEstimate, "the pool is empty")])
        if last >= 0 {
            let s = pool.stages[last]
            let own = (0..<s.count).map {
                SamplePool.logWeight(prior: s.logPrior[$0], logL: s.logLikelihood[$0], beta: 1, proposal: s.logProposal[last][$0])
            }
            let (z1, se1) = LogWeights.logMeanWithError(own)
            let ess1 = LogWeights.effectiveSampleSize(own)
            let k1 = ParetoTail.shape(logWeights: own)
            lastEstimate = EvidenceEstimate(method: .finalFlow, logEvidence: z1, standardError: se1,
                                            effectiveSampleSize: ess1, sampleCount: own.count, paretoK: k1,
                                            failedChecks: settings.stopping.reliability.weights(ess: ess1, paretoK: k1))
        }
        return (pooled, lastEstimate, first)
    }

    /// log Ẑ_s of each pool stage from `first` on, from its own draws against its own proposal.
    func stageEstimates(from first: Int) -> [Double] {
        (first..<pool.stages.count).map { k in
            let s = pool.stages[k]
            let own = (0..<s.count).map {
                SamplePool.logWeight(prior: s.logPrior[$0], logL: s.logLikelihood[$0], beta: 1, proposal: s.logProposal[k][$0])
            }
            return LogWeights.logMeanWithError(own).logMean
        }
    }
}
