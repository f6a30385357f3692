/// Draws that settle a disagreement between populations about the modes.
///
/// Each population's estimate only sees the modes its own proposals reach:
/// two populations that found different subsets of the modes each miss mass,
/// and averaging their own-proposal estimates misses it too. Reconciliation
/// draws stages of fresh points from the equal mixture of the populations'
/// final proposals, ψ = Σ_p (n_p/N) q_p (stratified: n_p draws from each), and
/// weights every draw against ψ. The proposals are fixed before the draws, so
/// the estimate is unbiased for the evidence of every mode any population
/// found. (A mode that no population found stays invisible: the run still
/// reports the disagreement and is not reliable.)
public struct Reconciliation<Flow: ProposalDensity & Codable>: Sendable, Codable {
    /// One proposal per population, density only.
    public let proposals: [ProposalMixture<Flow>]
    public internal(set) var points: [Double] = []
    public internal(set) var logLikelihood: [Double] = []
    public internal(set) var logPrior: [Double] = []
    /// log ψ of each draw.
    public internal(set) var logProposal: [Double] = []
    /// log Ẑ_s of each stage on its own.
    public internal(set) var stageEstimates: [Double] = []
    public internal(set) var rng: RandomSource
    public internal(set) var finished = false

    init(proposals: [ProposalMixture<Flow>], rng: RandomSource) {
        self.proposals = proposals
        self.rng = rng
    }

    public var stages: Int { stageEstimates.count }

    /// log (p L / ψ) of every draw.
    public var logWeights: [Double] {
        logLikelihood.indices.map {
            SamplePool.logWeight(prior: logPrior[$0], logL: logLikelihood[$0], beta: 1, proposal: logProposal[$0])
        }
    }

    /// One stage of `n` draws.
    mutating func draw(_ n: Int, posterior: Posterior, threads: Int, ledger: inout EvaluationLedger) {
        let d = posterior.dimension
        let k = proposals.count
        var u: [Double] = []
        var counts: [Int] = []
        for (p, q) in proposals.enumerated() {
            let m = n / k + (p < n % k ? 1 : 0)
            counts.append(m)
            if m > 0 { u += q.sample(count: m, using: &rng, threads: threads).points }
        }
        let count = u.count / d
        let columns = proposals.map { $0.logDensity(of: u, count: count, threads: threads) }
        let fractions = counts.map { Double($0) / Double(count) }.map { $0 > 0 ? Foundation.log($0) : -Double.infinity }
        let logPsi = LogWeights.logMixture(columns: columns, logFractions: fractions, count: count)
        let (logL, logP) = posterior.evaluate(unconstrained: u, count: count, threads: threads, ledger: &ledger)
        points += u
        logLikelihood += logL
        logPrior += logP
        logProposal += logPsi
        let w = (0..<count).map { SamplePool.logWeight(prior: logP[$0], logL: logL[$0], beta: 1, proposal: logPsi[$0]) }
        stageEstimates.append(LogWeights.logMeanWithError(w).logMean)
    }
}

import Foundation
