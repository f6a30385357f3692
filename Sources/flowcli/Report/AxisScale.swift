import Foundation

/// A plot axis over `[lower, upper]` (natural units), linear or logarithmic.
/// Positions are computed in the transformed coordinate `t = x` or
/// `t = log10 x`, so a log axis spaces decades evenly.
struct AxisScale: Sendable, Equatable {
    var lower: Double
    var upper: Double
    var isLog: Bool
    /// Ticks only at whole numbers (counts such as stages).
    var integerTicks = false

    /// The transformed coordinate, or nil where the axis cannot show `x`
    /// (non-finite, or ≤ 0 on a log axis).
    @inline(__always)
    func transform(_ x: Double) -> Double? {
        guard x.isFinite else { return nil }
        if isLog { return x > 0 ? log10(x) : nil }
        return x
    }

    var transformedLower: Double { transform(lower) ?? 0 }
    var transformedUpper: Double { transform(upper) ?? 1 }

    /// `x`'s position as a fraction of the axis (0 at `lower`, 1 at `upper`,
    /// outside [0, 1] beyond the range); nil if not representable.
    func fraction(_ x: Double) -> Double? {
        guard let t = transform(x) else { return nil }
        let a = transformedLower, b = transformedUpper
        return b > a ? (t - a) / (b - a) : 0.5
    }

    /// The natural value at fraction `f` of the axis.
    func value(atFraction f: Double) -> Double {
        let t = transformedLower + f * (transformedUpper - transformedLower)
        return isLog ? pow(10, t) : t
    }

    /// An axis covering the bulk of a weighted sample: the weighted 0.1% and
    /// 99.9% quantiles of the transformed values, widened by `padding` of the
    /// span on each side, and widened further to take in `include` (e.g. a
    /// truth) when that at most triples the span. A zero span becomes
    /// ±5% of the value (±0.1 decade on a log axis; ±1 around 0).
    /// - Returns: nil when no value is representable.
    static func fitting(values: [Double], weights: [Double], isLog: Bool,
                        include: [Double] = [], padding: Double = 0.06) -> AxisScale? {
        var ts: [Double] = [], ws: [Double] = []
        for (x, w) in zip(values, weights) where w > 0 && x.isFinite && (!isLog || x > 0) {
            ts.append(isLog ? log10(x) : x)
            ws.append(w)
        }
        guard let q = SampleTable.quantiles(ts, weights: ws, levels: [0.001, 0.999]) else { return nil }
        return fitting(transformedRange: q[0]...q[1], isLog: isLog, include: include, padding: padding)
    }

    /// As ``fitting(values:weights:isLog:include:padding:)`` from a range of
    /// transformed values.
    static func fitting(transformedRange range: ClosedRange<Double>, isLog: Bool,
                        include: [Double] = [], padding: Double = 0.06) -> AxisScale {
        var a = range.lowerBound, b = range.upperBound
        let span = b - a
        for x in include where x.isFinite && (!isLog || x > 0) {
            let t = isLog ? log10(x) : x
            let na = min(a, t), nb = max(b, t)
            if span > 0 ? (nb - na) <= 3 * span : true { a = na; b = nb }
        }
        if !(b - a > 1e-12 * max(abs(a), abs(b), 1e-300)) {
            let mid = (a + b) / 2
            let half = isLog ? 0.1 : (mid == 0 ? 1 : abs(mid) * 0.05)
            a = mid - half
            b = mid + half
        } else {
            let pad = (b - a) * padding
            a -= pad
            b += pad
        }
        return isLog ? AxisScale(lower: pow(10, a), upper: pow(10, b), isLog: true)
            : AxisScale(lower: a, upper: b, isLog: false)
    }

    /// The union of two axes of the same kind.
    func union(_ other: AxisScale) -> AxisScale {
        AxisScale(lower: min(lower, other.lower), upper: max(upper, other.upper), isLog: isLog,
                  integerTicks: integerTicks && other.integerTicks)
    }
}
