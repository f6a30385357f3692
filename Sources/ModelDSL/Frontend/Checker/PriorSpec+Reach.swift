import Foundation

/// A prior in its working scale `v` (x itself, or log x for LogUniform and
/// LogNormal): where its draws can lie and how wide it is, for the
/// double-precision rules of ``PriorSpec/numericalProblem()``.
struct PriorReach: Sendable {
    /// Whether `v` is log x.
    var logScale: Bool
    /// The range of `v` the sampler can draw: the support of the uniform
    /// kinds, mean ± ``drawReach`` sd of the normal kinds, within any truncation.
    var low: Double
    var high: Double
    /// The truncation bounds in `v` (±∞ where there is none).
    var truncationLow: Double
    var truncationHigh: Double
    /// The prior's width in `v`: hi − lo, the sd, or a truncated range narrower than one sd.
    var spread: Double
    /// What ``spread`` is, in messages: "width", "sd" or "truncated range".
    var spreadName: String
    /// For a truncated Normal or LogNormal, the probability the truncation keeps.
    var truncatedMass: Double?

    /// Mean ± this many sd: the extreme draws of inversion sampling with
    /// 53-bit uniforms (Φ⁻¹(2⁻⁵³) ≈ −8.21), rounded up.
    static let drawReach = 8.3

    /// The largest |v| the transform to ℝ involves: the reach and the finite truncation bounds.
    var location: Double {
        [low, high, truncationLow, truncationHigh].filter(\.isFinite).map(abs).max() ?? 0
    }

    init(_ prior: PriorSpec) {
        logScale = prior.kind == .logUniform || prior.kind == .logNormal
        let log = logScale
        func working(_ x: Double) -> Double { log ? Foundation.log(x) : x }
        truncationLow = prior.truncation.map { working($0.lowerBound) } ?? -.infinity
        truncationHigh = prior.truncation.map { working($0.upperBound) } ?? .infinity
        switch prior.kind {
        case .uniform, .logUniform:
            (low, high) = (max(working(prior.first), truncationLow), min(working(prior.second), truncationHigh))
            (spread, spreadName) = (high - low, "width")
        case .normal, .logNormal:
            let (mu, sd) = (prior.first, prior.second)
            if prior.truncation != nil {
                truncatedMass = Self.normalMass(from: (truncationLow - mu) / sd, to: (truncationHigh - mu) / sd)
            }
            let (reachLow, reachHigh) = (mu - Self.drawReach * sd, mu + Self.drawReach * sd)
            (low, high) = (max(reachLow, truncationLow), min(reachHigh, truncationHigh))
            // A truncation inside the reach narrower than one sd sets the spread.
            let cut = truncationLow > reachLow || truncationHigh < reachHigh
            (spread, spreadName) = cut && high - low < sd ? (high - low, "truncated range") : (sd, "sd")
        }
    }

    /// P(a ≤ Z ≤ b) for a standard normal Z, accurate in both tails (via erfc).
    static func normalMass(from a: Double, to b: Double) -> Double {
        func upperTail(_ z: Double) -> Double { 0.5 * erfc(z / 2.0.squareRoot()) }
        if a >= 0 { return upperTail(a) - upperTail(b) }
        if b <= 0 { return upperTail(-b) - upperTail(-a) }
        return 1 - upperTail(-a) - upperTail(b)
    }
}
