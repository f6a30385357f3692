import Foundation

/// Phase 4, second half: whether a (valid) prior can be used by `fit` in double
/// precision. `fit` samples each parameter in a working scale `v` (x itself,
/// or log x for LogUniform and LogNormal), draws from the prior by inverting
/// its CDF with 53-bit uniforms, maps `v` to an unconstrained coordinate and
/// back, standardises the draws by their sample mean and sd, and hands x to
/// the likelihood. That needs, for the prior's *reach* — the support of the
/// uniform kinds, or mean ± 8.3 sd of the normal kinds (Φ⁻¹(2⁻⁵³) ≈ −8.21 is
/// the most extreme draw of inversion sampling), clipped to any truncation:
///
/// 1. **Range**: |x| ≤ 2⁵⁰⁰ ≈ 3.27e150, and on log scales x ≥ 2⁻⁵⁰⁰ ≈ 3.05e-151
///    (|v| ≤ 500 ln 2 ≈ 346.6): squares, and sums of millions of squares (a
///    Gaussian likelihood, a sample variance), stay finite.
/// 2. **Resolution**: the prior's width in `v` (hi − lo, the sd, or the
///    truncated range if narrower) spans at least 2²⁰ ≈ 10⁶ representable
///    doubles at the largest |v| the transform involves (its finite bounds and
///    the reach), and on log scales is at least 2⁻³² (so x = eᵛ is resolved as
///    finely). Otherwise distinct draws collapse onto a handful of values.
/// 3. **Spread**: that width is at least 2⁻⁵⁰⁰, so squared deviations do not
///    underflow.
/// 4. **Truncated mass**: a truncated Normal or LogNormal keeps at least
///    2⁻³³ ≈ 1.2e-10 of its probability: inversion resolves probabilities
///    near 1 to 2⁻⁵³, so this leaves at least 2²⁰ distinct draws.
///
/// Cost: O(1) per prior.
extension PriorSpec {
    /// A reason `fit` cannot use the prior, with a suggestion.
    struct NumericalProblem: Hashable, Sendable {
        enum Argument: Hashable, Sendable { case distribution, scale, truncation }
        /// Which part of the prior statement the message is about (for its location).
        var argument: Argument
        var message: String
    }

    /// Mean ± this many sd: where inversion sampling with 53-bit uniforms can reach.
    static let drawReach = 8.3
    static let magnitudeLimit = 0x1p500
    static let logMagnitudeLimit = 500 * M_LN2
    static let resolvedValues = 0x1p20
    static let minimumTruncatedMass = 0x1p-33

    /// Why `fit` cannot use this prior in double precision, or nil when it can.
    /// Assumes the checks of ``CheckerRun`` passed (lo < hi, sd > 0, positive
    /// log-scale bounds, a truncation overlapping the support).
    func numericalProblem() -> NumericalProblem? {
        let logScale = kind == .logUniform || kind == .logNormal
        func working(_ x: Double) -> Double { logScale ? Foundation.log(x) : x }
        let tLow = truncation.map { working($0.lowerBound) } ?? -.infinity
        let tHigh = truncation.map { working($0.upperBound) } ?? .infinity
        let shown = "\(kind.rawValue)(\(NumberText.format(first)), \(NumberText.format(second)))"
        var (low, high, spread, scaleName): (Double, Double, Double, String)
        switch kind {
        case .uniform, .logUniform:
            (low, high) = (max(working(first), tLow), min(working(second), tHigh))
            (spread, scaleName) = (high - low, "width")
        case .normal, .logNormal:
            let (mu, sd) = (first, second)
            if truncation != nil {
                let mass = Self.normalMass(from: (tLow - mu) / sd, to: (tHigh - mu) / sd)
                if !(mass >= Self.minimumTruncatedMass) {
                    let range = truncation.map { "[\(NumberText.format($0.lowerBound)), \(NumberText.format($0.upperBound))]" } ?? ""
                    return NumericalProblem(argument: .truncation, message:
                        "truncation \(range) keeps only \(Self.approx(mass)) of the probability of \(shown); at least \(Self.approx(Self.minimumTruncatedMass)) is needed to sample it in double precision; centre the prior inside the truncation")
                }
            }
            let (reachLow, reachHigh) = (mu - Self.drawReach * sd, mu + Self.drawReach * sd)
            (low, high) = (max(reachLow, tLow), min(reachHigh, tHigh))
            // A truncation inside the reach narrower than one sd sets the spread.
            let cut = tLow > reachLow || tHigh < reachHigh
            (spread, scaleName) = cut && high - low < sd ? (high - low, "truncated range") : (sd, "sd")
        }
        let reach = kind == .normal || kind == .logNormal ? " (mean ± 8.3 sd)" : ""
        if logScale {
            if !(low >= -Self.logMagnitudeLimit && high <= Self.logMagnitudeLimit) {
                var fix = "narrow the prior"
                if kind == .logNormal {
                    let limit = (Self.logMagnitudeLimit - abs(first)) / Self.drawReach
                    fix = limit > 0 ? "use an sd of at most \(Self.approx(limit, roundingDown: true))" : "move the mean of log x inside ±346.6"
                }
                return NumericalProblem(argument: kind == .logNormal ? .scale : .distribution, message:
                    "\(shown): log x reaches \(Self.approx(abs(low) > abs(high) ? low : high))\(reach), beyond ±346.6: x outside [3.05e-151, 3.27e+150] overflows double-precision arithmetic (squares, sums of squares); \(fix)")
            }
        } else if !(max(abs(low), abs(high)) <= Self.magnitudeLimit) {
            var fix = "rescale the parameter (measure it in other units) or narrow the prior"
            if kind == .uniform && first > 0 { fix += "; for a positive quantity spanning many orders of magnitude use LogUniform" }
            return NumericalProblem(argument: kind == .normal ? .scale : .distribution, message:
                "\(shown): values reach \(Self.approx(abs(low) > abs(high) ? low : high))\(reach), beyond ±3.27e+150 where double-precision arithmetic (squares, sums of squares) overflows; \(fix)")
        }
        let argument: NumericalProblem.Argument = scaleName == "truncated range" ? .truncation
            : kind == .normal || kind == .logNormal ? .scale : .distribution
        let anchors = [low, high, tLow, tHigh].filter(\.isFinite).map(abs)
        let location = anchors.max() ?? 0
        let needed = max(Self.resolvedValues * location.ulp, logScale ? 0x1p-32 : 0)
        if !(spread >= needed) {
            let at = logScale && Self.resolvedValues * location.ulp < 0x1p-32 ? "" : " at \(Self.approx(location))"
            return NumericalProblem(argument: argument, message:
                "\(shown): the \(scaleName) \(Self.approx(spread))\(logScale ? " of log x" : "") is too small to resolve\(at) in double precision (fewer than 10^6 representable values; need at least \(Self.approx(needed))); give the parameter a fixed value instead of a prior, or widen the prior")
        }
        if !(spread >= 0x1p-500) {
            return NumericalProblem(argument: argument, message:
                "\(shown): the \(scaleName) \(Self.approx(spread)) is below 3.05e-151, where squared deviations underflow in double precision; rescale the parameter (measure it in other units)")
        }
        return nil
    }

    /// P(a ≤ Z ≤ b) for a standard normal Z, accurate in both tails (via erfc).
    static func normalMass(from a: Double, to b: Double) -> Double {
        func upperTail(_ z: Double) -> Double { 0.5 * erfc(z / 2.0.squareRoot()) }
        if a >= 0 { return upperTail(a) - upperTail(b) }
        if b <= 0 { return upperTail(-b) - upperTail(-a) }
        return 1 - upperTail(-a) - upperTail(b)
    }

    /// Three significant digits: `3.27e+150`, `2.33e-10`, `41.7`; rounded
    /// towards zero when the value is a limit not to be exceeded.
    static func approx(_ value: Double, roundingDown: Bool = false) -> String {
        guard roundingDown, value.isFinite, value > 0 else { return String(format: "%.3g", value) }
        let unit = Foundation.pow(10, Foundation.floor(Foundation.log10(value)) - 2)
        return String(format: "%.3g", Foundation.floor(value / unit) * unit)
    }
}
