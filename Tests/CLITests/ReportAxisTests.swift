import Foundation
import Testing
@testable import flowcli

/// Tick generation: labels never overlap, stay within the axis, and sit on
/// "nice" values inside the range.
@Suite struct ReportAxisTests {
    /// The pixel extent [start, end] of each placed label, as `place` computes it.
    static func extents(_ ticks: [Tick], scale: AxisScale, length: Double, horizontal: Bool, fontSize: Double)
        -> [(Double, Double)] {
        ticks.map { t in
            let centre = (scale.fraction(t.value) ?? .nan) * length + t.shift
            let half = horizontal ? AxisScale.labelWidth(t.label, fontSize: fontSize) / 2 : fontSize * 0.6
            return (centre - half, centre + half)
        }
    }

    static let axes: [AxisScale] = [
        AxisScale(lower: 0, upper: 1, isLog: false),
        AxisScale(lower: -107.99, upper: -107.93, isLog: false),
        AxisScale(lower: 1.2e-7, upper: 3.4e-7, isLog: false),
        AxisScale(lower: 12_345, upper: 2_345_678, isLog: false),
        AxisScale(lower: -3, upper: 250, isLog: false),
        AxisScale(lower: 1e-3, upper: 1e4, isLog: true),
        AxisScale(lower: 0.5, upper: 3, isLog: true),
        AxisScale(lower: 1, upper: 1e12, isLog: true),
    ]

    @Test(arguments: axes, [60.0, 140, 400, 1000])
    func labelsDoNotOverlapAndStayOnTheAxis(_ scale: AxisScale, _ length: Double) {
        for horizontal in [true, false] {
            let fontSize = 11.0, gap = 6.0
            let ticks = scale.ticks(length: length, horizontal: horizontal, fontSize: fontSize, gap: gap)
            #expect(!ticks.isEmpty, "no tick for \(scale) on \(length) px")
            let spans = Self.extents(ticks, scale: scale, length: length, horizontal: horizontal, fontSize: fontSize)
            for (a, b) in zip(spans, spans.dropFirst()) {
                #expect(b.0 >= a.1 + gap - 1e-9, "labels overlap: \(ticks.map(\.label)) on \(length) px")
            }
            for s in spans { #expect(s.0 >= -1e-9 && s.1 <= length + 1e-9, "label off the axis: \(ticks.map(\.label))") }
            let span = scale.upper - scale.lower
            for t in ticks {
                #expect(t.value >= scale.lower - 1e-9 * span && t.value <= scale.upper + 1e-9 * span)
            }
            #expect(zip(ticks, ticks.dropFirst()).allSatisfy { $0.value < $1.value })
            #expect(Set(ticks.map(\.label)).count == ticks.count, "repeated label: \(ticks.map(\.label))")
        }
    }

    @Test func wideAxesGetSeveralTicksOnNiceSteps() {
        let scale = AxisScale(lower: -3, upper: 250, isLog: false)
        let ticks = scale.ticks(length: 1000, horizontal: true, fontSize: 11)
        #expect(ticks.count >= 5)
        let step = ticks[1].value - ticks[0].value
        // A step of 1, 2 or 5 × 10^k, and every tick a multiple of it.
        let mantissa = step / pow(10, floor(log10(step)))
        #expect([1.0, 2, 5].contains { abs(mantissa - $0) < 1e-9 })
        for t in ticks { #expect(abs(t.value / step - (t.value / step).rounded()) < 1e-9) }
        #expect(ticks.first?.label == "0")
        // A log axis over 7 decades shows decades.
        let log = AxisScale(lower: 1e-3, upper: 1e4, isLog: true).ticks(length: 1000, horizontal: true, fontSize: 11)
        #expect(log.map(\.value).contains(1))
        #expect(log.map(\.value).contains(1000))
    }

    @Test func niceStepAndLabels() {
        #expect(AxisScale.niceStep(0.13) == 0.2)
        #expect(AxisScale.niceStep(3) == 5)
        #expect(AxisScale.niceStep(7) == 10)
        #expect(AxisScale.niceStep(1) == 1)
        #expect(AxisScale.niceStep(0) == 0)
        #expect(AxisScale.labels([0, 0.2, 0.4], step: 0.2) == ["0.0", "0.2", "0.4"])
        #expect(AxisScale.labels([-10, 0, 10], step: 10) == ["-10", "0", "10"])
        #expect(NumberFormat.scientific(1.5e-4, significant: 3) == "1.5e-4")
        #expect(NumberFormat.scientific(2e6, significant: 2) == "2e6")
    }
}
