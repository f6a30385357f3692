import Foundation
import Testing
@testable import Inference

/// The estimate of modes no population found (Chao2 from incidence counts),
/// against the formula worked by hand, and the warning a run gives when a
/// mode was found by only one population's own search.
@Suite struct UnseenModesTests {
    @Test func chao2ByHand() {
        // Three populations; modes found by 3, 2 and 1 of them: Q1 = 1, Q2 = 1,
        // f0 = (2/3)·1²/(2·1) = 1/3.
        let a = UnseenModes(populations: 3, incidence: [3, 2, 1])
        #expect(a.singletons == 1 && a.doubletons == 1)
        #expect(abs(a.estimate - 1.0 / 3) < 1e-15)
        // Two populations, one mode each found once, one found by both:
        // f0 = (1/2)·1/(2·1) = 1/4.
        #expect(abs(UnseenModes(populations: 2, incidence: [1, 2]).estimate - 0.25) < 1e-15)
        // Five populations, Q1 = 3, Q2 = 0: bias-corrected form (4/5)·3·2/2 = 2.4.
        #expect(abs(UnseenModes(populations: 5, incidence: [1, 1, 1, 5]).estimate - 2.4) < 1e-12)
        // Every mode found by every population: nothing suggests a missed one.
        #expect(UnseenModes(populations: 3, incidence: [3, 3, 3]).estimate == 0)
        // One population: nothing to compare.
        #expect(UnseenModes(populations: 1, incidence: [1, 1]).estimate == 0)
    }

    static func mode(at x: Double, weight: Double, own: [Int], shared: [(to: Int, from: Int)]) -> ModeSummary {
        let found = own.map { ModeFinding(population: $0, discovery: ModeDiscovery(stage: 0, beta: 0, poolShareBefore: 0),
                                          populationWeight: weight) }
            + shared.map { ModeFinding(population: $0.to, discovery: ModeDiscovery(stage: 9, beta: 1, poolShareBefore: 0,
                                                                                    sharedFrom: $0.from),
                                       populationWeight: weight) }
        return ModeSummary(center: [x], logTarget: 0, weight: weight, weightError: 0.01, foundBy: found)
    }

    @Test func aModeOnlyOnePopulationFoundIsReportedAndSharingDoesNotCount() {
        typealias Sampler = AnnealedFlowSampler<EllipticalDensity>
        let modes = [
            Self.mode(at: 1, weight: 0.34, own: [1, 2, 3], shared: []),
            Self.mode(at: 2, weight: 0.33, own: [1, 3], shared: [(2, 1)]),
            Self.mode(at: 3, weight: 0.33, own: [3], shared: [(1, 3), (2, 3)]),
        ]
        let unseen = Sampler.unseenModes(modes, populations: 3)
        #expect(unseen.incidence == [3, 2, 1])
        let warnings = Sampler.fragileDiscoveries(modes, unseen: unseen, names: ["x"])
        #expect(warnings.count == 1)
        #expect(warnings.first?.contains("x=3") == true && warnings.first?.contains("only 1 of 3 populations (population 3)") == true,
                "\(warnings)")
        #expect(warnings.first?.contains("0.333") == true, "\(warnings)")
        // All found by every population's own search: no warning.
        let easy = [Self.mode(at: 1, weight: 0.5, own: [1, 2, 3], shared: []),
                    Self.mode(at: 2, weight: 0.5, own: [1, 2, 3], shared: [])]
        #expect(Sampler.fragileDiscoveries(easy, unseen: Sampler.unseenModes(easy, populations: 3), names: ["x"]).isEmpty)
        // A single population cannot tell.
        let one = [Self.mode(at: 1, weight: 1, own: [1], shared: [])]
        #expect(Sampler.fragileDiscoveries(one, unseen: Sampler.unseenModes(one, populations: 1), names: ["x"]).isEmpty)
    }
}
