import Foundation
import Testing

/// `fit --backend ensemble|smc` on the linear-Gaussian model, whose exact
/// evidence is known in closed form (models/README.md).
@Suite(.serialized) struct BaselineFitTests {
    /// log Z of models/linear_gaussian.model with its shipped data (closed
    /// form, models/linear_gaussian_evidence.py).
    static let exactLogEvidence = -1.0619008583
    /// Slack added to 3 stated standard errors: covers the small bias of log
    /// of an unbiased Ẑ and of the 12-temperature ladder. (Over seeds 1–8 the
    /// settings below stayed within 2 stated errors without it.)
    static let slack = 0.05

    /// 12 temperatures × 16 walkers × 500 steps = 96 000 evaluations (≈ 3 s in debug).
    static let ensembleFlags = ["--backend", "ensemble", "--walkers", "16", "--temperatures", "12", "--steps", "500"]
    /// 2000 particles, ≈ 5 stages: ≈ 30 000 evaluations (≈ 1.5 s in debug).
    static let smcFlags = ["--backend", "smc", "--particles", "2000"]

    @Test(arguments: [("ensemble", ensembleFlags), ("smc", smcFlags)])
    func writesTheRunFilesAndRecoversTheExactEvidence(_ backend: String, _ flags: [String]) throws {
        let dir = try CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let r = try CLI.run(["fit", CLI.modelPath("linear_gaussian"), "--seed", "3", "--threads", "2",
                             "--output", dir, "--quiet"] + flags)
        #expect(r.status == 0, "\(r.stderr)")
        for file in ["samples.csv", "summary.json", "trace.csv"] {
            #expect(FileManager.default.fileExists(atPath: dir + "/" + file), "\(file) missing")
        }
        let summary = try FitCommandTests.json(dir + "/summary.json")
        #expect(summary["backend"] as? String == backend)
        #expect((summary["status"] as? [String: Any])?["state"] as? String == "converged")
        let z = try #require(summary["log_evidence"] as? Double)
        let se = try #require(summary["log_evidence_error"] as? Double)
        #expect(se > 0 && se < 0.2)
        #expect(abs(z - Self.exactLogEvidence) <= 3 * se + Self.slack, "log Z = \(z) ± \(se)")

        // The same file formats as the flow backend.
        let samples = try NumericCSV(try String(contentsOfFile: dir + "/samples.csv", encoding: .utf8))
        #expect(samples.header == ["log_weight", "log_likelihood", "log_prior", "k"])
        #expect(samples.rows.count == summary["samples"] as? Int)
        // Posterior k ~ N(1.20900, 0.01019²) (models/README.md); equal weights.
        let k = try samples.column("k")
        let mean = k.reduce(0, +) / Double(k.count)
        #expect(abs(mean - 1.20900) < 0.003)
        let trace = try NumericCSV(try String(contentsOfFile: dir + "/trace.csv", encoding: .utf8)
            .replacingOccurrences(of: "nan", with: "NaN"))
        #expect(trace.header.first == "stage")
        #expect(trace.rows.count == (summary["stages"] as? [Any])?.count)
        #expect(trace.rows.count >= 2)
        #expect(r.stdout.contains("backend: \(backend), seed 3, threads 2"))
    }

    @Test func tooFewWalkersIsAUsageErrorWithTheLibraryMessage() throws {
        // Lotka–Volterra has 5 parameters: at least 10 walkers.
        let r = try CLI.run(["fit", CLI.modelPath("lotka_volterra"), "--backend", "ensemble", "--walkers", "6", "--quiet"])
        #expect(r.status == 2)
        #expect(r.stderr.contains("--walkers: the ensemble sampler needs at least 10 walkers"), "\(r.stderr)")
        #expect(r.stderr.contains("but was given 6"))
        #expect(r.stdout.isEmpty)
    }

    @Test(arguments: [
        (["--backend", "smc", "--particles", "9"], "SMC needs at least 10 particles"),
        (["--backend", "smc", "--walkers", "8"], "--walkers applies to --backend ensemble, not smc"),
        (["--backend", "ensemble", "--particles", "100"], "--particles applies to --backend smc, not ensemble"),
        (["--backend", "flow", "--steps", "10"], "--steps applies to --backend ensemble, not flow"),
        (["--backend", "ensemble", "--move", "strech"], "did you mean 'stretch'?"),
        (["--backend", "ensemble", "--move", "de", "--stretch-scale", "3"], "--stretch-scale applies to --move stretch"),
        (["--backend", "ensemble", "--stretch-scale", "1"], "move.scale must be greater than 1"),
        (["--backend", "ensemble", "--burn-in", "1"], "chain.burn_in_fraction must be in [0, 1)"),
        (["--backend", "ensemble", "--temperatures", "1"], "--temperatures: expected an integer in [2, 10000]"),
        (["--backend", "smc", "--resampling", "stratified"], "expected multinomial or systematic"),
        (["--backend", "smc", "--move-steps", "9", "--max-move-steps", "4"], "below --move-steps"),
        (["--backend", "smc", "--smc-ess", "1"], "--smc-ess: expected a number"),
    ])
    func badBackendFlagsAreUsageErrors(_ flags: [String], _ message: String) throws {
        let r = try CLI.run(["fit", CLI.modelPath("linear_gaussian"), "--quiet"] + flags)
        #expect(r.status == 2, "\(r.stderr)")
        #expect(r.stderr.contains(message), "\(r.stderr)")
    }

    @Test func helpDocumentsEveryBackend() throws {
        let r = try CLI.run(["fit", "--help"])
        for flag in ["--walkers N", "--temperatures K", "--min-beta B", "--steps N", "--burn-in F", "--thin N",
                     "--move stretch|de", "--stretch-scale A", "--bootstrap N", "--particles N", "--smc-ess F",
                     "--move-steps N", "--max-move-steps N", "--replicates R", "--resampling multinomial|systematic", "--report"] {
            #expect(r.stdout.contains(flag), "\(flag) not in fit --help")
        }
        #expect(r.stdout.contains("ensemble backend options:"))
        #expect(r.stdout.contains("smc backend options:"))
    }
}
