import Foundation
import Testing
@testable import Inference

/// ``ModeCoverage``: the weight beyond every listed mode's basin. Two listed
/// modes N((±4, 0, …), I) in d = 8; seeded draws from them, and from a third
/// basin at (0, 12, 0, …) that no mode lists (as on the repressilator, seed 7,
/// where the annealing reached three modes no search had found).
@Suite struct ModeCoverageShareTests {
    static let d = 8

    func draws(around center: [Double], count: Int, rng: inout RandomSource) -> [Double] {
        (0..<count).flatMap { _ in center.map { $0 + rng.normal() } }
    }

    func center(_ x: Double, _ y: Double) -> [Double] { [x, y] + [Double](repeating: 0, count: Self.d - 2) }

    @Test func drawsFromListedModesAreInside() {
        var rng = RandomSource(seed: 91)
        let listed = [EllipticalDensity(mean: center(-4, 0), sd: [Double](repeating: 1, count: Self.d)),
                      EllipticalDensity(mean: center(4, 0), sd: [Double](repeating: 1, count: Self.d))]
        let points = draws(around: center(-4, 0), count: 500, rng: &rng) + draws(around: center(4, 0), count: 500, rng: &rng)
        let share = ModeCoverage.shareOutside(points: points, logWeights: [Double](repeating: 0, count: 1000),
                                              components: listed, radius: 3, dimension: Self.d)
        #expect(share == 0, "χ²₈ beyond 72 has probability 6e-12")
    }

    /// 30 % of the weight in the unlisted basin, with unequal weights: the
    /// share is that weight, and the nearest-mode assignment alone (what the
    /// mode table does) would have hidden it in the two listed modes.
    @Test func weightInAnUnlistedBasinIsOutside() {
        var rng = RandomSource(seed: 92)
        let listed = [EllipticalDensity(mean: center(-4, 0), sd: [Double](repeating: 1, count: Self.d)),
                      EllipticalDensity(mean: center(4, 0), sd: [Double](repeating: 1, count: Self.d))]
        let points = draws(around: center(-4, 0), count: 400, rng: &rng) + draws(around: center(4, 0), count: 300, rng: &rng)
            + draws(around: center(0, 12), count: 300, rng: &rng)
        // Weights 1 in the listed basins, 10/7 in the unlisted one: 300·10/7 / (700 + 300·10/7) = 0.38.
        let logW = [Double](repeating: 0, count: 700) + [Double](repeating: Foundation.log(10.0 / 7), count: 300)
        let share = ModeCoverage.shareOutside(points: points, logWeights: logW, components: listed, radius: 3, dimension: Self.d)
        #expect(abs(share - 300 * 10.0 / 7 / (700 + 300 * 10.0 / 7)) < 1e-12, "\(share)")
    }
}
