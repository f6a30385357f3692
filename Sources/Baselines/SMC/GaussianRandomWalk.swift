import Foundation
import Inference

/// A random-walk proposal for the SMC moves: y = u + s · L z, z ~ N(0, I),
/// where L Lᵀ is the weighted particles' covariance at the start of the stage
/// and s a scale adapted toward a target acceptance. Symmetric (log factor 0).
/// Cost O(N d²) per sweep plus the sweep's N evaluations (``MetropolisSweep``).
struct GaussianRandomWalk {
    let factor: [Double]
    let dimension: Int
    /// The proposal scale s (2.38/√d is optimal for Gaussian targets).
    var scale: Double

    /// One proposal per particle, and their log factors (all 0).
    func propose(_ particles: ParticleSystem, rng: inout RandomSource) -> (proposals: [Double], logFactors: [Double]) {
        let d = dimension, n = particles.count
        var proposals = [Double](repeating: 0, count: n * d)
        var z = [Double](repeating: 0, count: d)
        for i in 0..<n {
            z.withUnsafeMutableBufferPointer { rng.fillNormal($0) }
            for a in 0..<d {
                var s = 0.0
                for b in 0...a { s += factor[a * d + b] * z[b] }
                proposals[i * d + a] = particles.positions[i * d + a] + scale * s
            }
        }
        return (proposals, [Double](repeating: 0, count: n))
    }

    /// Robbins–Monro-style update log s ← log s + (α − α*), clamped to
    /// [10⁻⁴, 10] · 2.38/√d.
    mutating func adapt(acceptance: Double, target: Double) {
        let reference = 2.38 / Double(dimension).squareRoot()
        scale = min(max(scale * Foundation.exp(acceptance - target), 1e-4 * reference), 10 * reference)
    }
}
