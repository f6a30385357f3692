import Foundation

/// Deterministic-mixture multiple importance sampling over stages drawn from
/// different proposals (Veach & Guibas' balance heuristic; Owen & Zhou 2000).
///
/// Given stages k = 1…K with N_k draws from proposal q_k, every draw x is
/// weighted against q_m(x) = Σ_k (N_k/N) q_k(x); then
/// Ẑ = (1/N) Σ p(x) L(x) / q_m(x) is unbiased for Z, and the weighted draws
/// target the posterior. Used to merge independent annealing populations: a
/// mode found by any population is covered by q_m.
///
/// Cost: K × N proposal-density evaluations (no likelihood evaluations).
public enum MixtureImportanceSampling {
    /// One stage: its draws, their log-likelihoods and log-priors, and a way
    /// to evaluate its proposal's log-density on arbitrary points.
    public struct Stage {
        public var points: [Double]
        public var logLikelihood: [Double]
        public var logPrior: [Double]
        public var proposal: ([Double], Int) -> [Double]
        public var count: Int { logLikelihood.count }

        public init(points: [Double], logLikelihood: [Double], logPrior: [Double],
                    proposal: @escaping ([Double], Int) -> [Double]) {
            self.points = points
            self.logLikelihood = logLikelihood
            self.logPrior = logPrior
            self.proposal = proposal
        }
    }

    /// Log-weights at β = 1 of all draws (stage by stage).
    public static func logWeights(_ stages: [Stage]) -> [Double] {
        let total = Double(stages.reduce(0) { $0 + $1.count })
        let points = stages.flatMap(\.points)
        let n = Int(total)
        // log q_k(x) for every proposal k on all points.
        let columns = stages.map { $0.proposal(points, n) }
        let logFractions = stages.map { Foundation.log(Double($0.count) / total) }
        let mixture = LogWeights.logMixture(columns: columns, logFractions: logFractions, count: n)
        var out = [Double](repeating: -.infinity, count: n)
        var i = 0
        for stage in stages {
            for j in 0..<stage.count {
                out[i] = SamplePool.logWeight(prior: stage.logPrior[j], logL: stage.logLikelihood[j],
                                              beta: 1, proposal: mixture[i])
                i += 1
            }
        }
        return out
    }
}
