import Foundation
import Testing
@testable import Inference

/// Starting the first mode search at a user's guess (`--guess`): an optimum
/// against a prior bound, which sits at u = ±∞ and which searches from prior
/// draws do not reach, is found from a guess placed exactly on the bound.
@Suite("Mode search from a guess")
struct ModeSearchGuessTests {
    /// Two LogUniform(1e-9, 1) parameters. log L is the larger of a broad bump
    /// around log10 x = (−2, −2) (sd 0.5 decades) and, 15 nats higher, a narrow
    /// one (sd 0.01 decades) centred on the lower bound log10 x = (−9, −9): the
    /// narrow term is the larger within ≈ 0.15 decades of the bound, 1.7 % of
    /// the prior's range per coordinate (0.03 % of the square). In u the
    /// narrow mode lies at u ≈ −6.8 (0.01 decades from the bound) with log
    /// target ≈ +0.4, the broad one at ≈ −3.4.
    static let posterior: Posterior = {
        let like = ClosureLogLikelihood(dimension: 2) { x in
            var broad = 0.0, narrow = 15.0
            for j in 0..<2 {
                let t = Foundation.log10(x[j])
                broad -= (t + 2) * (t + 2) / (2 * 0.5 * 0.5)
                narrow -= (t + 9) * (t + 9) / (2 * 0.01 * 0.01)
            }
            return max(broad, narrow)
        }
        return Posterior(parameterNames: ["a", "b"],
                         priors: (0..<2).map { _ in try! Prior(.logUniform(lower: 1e-9, upper: 1)) }, likelihood: like)
    }()

    static func starts(_ count: Int, seed: UInt64) -> [[Double]] {
        var rng = RandomSource(seed: seed)
        let u = posterior.samplePrior(count: count, using: &rng)
        return (0..<count).map { Array(u[(2 * $0)..<(2 * $0 + 2)]) }
    }

    static func nearBound(_ mode: FoundMode) -> Bool {
        posterior.natural(mode.center).allSatisfy { Foundation.log10($0) < -8.5 }
    }

    /// A guess on the bound maps to a finite start, clamped to |u| ≤ 12; one
    /// outside the support is dropped.
    @Test func guessesOnABoundGiveFiniteStarts() {
        var p = Self.posterior
        p.guesses = [[1e-9, 1e-9], [1e-9, 2.0]]
        let starts = p.guessStarts()
        #expect(starts.count == 1)
        #expect(starts.first == [-Posterior.guessEdge, -Posterior.guessEdge])
    }

    /// From 64 prior draws (seeds 1–3) the search finds only the broad basin;
    /// with the guess on the bound it also finds the narrow one, marks it
    /// `fromGuess`, ranks it first (its log target is the higher) and places
    /// it within its basin (log10 x within 0.2 decades of −9 in each coordinate).
    @Test(arguments: [1, 2, 3] as [UInt64])
    func aGuessOnTheBoundFindsTheOptimumThere(seed: UInt64) throws {
        let starts = Self.starts(64, seed: seed)
        let settings = ModeSearchSettings()
        var ledger = EvaluationLedger()
        let alone = ModeSearch.discover(posterior: Self.posterior, starts: starts, settings: settings, threads: 1,
                                        ledger: &ledger)
        #expect(!alone.modes.contains(where: Self.nearBound), "the prior draws alone should not reach the bound")
        var p = Self.posterior
        p.guesses = [[1e-9, 1e-9]]
        let withGuess = ModeSearch.discover(posterior: p, starts: starts, guesses: p.guessStarts(), settings: settings,
                                            threads: 1, ledger: &ledger)
        let found = try #require(withGuess.modes.first)
        #expect(Self.nearBound(found))
        #expect(found.fromGuess)
        let x = p.natural(found.center).map { Foundation.log10($0) }
        #expect(x.allSatisfy { abs($0 + 9) < 0.2 }, "log10 x = \(x)")
        #expect(withGuess.modes.dropFirst().allSatisfy { !$0.fromGuess })
    }

    /// A start 3 sd from an optimum of sd 10⁻³ in u: the gradient (3000) makes
    /// the first move the longest allowed (2), and every trial step (2 down to
    /// 0.04) loses f, so the plain climb stops where it started; with
    /// `shrinkOnFailure` it reaches the optimum (within 10⁻⁴).
    @Test func shrinkingStepsReachASharpOptimum() {
        let like = ClosureLogLikelihood(dimension: 2) { x in
            -(x[0] - 1) * (x[0] - 1) / (2 * 1e-6) - x[1] * x[1] / 2
        }
        let posterior = Posterior(parameterNames: ["a", "b"],
                                  priors: (0..<2).map { _ in try! Prior(.normal(mean: 0, sd: 3)) }, likelihood: like)
        func climb(shrinking: Bool) -> [Double] {
            var ledger = EvaluationLedger()
            var batch = QuasiNewtonBatch(posterior: posterior, starts: [[1.003, 0.5]], step: 1e-5)
            batch.shrinkOnFailure = shrinking
            batch.initialise(threads: 1, ledger: &ledger)
            for _ in 0..<200 { batch.iterate(threads: 1, ledger: &ledger) }
            return batch.runs[0].u
        }
        #expect(climb(shrinking: false)[0] == 1.003, "the plain climb should not move")
        let u = climb(shrinking: true)
        #expect(abs(u[0] - 1) < 1e-4, "\(u)")
        #expect(abs(u[1]) < 0.05, "\(u)")
    }
}
