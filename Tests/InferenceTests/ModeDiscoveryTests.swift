import Foundation
import Synchronization
import Testing
@testable import Inference

/// The pieces of mode discovery that do not rely on symmetric priors:
/// spread-keeping screening, partial restarts of known modes, and sorting
/// new optima into known and new basins. Targets: two-component Gaussian
/// mixtures with N(0, 3²) priors (the prior is the identity map in u).
@Suite("Mode discovery without symmetry")
struct ModeDiscoveryTests {
    /// Modes at `a` (weight 0.8) and `b` (0.2), each N(centre, sd² I).
    static func bimodal(_ a: [Double], _ b: [Double], sd: Double = 0.2) -> Posterior {
        let d = a.count
        let like = ClosureLogLikelihood(dimension: d) { x in
            var sa = Foundation.log(0.8), sb = Foundation.log(0.2)
            for j in 0..<d {
                sa += Special.normalLogDensity(x[j], mean: a[j], sd: sd)
                sb += Special.normalLogDensity(x[j], mean: b[j], sd: sd)
            }
            return LogWeights.logSumExp([sa, sb])
        }
        return Posterior(parameterNames: (0..<d).map { "x\($0)" },
                         priors: (0..<d).map { _ in try! Prior(.normal(mean: 0, sd: 3)) }, likelihood: like)
    }

    /// Twenty starts near the heavier mode and five near the lighter one: the
    /// best four by f all lie near the heavier mode, so a top-k cut drops the
    /// other basin; keeping half the slots for spread keeps a start near it.
    @Test func screeningKeepsAStartInEveryBasin() {
        let posterior = Self.bimodal([2, 2], [-2, -2])
        var rng = RandomSource(seed: 11)
        var starts: [[Double]] = []
        for _ in 0..<20 { starts.append([2 + 0.3 * rng.normal(), 2 + 0.3 * rng.normal()]) }
        for _ in 0..<5 { starts.append([-2 + 0.6 * rng.normal(), -2 + 0.6 * rng.normal()]) }
        var ledger = EvaluationLedger()
        func kept(spread: Double) -> [[Double]] {
            var batch = QuasiNewtonBatch(posterior: posterior, starts: starts, step: 1e-4)
            batch.initialise(threads: 1, ledger: &ledger)
            batch.retainDiverse(4, spreadFraction: spread)
            return batch.runs.map(\.u)
        }
        let nearLight = { (u: [Double]) in u[0] < 0 && u[1] < 0 }
        #expect(kept(spread: 0).filter(nearLight).isEmpty, "a top-4 cut by f keeps only the heavier basin")
        #expect(kept(spread: 0.5).contains(where: nearLight))
        #expect(kept(spread: 0.5).count == 4)
    }

    /// Partial restarts redraw between 2 and 4 coordinates of a known mode and
    /// lie outside its Laplace region; with the other coordinates at the
    /// mode, a search from the best of them reaches a mode that differs from
    /// the known one in two coordinates only.
    @Test func partialRestartsReachANeighbouringBasin() throws {
        let a = [1.5, -1.5, 0.5, 0.5, 0.5], b = [-1.5, 1.5, 0.5, 0.5, 0.5]
        let posterior = Self.bimodal(a, b, sd: 0.15)
        var ledger = EvaluationLedger()
        let settings = ModeSearchSettings()
        let known = ModeSearch.run(posterior: posterior, starts: [a.map { $0 + 0.05 }], settings: settings,
                                   threads: 1, ledger: &ledger)
        try #require(known.count == 1)
        var rng = RandomSource(seed: 12)
        let restarts = ModeSearch.partialRestarts(of: known, posterior: posterior, count: 400, settings: settings, using: &rng)
        #expect(!restarts.isEmpty && restarts.count <= 400)
        for x in restarts {
            let changed = zip(x, known[0].center).filter { $0 != $1 }.count
            #expect((2...4).contains(changed))
            #expect(!Laplace.contains(known[0], point: x, radius: 6))
        }
        let (l, p) = posterior.evaluate(unconstrained: restarts.flatMap { $0 }, count: restarts.count, threads: 1,
                                        ledger: &ledger)
        let best = restarts.indices.sorted { l[$0] + p[$0] > l[$1] + p[$1] }.prefix(32).map { restarts[$0] }
        let found = ModeSearch.run(posterior: posterior, starts: best, settings: settings, threads: 1, ledger: &ledger)
        let merged = ModeSearch.merge(found, into: known, posterior: posterior, settings: settings, threads: 1,
                                      ledger: &ledger)
        #expect(merged.modes.count == 1)
        let newMode = try #require(merged.modes.first)
        for j in 0..<5 { #expect(abs(newMode.center[j] - b[j]) < 0.05, "new mode at \(newMode.center)") }
    }

    /// An optimum in a known mode's basin becomes a satellite, one in a basin
    /// of its own a new mode.
    @Test func mergeSortsOptimaIntoKnownAndNewBasins() {
        let posterior = Self.bimodal([2, 2], [-2, -2])
        var ledger = EvaluationLedger()
        let settings = ModeSearchSettings()
        let known = ModeSearch.run(posterior: posterior, starts: [[1.9, 2.1]], settings: settings, threads: 1,
                                   ledger: &ledger)
        let found = ModeSearch.run(posterior: posterior, starts: [[-1.8, -2.2], [2.2, 1.8]], settings: settings,
                                   threads: 1, ledger: &ledger)
        let merged = ModeSearch.merge(found, into: known, posterior: posterior, settings: settings, threads: 1,
                                      ledger: &ledger)
        #expect(merged.modes.count == 1)
        #expect(merged.modes.first.map { $0.center[0] < 0 && $0.center[1] < 0 } == true)
        #expect(merged.modes.allSatisfy { m in !known.contains { Laplace.sameMode($0, m) } })
    }

    /// Replicates more than 3 combined standard errors apart fail the rule; closer ones pass.
    @Test func replicateRule() {
        let rules = ReliabilityRules()
        #expect(rules.replicates([(-10.0, 0.05), (-10.1, 0.05)]) == nil)
        let check = rules.replicates([(-10.0, 0.05), (-10.3, 0.05)])
        #expect(check?.rule == .replicateAgreement)
        #expect(rules.replicates([(-10.0, 0.05), (.nan, 0.05)]) != nil)
    }

    /// The mode search runs inside a stage: it reports its progress as it
    /// goes (a phase of its own, with its evaluations so far), so a user
    /// sees it working; its counts grow and stay within the run's.
    @Test func modeSearchReportsItsProgress() throws {
        let posterior = Self.bimodal([2, 2], [-2, -2])
        var settings = AnnealingSettings()
        settings.schedule.samplesPerStage = 500
        settings.robust?.populations = 1
        let sampler = AnnealedFlowSampler<EllipticalDensity>(settings: settings) { d, _, _ in
            EllipticalDensity(mean: [Double](repeating: 0, count: d), sd: [Double](repeating: 1, count: d))
        }
        let reports = Mutex<[ProgressReport]>([])
        let result = try sampler.run(posterior, seed: 4, budget: Budget(maxEvaluations: 40_000, threads: 1),
                                     progress: { r in reports.withLock { $0.append(r) } })
        let searches = reports.withLock { $0 }.compactMap { r -> (Int, Int)? in
            guard case let .modeSearch(evaluations, _) = r.phase else { return nil }
            return (evaluations, r.row.evaluations)
        }
        #expect(searches.count >= 10, "\(searches.count) mode-search reports")
        #expect(searches.first?.0 == 0)
        #expect(searches.contains { $0.0 > 0 })
        #expect(zip(searches, searches.dropFirst()).allSatisfy { $0.1 <= $1.1 }, "the run's count never goes back")
        #expect(searches.allSatisfy { $0.0 <= $0.1 && $0.1 <= result.ledger.evaluations })
        // A search counts from its own start: the previous stage's total plus
        // the 500 draws of the stage it runs in.
        var stageTotal = 0
        for r in reports.withLock({ $0 }) {
            if case let .modeSearch(evaluations, _) = r.phase {
                #expect(r.row.evaluations - evaluations == stageTotal + 500,
                        "search at \(r.row.evaluations) reports \(evaluations) after a stage total of \(stageTotal)")
            } else {
                stageTotal = r.row.evaluations
            }
        }
    }
}
