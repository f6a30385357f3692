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

/// The sharing round: populations that each found only one of two modes
/// adopt the mode the other found, continue at β = 1, and then agree; the
/// merged estimate covers both modes without reconciliation.
@Suite("Sharing modes between populations that disagree")
struct ModeSharingTests {
    @Test(arguments: [7, 8, 9] as [UInt64]) func populationsThatEachKnowOneModeShareThemAndAgree(seed: UInt64) throws {
        // Six dimensions and narrow modes, so that a population's defensive
        // density (fitted to its own pool) does not reach the other mode.
        let d = 6
        let a = [Double](repeating: 2, count: d), b = [Double](repeating: -2, count: d), sd = 0.1
        let posterior = ModeDiscoveryTests.bimodal(a, b, sd: sd)
        let v = (9 + sd * sd).squareRoot()
        let exact = LogWeights.logSumExp([(0.8, a), (0.2, b)].map { w, c in
            Foundation.log(w) + c.reduce(0) { $0 + Special.normalLogDensity($1, mean: 0, sd: v) }
        })
        var settings = AnnealingSettings()
        settings.schedule.samplesPerStage = 1000
        let sampler = AnnealedFlowSampler<EllipticalDensity>(settings: settings) { d, _, _ in
            EllipticalDensity(mean: [Double](repeating: 0, count: d), sd: [Double](repeating: 1, count: d))
        }
        let budget = Budget(maxEvaluations: 200_000, threads: 1)
        var run = try sampler.start(posterior, seed: seed, budget: budget)
        let options = try #require(settings.robust?.modes)
        // Each population is handed one mode (as if its search had found only
        // that one) and annealed at β = 1 until it has posterior stages.
        func population(knowing center: [Double], stream: Int) throws -> AnnealingPopulation<EllipticalDensity> {
            let rng = RandomSource(seed: seed).stream(stream)
            let flat = EllipticalDensity(mean: [Double](repeating: 0, count: d), sd: [Double](repeating: 1, count: d))
            var p = try AnnealingPopulation(flow: flat, modeFlow: flat, posterior: posterior, settings: settings,
                                            rng: rng, threads: 1)
            p.searchedModes = true
            p.laterSearches = options.searchAgainAt.count
            p.beta = 1
            let covariance = (0..<(d * d)).map { $0 % (d + 1) == 0 ? sd * sd : 0 }
            let mode = FoundMode(center: center, logTarget: 0, logLikelihood: 0, covariance: covariance)
            try p.adopt(ModeSearchResult(modes: [mode]), options: options, threads: 1)
            var ledger = EvaluationLedger()
            for _ in 0..<5 { _ = try p.advance(posterior: posterior, threads: 1, ledger: &ledger) }
            return p
        }
        run.finished = [try population(knowing: a, stream: 0), try population(knowing: b, stream: 1)]
        run.statuses = [.converged, .converged]
        run.populationIndex = 2
        #expect(!sampler.modeDisagreements(run.finished, used: [0, 1], posterior: posterior).isEmpty,
                "each population alone gives its own mode nearly all the weight")

        #expect(sampler.startSharing(&run, posterior: posterior, threads: 1))
        #expect(run.sharingQueue == [0, 1])
        for (p, other) in [(0, 2), (1, 1)] {
            #expect(run.finished[p].modes.count == 2)
            #expect(run.finished[p].modes[1].discovery.sharedFrom == other)
            #expect(run.finished[p].stagesAtPosterior == 0)
        }
        var done = false
        while !done { done = try sampler.step(&run, posterior: posterior, budget: budget, progress: { _ in }) }
        #expect(run.reconciliation == nil, "the populations agree after sharing")
        #expect(run.statuses.allSatisfy { $0 == .converged })
        let result = sampler.finish(run, posterior: posterior, budget: budget)
        let e = result.evidence
        #expect(e.reliable, "\(e.failedChecks)")
        #expect(abs(e.logEvidence - exact) < max(3 * e.standardError, 0.02) && abs(e.logEvidence - exact) < 0.1,
                "log Z \(e.logEvidence) ± \(e.standardError), exact \(exact)")
        let weights = result.modes.map(\.weight)
        #expect(weights.count == 2 && abs(weights[0] - 0.8) < 0.05 && abs(weights[1] - 0.2) < 0.05, "\(weights)")
    }
}
