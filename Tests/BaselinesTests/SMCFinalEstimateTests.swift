import Foundation
import Inference
import Testing
@testable import Baselines

/// The final importance-sampling estimate's error covers replicates that
/// disagree. Each replicate's fresh draws are modelled directly as log
/// weights log(p/q) = log Z + log r + noise: r = 1 for a replicate whose
/// mixture q covers all three equal modes, r = 2/3 for one that missed a
/// mode (q puts 1/2 where p has 1/3), noise N(0, 0.3²) (seeded).
@Suite struct SMCFinalEstimateTests {
    static let logZ = -5.0

    func replicate(_ index: Int, logShare: Double, rng: inout RandomSource) -> SMCReplicate {
        var r = SMCReplicate(index: index, scale: 1, resampling: .multinomial)
        r.finalLogWeights = (0..<1000).map { _ in Self.logZ + logShare + 0.3 * rng.normal() - 0.045 }
        return r
    }

    /// Replicates that agree: the spread estimates the same error as the
    /// delta method (each replicate's sd is √R times the pooled error), so the
    /// larger of the two stays close to it; with R = 4 the spread's own
    /// scatter lets it exceed the delta-method error by up to about 2×.
    @Test func agreeingReplicatesKeepTheirError() throws {
        var rng = RandomSource(seed: 41)
        let done = (0..<4).map { replicate($0, logShare: 0, rng: &rng) }
        let sampler = try SMCSampler(SMCSettings())
        let e = try #require(sampler.finalEstimate(done))
        let delta = LogWeights.logMeanWithError(Array(done.compactMap(\.finalLogWeights).joined())).standardError
        #expect(e.error >= delta && e.error <= 2.5 * delta, "\(e.error) against \(delta)")
        #expect(abs(e.logZ - Self.logZ) < 3 * e.error, "\(e.logZ) ± \(e.error)")
        #expect(e.checks.isEmpty)
    }

    /// Two of four replicates missed a mode: the pooled estimate is
    /// log((1 + 1 + 2/3 + 2/3)/4) = −0.18 from log Z, while the weights'
    /// delta-method error is about 0.005. The stated error is the spread,
    /// sd/√R ≈ 0.117, which covers the miss within 2, and the replicate rule fails.
    @Test func disagreeingReplicatesWidenTheError() throws {
        var rng = RandomSource(seed: 42)
        let missed = Foundation.log(2.0 / 3)
        let done = [0.0, 0, missed, missed].enumerated().map { replicate($0.offset, logShare: $0.element, rng: &rng) }
        let sampler = try SMCSampler(SMCSettings())
        let e = try #require(sampler.finalEstimate(done))
        let delta = LogWeights.logMeanWithError(Array(done.compactMap(\.finalLogWeights).joined())).standardError
        #expect(delta < 0.01)
        #expect(e.error > 10 * delta && abs(e.error - 0.117) < 0.01, "\(e.error)")
        #expect(e.note.contains("replicates' spread"), "\(e.note)")
        #expect(abs(e.logZ - Self.logZ) > 3 * delta, "the premise: the weights' error alone would not cover the miss")
        #expect(abs(e.logZ - Self.logZ) < 2 * e.error, "\(e.logZ) ± \(e.error)")
        #expect(e.checks.contains { $0.rule == .replicateAgreement })
    }
}
