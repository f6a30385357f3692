import Foundation
import Testing
@testable import flowcli

/// The report's pure data functions: weighted quantiles and moments,
/// histogram masses, HTML escaping, CSV numbers.
@Suite struct ReportDataTests {
    /// The report and summary.json share one quantile definition: linear
    /// interpolation of the weighted CDF taken at the midpoint of each
    /// sample's weight (python.md's `weighted_quantile`). Expected values by hand.
    @Test func weightedQuantilesInterpolateTheMidpointCDF() throws {
        // Equal weights on 1…4: midpoints at 0.125, 0.375, 0.625, 0.875.
        let q = try #require(SampleTable.quantiles([3, 1, 4, 2], weights: [1, 1, 1, 1], levels: [0, 0.125, 0.25, 0.5, 0.875, 1]))
        #expect(q == [1, 1, 1.5, 2.5, 4, 4])
        // Weights 0.2, 0.5, 0.3 on 10, 20, 30: midpoints 0.1, 0.45, 0.85; 0.275 is halfway from 10 to 20.
        let w = try #require(SampleTable.quantiles([30, 10, 20], weights: [3, 2, 5], levels: [0.1, 0.275, 0.45, 0.95]))
        for (a, b) in zip(w, [10.0, 15, 20, 30]) { #expect(abs(a - b) < 1e-12) }
        // Zero and negative weights and non-finite values take no part.
        let z = try #require(SampleTable.quantiles([5, .nan, 7, 100], weights: [1, 1, 1, -1], levels: [0.5]))
        #expect(z == [6])
        #expect(SampleTable.quantiles([1, 2], weights: [0, 0], levels: [0.5]) == nil)
    }

    @Test func parameterStatisticsAreWeightedOrAbsent() throws {
        // Values 1 and 3 with weights 1 and 3: mean 2.5, variance (2.25 + 3·0.25)/4 = 0.75.
        let m = RunDocument.Stats(values: [1, 3], weights: [1, 3])
        #expect(abs(try #require(m.mean) - 2.5) < 1e-15)
        #expect(abs(try #require(m.sd) - 0.75.squareRoot()) < 1e-15)
        // Midpoints 0.125 and 0.625: the median is 1 + (0.375/0.5)·2 = 2.5.
        #expect(abs(try #require(m.median) - 2.5) < 1e-12)
        // Nothing to summarise: every statistic is absent (shown as –), never 0.
        let empty = RunDocument.Stats(values: [1, 2], weights: [0, 0])
        #expect(empty.mean == nil && empty.sd == nil && empty.quantiles.allSatisfy { $0 == nil })
        #expect(NumberFormat.page.significant(empty.mean) == "–")
    }

    @Test func histogramMassesAreTheWeightFractionsPerBin() {
        let scale = AxisScale(lower: 0, upper: 4, isLog: false)
        // Weights normalised to 1; one value exactly at the upper end goes into the last bin.
        let h = Histogram(values: [0.5, 1.5, 1.6, 3.5, 4.0], weights: [0.1, 0.2, 0.3, 0.15, 0.25], scale: scale, bins: 4, smoothing: 0)
        let expected = [0.1, 0.5, 0, 0.4]
        for (m, e) in zip(h.masses, expected) { #expect(abs(m - e) < 1e-15) }
        #expect(abs(h.masses.reduce(0, +) - 1) < 1e-15)
        // Values outside the axis are dropped: the masses sum to the fraction inside.
        let out = Histogram(values: [-1, 2, 9], weights: [0.25, 0.5, 0.25], scale: scale, bins: 8, smoothing: 0)
        #expect(abs(out.masses.reduce(0, +) - 0.5) < 1e-15)
        // Smoothing away from the edges keeps the total mass.
        let spike = Histogram(values: [2], weights: [1], scale: scale, bins: 41, smoothing: 1.5)
        #expect(abs(spike.masses.reduce(0, +) - 1) < 1e-12)
        #expect(spike.masses.max() == spike.masses[20])
        // On a log axis the bins are equal in log10: 1, 10, 100 on [1, 1000] fall one per bin.
        let log = Histogram(values: [1.5, 15, 150], weights: [0.2, 0.3, 0.5], scale: AxisScale(lower: 1, upper: 1000, isLog: true),
                            bins: 3, smoothing: 0)
        #expect(log.masses == [0.2, 0.3, 0.5])
    }

    @Test func htmlEscaping() {
        #expect(HTML.escape(#"<a href="x">Tom & 'Jerry'</a>"#)
                == "&lt;a href=&quot;x&quot;&gt;Tom &amp; &#39;Jerry&#39;&lt;/a&gt;")
        #expect(HTML.escape("log Ẑ ± σ, β→1") == "log Ẑ ± σ, β→1")
        #expect(HTML.escape("&amp;") == "&amp;amp;")
    }

    @Test func csvReadsNonFiniteNumbers() throws {
        let text = "# comment\nlog_weight,log_likelihood,k\n0,-inf,1.5\n\nnan, inf ,-INF\n-1e-3,2,3\n"
        let t = try CSVTable.parse(text, path: "x.csv")
        #expect(t.header == ["log_weight", "log_likelihood", "k"])
        #expect(t.headerLine == 2)
        #expect(t.lines == [3, 5, 6])
        #expect(t.rows[0][1] == -.infinity)
        #expect(t.rows[1][0].isNaN)
        #expect(t.rows[1][1] == .infinity)
        #expect(t.rows[1][2] == -.infinity)
        #expect(t.rows[2] == [-0.001, 2, 3])
        #expect(CSVTable.number("-inf") == -.infinity)
        #expect(CSVTable.number("nan")?.isNaN == true)
        #expect(CSVTable.number("1.5x") == nil)
        #expect(CSVTable.number("") == nil)
    }

    @Test func csvErrorsNameTheLine() {
        #expect(throws: ReportError.malformedCSV(path: "x.csv", line: 3, reason: "'abc' in column 'b' is not a number")) {
            try CSVTable.parse("a,b\n1,2\n1,abc\n", path: "x.csv")
        }
        #expect(throws: ReportError.malformedCSV(path: "x.csv", line: 2, reason: "1 fields where the header has 2")) {
            try CSVTable.parse("a,b\n1\n", path: "x.csv")
        }
        #expect(throws: ReportError.malformedCSV(path: "x.csv", line: 2, reason: "more fields than the header's 2")) {
            try CSVTable.parse("a,b\n1,2,3\n", path: "x.csv")
        }
    }

    @Test func sampleWeightsDropUnusableRows() throws {
        // log weights 0, log 3, −∞, NaN, and a row with a non-finite parameter.
        let s = SampleTable(parameterNames: ["k"], columns: [[1, 2, 3, 4, .nan]], logWeights: [0, log(3), -.infinity, .nan, 5],
                            logLikelihoods: [0, 0, 0, 0, 0])
        let w = try #require(s.weights)
        #expect(abs(w[0] - 0.25) < 1e-15 && abs(w[1] - 0.75) < 1e-15)
        #expect(w[2] == 0 && w[3] == 0 && w[4] == 0)
        #expect(abs(s.effectiveSampleSize - 1 / (0.0625 + 0.5625)) < 1e-12)
    }
}
