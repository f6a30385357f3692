import Foundation

/// A tick: where (natural units) and what it says.
struct Tick: Sendable, Equatable {
    var value: Double
    var label: String
    /// Pixels the label is moved along the axis so that it stays within the
    /// axis's ends (0 for all but labels at an end).
    var shift: Double = 0
}

extension AxisScale {
    /// Ticks whose labels fit along an axis of `length` pixels without
    /// overlapping: the densest "nice" set (steps 1, 2, 5 × 10ᵏ; decades, or
    /// 1-2-5 within decades, on log axes) whose labels keep `gap` pixels
    /// apart and stay within `overhang` pixels beyond either end.
    /// Horizontal labels need their estimated width, vertical ones their
    /// height. Cost O(candidate sets × ticks).
    func ticks(length: Double, horizontal: Bool, fontSize: Double,
               gap: Double = 6, overhang: Double = 0, maxTicks: Int = 10) -> [Tick] {
        let candidates = candidateTickSets(maxTicks: maxTicks)
        for candidate in candidates where candidate.count >= 2 {
            // The whole set, else without a tick at an end whose label does not fit.
            let trimmed = [candidate, Array(candidate.dropFirst()), Array(candidate.dropLast()),
                           Array(candidate.dropFirst().dropLast())]
            for set in trimmed where set.count >= 2 && (set.count >= 3 || candidate.count == 2) {
                if let placed = place(set, length: length, horizontal: horizontal, fontSize: fontSize,
                                      gap: gap, overhang: overhang) {
                    return placed
                }
            }
        }
        // Nothing fits: the single tick nearest the middle.
        let mid = (transformedLower + transformedUpper) / 2
        let all = candidates.flatMap { $0 }
        guard let best = all.min(by: { abs((transform($0.value) ?? 0) - mid) < abs((transform($1.value) ?? 0) - mid) })
        else { return [] }
        return place([best], length: length, horizontal: horizontal, fontSize: fontSize, gap: gap, overhang: overhang) ?? []
    }

    /// Estimated width of a label in pixels (digits ≈ 0.58 em in a sans-serif font).
    static func labelWidth(_ label: String, fontSize: Double) -> Double {
        Double(label.count) * fontSize * 0.58
    }

    /// The ticks with their label shifts, or nil if two labels come closer
    /// than `gap` or a label would have to move by more than half its size
    /// to stay within `overhang` of the ends.
    private func place(_ ticks: [Tick], length: Double, horizontal: Bool, fontSize: Double,
                       gap: Double, overhang: Double) -> [Tick]? {
        var previousEnd = -Double.infinity
        var out: [Tick] = []
        for var tick in ticks {
            guard let f = fraction(tick.value) else { return nil }
            let centre = f * length
            let half = horizontal ? Self.labelWidth(tick.label, fontSize: fontSize) / 2 : fontSize * 0.6
            var shift = 0.0
            if centre - half < -overhang { shift = -overhang - (centre - half) }
            if centre + half > length + overhang { shift = length + overhang - (centre + half) }
            if abs(shift) > half { return nil }
            if centre + shift - half < previousEnd + gap { return nil }
            previousEnd = centre + shift + half
            tick.shift = shift
            out.append(tick)
        }
        return out
    }

    /// Candidate tick sets, densest first.
    func candidateTickSets(maxTicks: Int) -> [[Tick]] {
        var sets: [[Tick]] = []
        let a = transformedLower, b = transformedUpper
        guard b > a else { return [] }
        if isLog && b - a >= 0.9 {
            // Decades with 2 and 5 between, then decades with strides.
            let first = Int(ceil(a - 1e-9)) - 1, last = Int(floor(b + 1e-9))
            for mantissas in [[1.0, 2, 5], [1.0, 3]] {
                var set: [Tick] = []
                for k in first...last { for m in mantissas {
                    let v = m * pow(10, Double(k))
                    if inRange(v) { set.append(Tick(value: v, label: NumberFormat.plain.short(v))) }
                } }
                if set.count <= maxTicks * 2 { sets.append(set) }
            }
            for stride in [1, 2, 3, 4, 5, 10, 20, 50, 100] {
                // Every phase of the stride, the one with most ticks first.
                var phases: [[Tick]] = []
                for phase in 0..<stride {
                    var set: [Tick] = []
                    for k in first...last where ((k % stride) + stride) % stride == phase {
                        let v = pow(10, Double(k))
                        if inRange(v) { set.append(Tick(value: v, label: NumberFormat.plain.short(v))) }
                    }
                    phases.append(set)
                }
                sets += phases.sorted { $0.count > $1.count }
            }
        }
        // Linear nice steps in natural units (also for narrow log axes).
        for count in stride(from: maxTicks, through: 2, by: -1) {
            let set = linearTicks(approximately: count)
            if set.count >= 2, sets.last.map({ $0.map(\.value) != set.map(\.value) }) ?? true { sets.append(set) }
        }
        return sets
    }

    private func inRange(_ v: Double) -> Bool {
        let span = upper - lower
        return v >= lower - 1e-9 * span && v <= upper + 1e-9 * span
    }

    /// Multiples of a 1-2-5 step giving about `count` ticks over [lower, upper].
    func linearTicks(approximately count: Int) -> [Tick] {
        let span = upper - lower
        guard span > 0, span.isFinite, count >= 1 else { return [] }
        let step = integerTicks ? max(1, Self.niceStep(span / Double(count))) : Self.niceStep(span / Double(count))
        guard step > 0, step.isFinite else { return [] }
        let first = (lower / step).rounded(.up), last = (upper / step).rounded(.down)
        guard last - first < 1000 else { return [] }
        var values: [Double] = []
        var k = first
        while k <= last {
            let v = k * step
            values.append(abs(v) < step * 1e-9 ? 0 : v)
            k += 1
        }
        let labels = Self.labels(values, step: step)
        return zip(values, labels).map { Tick(value: $0, label: $1) }
    }

    /// The smallest of 1, 2, 5 × 10ᵏ at least `raw`.
    static func niceStep(_ raw: Double) -> Double {
        guard raw > 0, raw.isFinite else { return 0 }
        let magnitude = pow(10, floor(log10(raw)))
        for m in [1.0, 2, 5, 10] where m * magnitude >= raw * (1 - 1e-12) { return m * magnitude }
        return 10 * magnitude
    }

    /// Labels for evenly spaced values: fixed decimals from the step for
    /// moderate magnitudes, else short scientific notation.
    static func labels(_ values: [Double], step: Double) -> [String] {
        let largest = values.map(abs).max() ?? 0
        if largest >= 1e5 || (largest < 1e-3 && largest > 0) {
            let digits = max(1, Int(ceil(log10(largest / step) + 1e-9)) + 1)
            return values.map { $0 == 0 ? "0" : NumberFormat.scientific($0, significant: digits) }
        }
        let decimals = max(0, -Int(floor(log10(step) + 1e-9)))
        return values.map { String(format: "%.\(decimals)f", $0) }
    }
}
