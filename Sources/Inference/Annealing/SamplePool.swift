import Foundation

/// The samples of recent stages, each drawn from that stage's proposal, with
/// every quantity needed to re-weight them to any β without a new likelihood
/// evaluation.
///
/// A sample xᵢ drawn at stage s is weighted against the *mixture* of the
/// proposals of all stages in the pool,
///     q_m(x) = Σ_k (N_k / N) q_k(x),       N = Σ_k N_k,
/// so that every expensive evaluation keeps serving, and samples of earlier
/// stages guard against a later proposal forgetting a mode (deterministic-
/// mixture multiple importance sampling; unbiased for Z). The weight at β is
///     log wᵢ(β) = log p_u(xᵢ) + β log L(xᵢ) − log q_m(xᵢ).
///
/// Storage: for each stage, its points (unconstrained, row-major), log L, log
/// p_u, and log q_k of its points under the proposal of every stage k in the
/// pool. Adding a stage costs one density evaluation of the new proposal on the
/// whole pool plus the old proposals on the new points.
public struct SamplePool: Sendable, Codable {
    /// One stage's samples.
    public struct Stage: Sendable, Codable {
        public var index: Int
        public var points: [Double]
        public var logLikelihood: [Double]
        public var logPrior: [Double]
        /// `logProposal[k][i]`: log q of sample i under the proposal of pool stage k.
        public var logProposal: [[Double]]
        public var count: Int { logLikelihood.count }
    }

    public let dimension: Int
    public private(set) var stages: [Stage] = []

    public init(dimension: Int) {
        self.dimension = dimension
    }

    /// Total number of samples.
    public var count: Int { stages.reduce(0) { $0 + $1.count } }

    /// Adds a stage. `proposalDensity(points, count)` must evaluate the new
    /// stage's proposal; `previousDensities[k]` evaluates the proposal of
    /// existing pool stage k (in pool order).
    public mutating func add(
        index: Int, points: [Double], logLikelihood: [Double], logPrior: [Double], logProposalOwn: [Double],
        newProposal: ([Double], Int) -> [Double], previousProposals: [([Double], Int) -> [Double]]
    ) {
        precondition(previousProposals.count == stages.count)
        let n = logLikelihood.count
        for k in stages.indices {
            stages[k].logProposal.append(newProposal(stages[k].points, stages[k].count))
        }
        var own = previousProposals.map { $0(points, n) }
        own.append(logProposalOwn)
        stages.append(Stage(index: index, points: points, logLikelihood: logLikelihood,
                            logPrior: logPrior, logProposal: own))
    }

    /// Drops the oldest stage (and its proposal's column everywhere).
    public mutating func dropOldest() {
        guard !stages.isEmpty else { return }
        stages.removeFirst()
        for k in stages.indices { stages[k].logProposal.removeFirst() }
    }

    /// Keeps only the last `count` stages.
    public mutating func keepLast(_ count: Int) {
        while stages.count > max(count, 0) { dropOldest() }
    }

    /// log q_m of every sample (pool order: stage by stage), using only stages
    /// `from...` of the pool as the mixture (and as the samples).
    public func logMixture(from first: Int = 0) -> [Double] {
        let used = stages[first...]
        let total = Double(used.reduce(0) { $0 + $1.count })
        let logFractions = used.map { Foundation.log(Double($0.count) / total) }
        var out: [Double] = []
        out.reserveCapacity(used.reduce(0) { $0 + $1.count })
        for stage in used {
            out += LogWeights.logMixture(columns: Array(stage.logProposal[first...]), logFractions: logFractions,
                                         count: stage.count)
        }
        return out
    }

    /// Log importance weights at `beta` of the samples of stages `first...`.
    public func logWeights(beta: Double, from first: Int = 0) -> [Double] {
        let mixture = logMixture(from: first)
        var out: [Double] = []
        out.reserveCapacity(mixture.count)
        var j = 0
        for stage in stages[first...] {
            for i in 0..<stage.count {
                out.append(SamplePool.logWeight(prior: stage.logPrior[i], logL: stage.logLikelihood[i],
                                                beta: beta, proposal: mixture[j]))
                j += 1
            }
        }
        return out
    }

    /// log p + β log L − log q with the conventions 0 · (−∞) = −∞ for a failed
    /// likelihood (a failed solve has zero weight at every β, including 0).
    @inline(__always)
    public static func logWeight(prior: Double, logL: Double, beta: Double, proposal: Double) -> Double {
        if logL == -.infinity || prior == -.infinity { return -.infinity }
        if proposal == -.infinity { return .infinity }  // a sample its own proposal cannot produce: a bug upstream
        return prior + beta * logL - proposal
    }

    /// All points of stages `first...`, row-major.
    public func points(from first: Int = 0) -> [Double] {
        stages[first...].flatMap(\.points)
    }

    /// All log-likelihoods of stages `first...`.
    public func logLikelihoods(from first: Int = 0) -> [Double] {
        stages[first...].flatMap(\.logLikelihood)
    }

    /// All log-priors of stages `first...`.
    public func logPriors(from first: Int = 0) -> [Double] {
        stages[first...].flatMap(\.logPrior)
    }

    /// ESS-based pruning: the first stage to keep so that the ESS of the pooled
    /// weights at β = 1 is largest, dropping the earliest stages one by one while
    /// that raises the ESS (the paper's pruning rule).
    public func pruningStart(beta: Double = 1) -> Int {
        guard stages.count > 1 else { return 0 }
        var best = 0
        var bestESS = LogWeights.effectiveSampleSize(logWeights(beta: beta, from: 0))
        for first in 1..<stages.count {
            let ess = LogWeights.effectiveSampleSize(logWeights(beta: beta, from: first))
            if ess > bestESS {
                best = first
                bestESS = ess
            } else {
                break
            }
        }
        return best
    }
}
