import Foundation
import Testing
@testable import Inference

@Suite("Flow proposal with a widened base")
struct FlowProposalTests {
    /// The density of a widened flow must integrate to one and match its own
    /// draws; in 1-D the flow is affine, so the widened density is a normal
    /// whose sd is exactly s times the flow's.
    @Test func widenedDensityIsNormalised() throws {
        var rng = RandomSource(seed: 1)
        var settings = AnnealingSettings()
        settings.flow.layers = 2
        settings.flow.hidden = 8
        var proposal = try FlowProposal(dimension: 1, settings: settings, rng: &rng)
        // Fit to N(1, 0.5²) so the flow is not the identity.
        let x = (0..<4000).map { _ in 1 + 0.5 * rng.normal() }
        _ = try proposal.fit(points: x, weights: [Double](repeating: 1, count: x.count), count: x.count, using: &rng, threads: 1)
        let wide = proposal.widened(1.5)
        let grid = stride(from: -8.0, through: 10.0, by: 0.001).map { $0 }
        let integral = wide.logDensity(of: grid, count: grid.count, threads: 1).reduce(0) { $0 + exp($1) * 0.001 }
        #expect(abs(integral - 1) < 1e-4)
        let narrowSD = sampleSD(proposal, &rng), wideSD = sampleSD(wide, &rng)
        #expect(abs(wideSD / narrowSD - 1.5) < 0.05)
        let (points, logq) = wide.sample(count: 100, using: &rng, threads: 1)
        let again = wide.logDensity(of: points, count: 100, threads: 1)
        for (a, b) in zip(logq, again) { #expect(abs(a - b) < 1e-9) }
    }

    private func sampleSD(_ p: FlowProposal, _ rng: inout RandomSource) -> Double {
        let s = p.sample(count: 20_000, using: &rng, threads: 1).points
        let m = s.reduce(0, +) / Double(s.count)
        return (s.map { ($0 - m) * ($0 - m) }.reduce(0, +) / Double(s.count - 1)).squareRoot()
    }
}
