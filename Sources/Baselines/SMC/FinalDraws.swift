import Foundation
import Inference

/// One replicate's fresh importance draws at β = 1 (``SMCSettings/FinalImportance``):
/// the mixture q_r fitted to its final particles, the points drawn from it and
/// the target's log density log(L p_u) at each.
///
/// The draws are weighted two ways. Against the replicate's own mixture,
/// w = L p_u / q_r: an unbiased estimate of Z from that replicate alone, the
/// replicates' check on each other (a replicate whose particles missed a mode
/// has a q_r without it and comes out low by that mode's share). Against the
/// deterministic mixture of all R replicates' proposals,
/// w = L p_u / Q with Q = Σ_r (m_r/M) q_r (m_r of the M draws from q_r;
/// multiple importance sampling with the balance heuristic; Veach & Guibas
/// 1995, Owen & Zhou 2000): unbiased for Z as
/// long as the *union* of the q_r covers the posterior, so a mode reached by
/// one replicate counts for all, and the weights stay bounded where one q_r is
/// thin but another is not. Cost: R mixture densities at every one of the
/// R m draws, O(R² m K d²), against R m likelihood evaluations.
struct FinalDraws {
    /// q_r; nil where only modelled weights are known (tests of the pooling rules).
    let proposal: IndependentProposal?
    /// Row-major draws, `count` × d.
    let points: [Double]
    /// log(L p_u) at each draw (−∞ for a failed solve).
    let logTarget: [Double]
    /// log q_r at each draw.
    let logOwnDensity: [Double]

    var count: Int { logTarget.count }

    /// log(L p_u / q_r): the replicate's own importance weights.
    var ownLogWeights: [Double] { Self.logWeights(target: logTarget, proposal: logOwnDensity) }

    /// log(target / proposal) per draw, NaN (a failed solve against −∞) read as −∞.
    static func logWeights(target: [Double], proposal: [Double]) -> [Double] {
        zip(target, proposal).map { t, q in
            let w = t - q
            return w.isNaN ? -.infinity : w
        }
    }

    /// log(L p_u / Q) for every replicate's draws, Q = Σ_r (m_r/M) q_r; each
    /// replicate's own weights where there is one replicate or any lacks its proposal.
    static func pooledLogWeights(_ sets: [FinalDraws]) -> [[Double]] {
        let proposals = sets.compactMap(\.proposal)
        guard sets.count >= 2, proposals.count == sets.count else { return sets.map(\.ownLogWeights) }
        // Q's fractions are the replicates' shares of the draws (equal unless a budget cut one short).
        let total = Double(sets.reduce(0) { $0 + $1.count })
        let logFractions = sets.map { $0.count > 0 ? Foundation.log(Double($0.count) / total) : -.infinity }
        return sets.map { s in
            guard s.count > 0 else { return [] }
            let columns = proposals.map { $0.logDensity(of: s.points, count: s.count) }
            return logWeights(target: s.logTarget,
                              proposal: LogWeights.logMixture(columns: columns, logFractions: logFractions, count: s.count))
        }
    }
}
