import Foundation

/// Phase 4, second half: whether a (valid) prior can be used by `fit` in double
/// precision. `fit` samples each parameter in a working scale `v` (x itself,
/// or log x for LogUniform and LogNormal), draws from the prior by inverting
/// its CDF with 53-bit uniforms, maps `v` to an unconstrained coordinate and
/// back, standardises the draws by their sample mean and sd, and hands x to
/// the likelihood. That needs, for the prior's reach (``PriorReach``: the
/// support of the uniform kinds, or mean ± 8.3 sd of the normal kinds, within
/// any truncation):
///
/// 1. **Truncated mass**: a truncated Normal or LogNormal keeps at least
///    2⁻³³ ≈ 1.2e-10 of its probability: inversion resolves probabilities
///    near 1 to 2⁻⁵³, so this leaves at least 2²⁰ distinct draws.
/// 2. **Range**: |x| ≤ 2⁵⁰⁰ ≈ 3.27e150, and on log scales x ≥ 2⁻⁵⁰⁰ ≈ 3.05e-151
///    (|v| ≤ 500 ln 2 ≈ 346.6): squares, and sums of millions of squares (a
///    Gaussian likelihood, a sample variance), stay finite.
/// 3. **Resolution**: the prior's width in `v` spans at least 2²⁰ ≈ 10⁶
///    representable doubles at the largest |v| the transform involves, and on
///    log scales is at least 2⁻³² (so x = eᵛ is resolved as finely). Otherwise
///    distinct draws collapse onto a handful of values.
/// 4. **Spread**: that width is at least 2⁻⁵⁰⁰, so squared deviations do not
///    underflow.
///
/// The first rule broken is reported. Cost: O(1) per prior.
extension PriorSpec {
    /// A reason `fit` cannot use the prior, with a suggestion.
    struct NumericalProblem: Hashable, Sendable {
        enum Argument: Hashable, Sendable { case distribution, scale, truncation }
        /// Which part of the prior statement the message is about (for its location).
        var argument: Argument
        var message: String
    }

    static let magnitudeLimit = 0x1p500
    static let logMagnitudeLimit = 500 * M_LN2
    static let resolvedValues = 0x1p20
    static let logResolution = 0x1p-32
    static let minimumSpread = 0x1p-500
    static let minimumTruncatedMass = 0x1p-33

    /// Why `fit` cannot use this prior in double precision, or nil when it can.
    /// Assumes the checks of ``CheckerRun`` passed (lo < hi, sd > 0, positive
    /// log-scale bounds, a truncation overlapping the support).
    func numericalProblem() -> NumericalProblem? {
        let reach = PriorReach(self)
        return massProblem(reach) ?? rangeProblem(reach) ?? resolutionProblem(reach) ?? spreadProblem(reach)
    }

    private var shown: String { "\(kind.rawValue)(\(NumberText.format(first)), \(NumberText.format(second)))" }
    private var isNormal: Bool { kind == .normal || kind == .logNormal }

    /// The argument a spread problem is about.
    private func spreadArgument(_ reach: PriorReach) -> NumericalProblem.Argument {
        reach.spreadName == "truncated range" ? .truncation : isNormal ? .scale : .distribution
    }

    private func massProblem(_ reach: PriorReach) -> NumericalProblem? {
        guard let mass = reach.truncatedMass, let t = truncation, !(mass >= Self.minimumTruncatedMass) else { return nil }
        let range = "[\(NumberText.format(t.lowerBound)), \(NumberText.format(t.upperBound))]"
        return NumericalProblem(argument: .truncation, message:
            "truncation \(range) keeps only \(Self.approx(mass)) of the probability of \(shown); at least \(Self.approx(Self.minimumTruncatedMass)) is needed to sample it in double precision; centre the prior inside the truncation")
    }

    private func rangeProblem(_ reach: PriorReach) -> NumericalProblem? {
        let extreme = abs(reach.low) > abs(reach.high) ? reach.low : reach.high
        let reaching = isNormal ? " (mean ± 8.3 sd)" : ""
        if reach.logScale {
            guard !(reach.low >= -Self.logMagnitudeLimit && reach.high <= Self.logMagnitudeLimit) else { return nil }
            var fix = "narrow the prior"
            if kind == .logNormal {
                let limit = (Self.logMagnitudeLimit - abs(first)) / PriorReach.drawReach
                fix = limit > 0 ? "use an sd of at most \(Self.approx(limit, roundingDown: true))" : "move the mean of log x inside ±346.6"
            }
            return NumericalProblem(argument: kind == .logNormal ? .scale : .distribution, message:
                "\(shown): log x reaches \(Self.approx(extreme))\(reaching), beyond ±346.6: x outside [3.05e-151, 3.27e+150] overflows double-precision arithmetic (squares, sums of squares); \(fix)")
        }
        guard !(abs(extreme) <= Self.magnitudeLimit) else { return nil }
        var fix = "rescale the parameter (measure it in other units) or narrow the prior"
        if kind == .uniform && first > 0 { fix += "; for a positive quantity spanning many orders of magnitude use LogUniform" }
        return NumericalProblem(argument: kind == .normal ? .scale : .distribution, message:
            "\(shown): values reach \(Self.approx(extreme))\(reaching), beyond ±3.27e+150 where double-precision arithmetic (squares, sums of squares) overflows; \(fix)")
    }

    private func resolutionProblem(_ reach: PriorReach) -> NumericalProblem? {
        let atLocation = Self.resolvedValues * reach.location.ulp
        let needed = max(atLocation, reach.logScale ? Self.logResolution : 0)
        guard !(reach.spread >= needed) else { return nil }
        let at = atLocation < needed ? "" : " at \(Self.approx(reach.location))"
        return NumericalProblem(argument: spreadArgument(reach), message:
            "\(shown): the \(reach.spreadName) \(Self.approx(reach.spread))\(reach.logScale ? " of log x" : "") is too small to resolve\(at) in double precision (fewer than 10^6 representable values; need at least \(Self.approx(needed))); give the parameter a fixed value instead of a prior, or widen the prior")
    }

    private func spreadProblem(_ reach: PriorReach) -> NumericalProblem? {
        guard !(reach.spread >= Self.minimumSpread) else { return nil }
        return NumericalProblem(argument: spreadArgument(reach), message:
            "\(shown): the \(reach.spreadName) \(Self.approx(reach.spread)) is below 3.05e-151, where squared deviations underflow in double precision; rescale the parameter (measure it in other units)")
    }

    /// Three significant digits: `3.27e+150`, `2.33e-10`, `41.7`; rounded
    /// towards zero when the value is a limit not to be exceeded.
    static func approx(_ value: Double, roundingDown: Bool = false) -> String {
        guard roundingDown, value.isFinite, value > 0 else { return String(format: "%.3g", value) }
        let unit = Foundation.pow(10, Foundation.floor(Foundation.log10(value)) - 2)
        return String(format: "%.3g", Foundation.floor(value / unit) * unit)
    }
}
