import Foundation
import Testing
@testable import Inference

/// Reconciliation draws from the equal mixture of the populations' final
/// proposals: when each population's proposal reaches only some of the modes,
/// the mixture's estimate is unbiased for all of them, where one
/// population's own estimate misses the others' mass.
@Suite("Reconciling populations that disagree about the modes")
struct ReconciliationTests {
    @Test func mixtureOfPopulationProposalsRecoversEveryMode() throws {
        let a = [2.0, 2.0], b = [-2.0, -2.0], sd = 0.2
        let posterior = ModeDiscoveryTests.bimodal(a, b, sd: sd)
        // Z = Σ_k w_k N(c_k; 0, (3² + sd²) I): the likelihood is a normalised mixture density.
        let v = (9 + sd * sd).squareRoot()
        let exact = LogWeights.logSumExp([(0.8, a), (0.2, b)].map { w, c in
            Foundation.log(w) + c.reduce(0) { $0 + Special.normalLogDensity($1, mean: 0, sd: v) }
        })
        let onlyA = try EllipticalDensity(mean: a, covariance: [0.09, 0, 0, 0.09], degreesOfFreedom: 4)
        let onlyB = try EllipticalDensity(mean: b, covariance: [0.09, 0, 0, 0.09], degreesOfFreedom: 4)
        var ledger = EvaluationLedger()

        var both = Reconciliation<EllipticalDensity>(
            proposals: [ProposalMixture(main: onlyA), ProposalMixture(main: onlyB)], rng: RandomSource(seed: 21))
        for _ in 0..<4 { both.draw(2000, posterior: posterior, threads: 1, ledger: &ledger) }
        let (z, se) = LogWeights.logMeanWithError(both.logWeights)
        #expect(both.stages == 4 && both.logWeights.count == 8000)
        #expect(abs(z - exact) < 3 * se && se < 0.02, "log Z \(z) ± \(se), exact \(exact)")

        // One population alone sees 0.8 of the mass: log 0.8 = −0.22 low.
        var one = Reconciliation<EllipticalDensity>(proposals: [ProposalMixture(main: onlyA)], rng: RandomSource(seed: 22))
        for _ in 0..<4 { one.draw(2000, posterior: posterior, threads: 1, ledger: &ledger) }
        let (z1, _) = LogWeights.logMeanWithError(one.logWeights)
        #expect(abs(z1 - (exact + Foundation.log(0.8))) < 0.05, "one proposal: \(z1), expected \(exact + Foundation.log(0.8))")
    }
}
