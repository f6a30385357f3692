import Foundation
import Testing

/// The main job: `flowcli fit models/repressilator.model` with its defaults.
///
/// The posterior has three modes of exactly equal mass (cyclic relabellings
/// of the genes; models/reference). The fit must find all three, each with
/// 1/3 of the weight within ±0.07, put the medians of one mode near the values
/// that generated the data (a = 60, 40, 25 up to relabelling, n = 3, b = 1,
/// K = 5, sigma = 2; ranges below are the reference posterior's 5–95 %
/// intervals, widened a little), and come close to the independent reference
/// log Z = −107.970 ± 0.005. (The ±0.1-nat accuracy and the cost are
/// measured by the benchmark in docs/benchmarks.md, not asserted here.)
///
/// This fit costs about 450 000 evaluations (3–5 minutes), so it runs only with
/// `FLOWFIT_LONG_TESTS=1`: CI fits the same model and data with the priors of
/// a2 and a3 moved by 0.1 % instead (`MultimodalFitTests`, perturbed variant),
/// which must find the same three modes without relabelling and is checked
/// against the same medians.
@Suite(.serialized, .enabled(if: ProcessInfo.processInfo.environment["FLOWFIT_LONG_TESTS"] == "1"))
struct RepressilatorFitTests {
    /// Seed 5 is the seed on which an earlier version (mode components refitted
    /// only once their basin's ESS reached 4·d) kept one mode at 2–8 % of the weight.
    @Test(arguments: [5]) func findsAllThreeModesWithEqualWeight(seed: Int) throws {
        let dir = try CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let r = try CLI.run(["fit", CLI.modelPath("repressilator"), "--seed", "\(seed)", "--threads", "2",
                             "--output", dir, "--quiet"])
        #expect(r.status == 0, "\(r.stderr)")
        let samples = try NumericCSV(try String(contentsOfFile: dir + "/samples.csv", encoding: .utf8))
        let col = { (name: String) in samples.header.firstIndex(of: name)! }
        let logW = samples.rows.map { $0[col("log_weight")] }
        let top = logW.max()!
        let w = logW.map { exp($0 - top) }
        let total = w.reduce(0, +)

        // Mode of each sample: which of a1, a2, a3 is largest.
        let a = ["a1", "a2", "a3"].map(col)
        func mode(_ row: [Double]) -> Int { (0..<3).max { row[a[$0]] < row[a[$1]] }! }
        var weights = [0.0, 0.0, 0.0]
        for (row, wi) in zip(samples.rows, w) { weights[mode(row)] += wi / total }
        for k in 0..<3 { #expect(abs(weights[k] - 1.0 / 3) < 0.07, "mode weights \(weights)") }

        Self.expectMedians(samples, weights: w, mode: mode, context: "seed \(seed)")

        let summary = try #require(try JSONSerialization.jsonObject(
            with: Data(contentsOf: URL(fileURLWithPath: dir + "/summary.json"))) as? [String: Any])
        let logZ = try #require(summary["log_evidence"] as? Double)
        #expect(abs(logZ - -107.970) < 0.2, "log Z \(logZ)")
    }

    /// Within the mode where a1 is largest, the weighted medians must lie in
    /// the reference posterior's 5–95 % intervals, widened a little (the data
    /// were generated with a = 60, 40, 25, n = 3, b = 1, K = 5, sigma = 2).
    /// Shared with the perturbed variant's test (`MultimodalFitTests`), whose
    /// posterior is this one's to 0.0003 nats.
    static func expectMedians(_ samples: NumericCSV, weights w: [Double], mode: ([Double]) -> Int,
                              context: String) {
        let expected: [(String, ClosedRange<Double>)] = [
            ("a1", 55...64), ("a2", 34...44), ("a3", 23...27.5), ("n", 2.6...3.5), ("b", 0.94...1.05),
            ("K", 4.5...5.9), ("sigma", 1.55...2.4),
        ]
        for (name, range) in expected {
            let column = samples.header.firstIndex(of: name)!
            let pairs = zip(samples.rows, w).filter { mode($0.0) == 0 }.map { ($0.0[column], $0.1) }
                .sorted { $0.0 < $1.0 }
            let half = pairs.reduce(0) { $0 + $1.1 } / 2
            var acc = 0.0, median = Double.nan
            for (v, wi) in pairs { acc += wi; if acc >= half { median = v; break } }
            #expect(range.contains(median), "\(context): median of \(name) in the a1-largest mode: \(median)")
        }
    }
}
