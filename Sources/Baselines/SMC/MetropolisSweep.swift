import Foundation
import Inference

/// The accept/reject half of every SMC move: given one proposal per particle
/// and its log Hastings factor (0 for symmetric proposals), evaluates all
/// proposals in ONE batched likelihood call (N evaluations) and applies
/// Metropolis–Hastings at inverse temperature β. Moves only propose
/// (``GaussianRandomWalk``, ``IndependentProposal``); this is the one place
/// they are accepted.
enum MetropolisSweep {
    /// Returns how many particles accepted.
    static func apply(proposals: [Double], logFactors: [Double], to particles: inout ParticleSystem, beta: Double,
                      posterior: Posterior, threads: Int, ledger: inout EvaluationLedger,
                      rng: inout RandomSource) -> Int {
        let d = particles.dimension, n = particles.count
        let (logL, logP) = posterior.evaluate(unconstrained: proposals, count: n, threads: threads, ledger: &ledger)
        var accepted = 0
        for i in 0..<n {
            let current = temperedLogDensity(logPrior: particles.logPriors[i], logLikelihood: particles.logLikelihoods[i], beta: beta)
            let proposed = temperedLogDensity(logPrior: logP[i], logLikelihood: logL[i], beta: beta)
            let a = logAcceptance(current: current, proposed: proposed, logFactor: logFactors[i])
            guard a >= 0 || Foundation.log(rng.uniformOpen()) < a else { continue }
            for j in 0..<d { particles.positions[i * d + j] = proposals[i * d + j] }
            particles.logLikelihoods[i] = logL[i]
            particles.logPriors[i] = logP[i]
            accepted += 1
        }
        return accepted
    }
}
