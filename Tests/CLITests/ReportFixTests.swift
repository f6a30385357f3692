import Foundation
import Testing
@testable import flowcli
import Inference
import ModelDSL
import ODE

/// The report items of issue 12: predictive bands that include the noise
/// model, an evidence chart that spans its data, `–` for statistics that do
/// not exist, and `fit --report` drawn from the run in memory.
@Suite struct ReportFixTests {
    /// linear_gaussian: y = k·t + ε, ε ~ N(0, 0.2²), prior k ~ N(1, 0.5²). The posterior of k is
    /// N(m, s²) with 1/s² = 1/0.5² + Σt²/0.2² and m = s²·(1/0.5² + Σt·y/0.2²) (conjugate normal).
    @Test func predictiveBandsIncludeTheNoiseModel() throws {
        let loaded = try LoadedModel.load(path: CLI.root + "/models/linear_gaussian.model")
        let data = try #require(loaded.data)
        let t = data.measurements.map(\.time), y = data.measurements.map(\.value)
        let precision = 1 / 0.25 + t.reduce(0) { $0 + $1 * $1 } / 0.04
        let s = (1 / precision).squareRoot()
        let m = (1 / 0.25 + zip(t, y).reduce(0) { $0 + $1.0 * $1.1 } / 0.04) / precision
        var rng = RandomSource(seed: 5)
        let draws = (0..<2000).map { _ in m + s * rng.normal() }
        let samples = SampleTable(parameterNames: ["k"], columns: [draws], logWeights: [Double](repeating: 0, count: 2000),
                                  logLikelihoods: [Double](repeating: 0, count: 2000))
        var options = ReportOptions()
        options.predictiveDraws = 400
        options.predictiveGridPoints = 101   // 0, 0.1, …, 10: every measurement time is a grid time
        let bands = try PredictiveBands.compute(loaded: loaded, samples: samples, solver: SolverOptions(), options: options)
        let panel = try #require(bands.panels.first)
        var insideNoisy = 0, insideNoiseFree = 0
        for (time, value) in panel.data {
            let k = try #require(panel.times.firstIndex { abs($0 - time) < 1e-9 })
            if value >= panel.noisyQuantiles[0][k] && value <= panel.noisyQuantiles[4][k] { insideNoisy += 1 }
            if value >= panel.quantiles[0][k] && value <= panel.quantiles[4][k] { insideNoiseFree += 1 }
        }
        // The data were made by this model: about 90% of them fall in the 90% band of the predicted
        // measurement (≥ 7 of 10 here), far fewer in the band of the curve alone.
        #expect(insideNoisy >= 7, "\(insideNoisy) of 10 inside the noisy band")
        #expect(insideNoiseFree < insideNoisy)
        // Noise sd 0.2 against a parameter sd of ≈ 0.01: the noisy band is the wider one at every positive time.
        for k in panel.times.indices where panel.times[k] > 0 {
            #expect(panel.noisyQuantiles[4][k] - panel.noisyQuantiles[0][k] > panel.quantiles[4][k] - panel.quantiles[0][k])
        }
        // At t = 10 the noisy 90% band is about ±1.645·√(0.2² + 10²s²) wide around the curve.
        let k10 = try #require(panel.times.firstIndex { abs($0 - 10) < 1e-9 })
        let half = 1.645 * (0.04 + 100 * s * s).squareRoot()
        #expect(abs((panel.noisyQuantiles[4][k10] - panel.noisyQuantiles[0][k10]) / 2 - half) < 0.15 * half)
    }

    @Test func theEvidenceChartSpansItsData() throws {
        // Estimates from 40 931 to 46 931 evaluations: the axis covers that span (padded), not 0 … 47 000.
        let r = try #require(TraceSections.evaluationRange([40931, 42931, 44931, 46931]))
        #expect(!r.isLog)
        #expect(r.range.lowerBound > 40000 && r.range.lowerBound < 40931)
        #expect(r.range.upperBound > 46931 && r.range.upperBound < 47300)
        // Over more than a factor 30: logarithmic.
        #expect(try #require(TraceSections.evaluationRange([100, 50000])).isLog)
        #expect(TraceSections.evaluationRange([]) == nil)
    }
}

/// `fit --report` against `report DIR` on the files it wrote, and a run
/// whose statistics do not exist.
@Suite(.serialized) struct ReportFromMemoryTests {
    @Test func fitReportEqualsTheReportOfTheWrittenFiles() throws {
        let dir = try CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let fit = try CLI.run(["fit", CLI.modelPath("linear_gaussian"), "--seed", "2", "--threads", "1", "--samples-per-stage",
                               "100", "--layers", "2", "--hidden", "8", "--training-steps", "20", "--output", dir,
                               "--report", "--quiet"])
        CLI.expectOrderly(fit)
        let fromMemory = try String(contentsOfFile: dir + "/report.html", encoding: .utf8)
        let report = try CLI.run(["report", dir, "--model", CLI.modelPath("linear_gaussian")])
        CLI.expectOrderly(report)
        #expect(try String(contentsOfFile: dir + "/report.html", encoding: .utf8) == fromMemory)
        #expect(fromMemory.contains("with noise"))

        // samples_equal.csv: round(ESS) rows (as the summary says), each a row of samples.csv.
        let summary = try FitCommandTests.json(dir + "/summary.json")
        let equal = try NumericCSV(try String(contentsOfFile: dir + "/samples_equal.csv", encoding: .utf8))
        let weighted = try NumericCSV(try String(contentsOfFile: dir + "/samples.csv", encoding: .utf8)
            .replacingOccurrences(of: "-inf", with: "-Infinity"))
        #expect(equal.header == ["log_likelihood", "log_prior", "k"])
        #expect(equal.rows.count == summary["equal_weight_samples"] as? Int)
        let ess = try #require(summary["effective_sample_size"] as? Double)
        #expect(equal.rows.count == Int(ess.rounded()))
        let rows = Set(weighted.rows.map { Array($0.dropFirst()) })
        #expect(equal.rows.allSatisfy { rows.contains($0) })
    }

    @Test func statisticsThatDoNotExistAreDashes() throws {
        // No population gets to draw: no sample, so no mean, sd or quantile anywhere.
        let dir = try CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let fit = try CLI.run(["fit", CLI.modelPath("linear_gaussian"), "--max-evals", "50", "--samples-per-stage", "100",
                               "--threads", "1", "--training-steps", "5", "--layers", "2", "--hidden", "8", "--output", dir,
                               "--quiet"])
        CLI.expectOrderly(fit)
        #expect(fit.status == 3)
        let k = try #require((try FitCommandTests.json(dir + "/summary.json")["parameters"] as? [String: Any])?["k"] as? [String: Any])
        #expect(k.values.allSatisfy { $0 is NSNull }, "\(k)")
        #expect(try FitCommandTests.json(dir + "/summary.json")["effective_sample_size"] is NSNull)
        #expect(fit.stdout.contains("ESS: – of 0 weighted samples"))
        #expect(fit.stdout.contains("k                   –           –           –"))
        let report = try CLI.run(["report", dir])
        CLI.expectOrderly(report)
        let html = try String(contentsOfFile: dir + "/report.html", encoding: .utf8)
        let table = try #require(html.range(of: "id=\"parameters\"").map { String(html[$0.upperBound...]) })
        #expect(!table.contains("<td>0</td>"))
    }
}
