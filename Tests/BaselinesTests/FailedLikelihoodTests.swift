import Foundation
import Inference
import Testing
@testable import Baselines

/// Failed likelihood evaluations (log L = −∞) on half of the prior mass:
/// with a Normal(0, 1) prior and L = 1 for x > 0, L = 0 (failure) otherwise,
/// Z = 1/2 exactly. Both samplers must cope without NaN and find log Z = −log 2.
@Suite struct FailedLikelihoodTests {
    let posterior: Posterior = {
        // swiftlint:disable:next force_try
        let prior = try! Prior(.normal(mean: 0, sd: 1))
        return Posterior(parameterNames: ["x"], priors: [prior],
                         likelihood: ClosureLogLikelihood(dimension: 1) { $0[0] > 0 ? 0 : -.infinity })
    }()

    /// Stepping stone: the first stone (from β = 0) carries the whole answer,
    /// mean exp(Δβ · log L) = the finite fraction. Tolerance 3 SE + 0.02.
    /// TI is undefined (−∞ in E₀[log L]) and flagged unreliable.
    @Test func ensemble() throws {
        let result = try EnsembleSampler.with {
            $0.chain.walkers = 8
            $0.ladder = .geometric(count: 4, minimumBeta: 1e-3)
            $0.chain.steps = 800
        }
            .run(posterior, seed: 4, budget: Budget(), progress: { _ in })
        let z = result.evidence
        #expect(abs(z.logEvidence + log(2)) < 3 * z.standardError + 0.02, "\(z.logEvidence) ± \(z.standardError)")
        #expect(z.standardError < 0.1)  // finite: constant summands at β > 0 must not inflate the blocks
        #expect(!result.estimators[1].reliable)
        #expect(result.warnings.contains { $0.contains("failed") })
        #expect(result.samples.column(0).allSatisfy { $0 > 0 })
        #expect(result.samples.logLikelihoods.allSatisfy { $0 == 0 })
    }

    /// SMC's tempering product: the failed particles get weight 0 and the target ESS is a fraction
    /// of the finite ones, so β jumps to 1 in one stage with log mean w = log(finite fraction).
    @Test func smc() throws {
        let result = try SMCSampler.with {
            $0.population.particles = 2000
            $0.finalImportance.draws = 0  // the tempering product is what this test is about
        }.run(posterior, seed: 4, budget: Budget(), progress: { _ in })
        let z = result.evidence
        #expect(result.status == .converged, "\(result.evidence.failedChecks) \(result.warnings)")
        #expect(result.trace.count == 2 * 4)  // four replicates of one stage each
        #expect(z.standardError < 0.05)
        #expect(abs(z.logEvidence + log(2)) < 3 * z.standardError, "\(z.logEvidence) ± \(z.standardError)")
        #expect(result.samples.column(0).allSatisfy { $0 > 0 })
    }
}
