import Foundation
import Testing

/// `flowcli fit` with its defaults on multimodal models nobody tuned the
/// sampler for (models/multimodal), against references computed
/// independently (models/multimodal/reference: quadrature, and reweighting of
/// the shipped repressilator's reference posterior). No two parameters share a
/// prior, so relabelling exchangeable parameters cannot find the modes.
///
/// Every run must find every mode (each reference mode's weight within
/// ±0.05), and its log Z must be within 0.1 nats and within 3 stated errors of
/// the reference. Seeds 1, 2, 3 were chosen before any result was seen.
///
/// The repressilator variants take 3–5 minutes per run with the default three
/// populations (about 450 000 evaluations), so CI runs one seed of the
/// perturbed variant (which also stands in for the main job's fit, see
/// `RepressilatorFitTests`); `FLOWFIT_LONG_TESTS=1` runs seeds 1–3 of both
/// variants.
/// docs/benchmarks.md has them over five seeds — including the runs with two
/// populations that missed a mode and were reported reliable, the reason the
/// default is now three.
@Suite(.serialized) struct MultimodalFitTests {
    struct Case: Sendable, CustomStringConvertible {
        var model: String
        var seed: Int
        var description: String { "\(model) seed \(seed)" }
    }

    /// Reference log Z (with its own error) and mode weights, from the committed JSON.
    static func reference(_ model: String) throws -> (logZ: Double, error: Double, weights: [Double]) {
        let base = "models/multimodal/reference/"
        if model.hasPrefix("repressilator") {
            let json = try #require(try JSONSerialization.jsonObject(
                with: Data(contentsOf: URL(fileURLWithPath: base + "repressilator_variants.json"))) as? [String: Any])
            let m = try #require(json[model] as? [String: Any])
            let modes = try #require(m["modes"] as? [[String: Any]])
            return (try #require(m["log_evidence"] as? Double), try #require(m["error"] as? Double),
                    try modes.map { try #require($0["weight"] as? Double) })
        }
        let json = try #require(try JSONSerialization.jsonObject(
            with: Data(contentsOf: URL(fileURLWithPath: base + model + ".json"))) as? [String: Any])
        let modes = try #require(json["modes"] as? [[String: Any]])
        return (try #require(json["log_evidence"] as? Double), 0,
                try modes.map { try #require($0["weight"] as? Double) })
    }

    /// Which reference mode a sample belongs to (the order of the reference's modes).
    static func modeOf(_ model: String, header: [String]) -> ([Double]) -> Int {
        let col = { (name: String) in header.firstIndex(of: name)! }
        switch model {
        case "swap":
            let (k1, k2) = (col("k1"), col("k2"))
            return { $0[k1] < $0[k2] ? 0 : 1 }
        case "sign":
            let x0 = col("x0")
            return { $0[x0] > 0 ? 0 : 1 }
        default:
            // Mode k of the reference is the relabelling whose largest a is a_{k+1}.
            let a = ["a1", "a2", "a3"].map(col)
            return { row in (0..<3).max { row[a[$0]] < row[a[$1]] }! }
        }
    }

    static let short = ["swap", "sign"].flatMap { m in [1, 2, 3].map { Case(model: m, seed: $0) } }
    static let long: [Case] = ProcessInfo.processInfo.environment["FLOWFIT_LONG_TESTS"] == "1"
        ? ["repressilator_perturbed", "repressilator_tilted"].flatMap { m in [1, 2, 3].map { Case(model: m, seed: $0) } }
        : [Case(model: "repressilator_perturbed", seed: 1)]

    @Test(arguments: short + long) func findsEveryModeWithItsWeightAndTheEvidence(_ c: Case) throws {
        let dir = try CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let r = try CLI.run(["fit", "models/multimodal/\(c.model).model", "--seed", "\(c.seed)", "--threads", "2",
                             "--output", dir, "--quiet"])
        #expect(r.status == 0, "\(r.stderr)")
        let reference = try Self.reference(c.model)
        let samples = try NumericCSV(try String(contentsOfFile: dir + "/samples.csv", encoding: .utf8))
        let logW = samples.rows.map { $0[samples.header.firstIndex(of: "log_weight")!] }
        let top = try #require(logW.max())
        let w = logW.map { exp($0 - top) }
        let total = w.reduce(0, +)
        let mode = Self.modeOf(c.model, header: samples.header)
        var weights = [Double](repeating: 0, count: reference.weights.count)
        for (row, wi) in zip(samples.rows, w) { weights[mode(row)] += wi / total }
        for k in weights.indices {
            #expect(abs(weights[k] - reference.weights[k]) <= 0.05,
                    "\(c): mode \(k) weight \(weights[k]), reference \(reference.weights[k]) (all \(weights))")
        }
        if c.model == "repressilator_perturbed" {
            // Its posterior is the shipped model's to 0.0003 nats: the main job's medians.
            RepressilatorFitTests.expectMedians(samples, weights: w, mode: mode, context: "\(c)")
        }
        let summary = try #require(try JSONSerialization.jsonObject(
            with: Data(contentsOf: URL(fileURLWithPath: dir + "/summary.json"))) as? [String: Any])
        let logZ = try #require(summary["log_evidence"] as? Double)
        let stated = try #require(summary["log_evidence_error"] as? Double)
        let delta = logZ - reference.logZ
        #expect(abs(delta) <= 0.1, "\(c): log Z \(logZ) ± \(stated), reference \(reference.logZ)")
        #expect(abs(delta) <= 3 * (stated * stated + reference.error * reference.error).squareRoot(),
                "\(c): log Z \(logZ) ± \(stated) is \(delta / stated) stated errors from \(reference.logZ)")
    }
}
