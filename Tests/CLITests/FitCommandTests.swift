import Foundation
import Testing

@Suite(.serialized) struct FitCommandTests {
    /// A small, fast configuration (debug builds are slow at flow training).
    static func fit(_ output: String, seed: String = "4", threads: String = "2") throws -> CLI.Output {
        try CLI.run(["fit", CLI.modelPath("linear_gaussian"), "--seed", seed, "--threads", threads, "--output", output,
                     "--samples-per-stage", "100", "--layers", "2", "--hidden", "8", "--training-steps", "20",
                     "--max-evals", "600", "--quiet"])
    }

    static func json(_ path: String) throws -> [String: Any] {
        let data = try Data(contentsOf: URL(fileURLWithPath: path))
        return try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
    }

    @Test func writesTheRunDirectoryAndIsReproducible() throws {
        let dir = try CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let first = try Self.fit(dir + "/a")
        let summary = try Self.json(dir + "/a/summary.json")
        let state = try #require((summary["status"] as? [String: Any])?["state"] as? String)
        // 0 when β reached 1, 3 when the budget ran out before.
        #expect(first.status == (state == "stalled" ? 3 : 0), "\(first.stderr)")

        // summary.json: provenance, solver tolerances, budget, evidence, parameters.
        #expect(summary["model"] as? String == "linear_gaussian")
        #expect(summary["data_file"] as? String == "models/linear_gaussian.csv")
        #expect(summary["seed"] as? String == "4")
        #expect(summary["threads"] as? Int == 2)
        let solver = try #require(summary["solver"] as? [String: Any])
        #expect(solver["rtol"] as? Double == 1e-6)
        #expect(solver["atol"] as? Double == 1e-8)
        #expect(solver["max_steps"] as? Int == 100_000)
        #expect(solver["method"] as? String == "auto")
        #expect(solver["stiff_method"] as? String == "rodas5p")
        #expect((summary["budget"] as? [String: Any])?["max_evaluations"] as? Int == 600)
        let evaluations = try #require(summary["likelihood_evaluations"] as? Int)
        #expect(evaluations >= 100 && evaluations <= 700)
        // A run that reached the posterior has an evidence value; one that stalled has none (null).
        #expect(state == "stalled" ? summary["log_evidence"] is NSNull : summary["log_evidence"] is Double)
        #expect(((summary["parameters"] as? [String: Any])?["k"] as? [String: Any])?["q50"] is Double)
        let settings = try #require(summary["settings"] as? [String: Any])
        // The whole settings value, nested as in AnnealingSettings.
        #expect((settings["schedule"] as? [String: Any])?["samples_per_stage"] as? Int == 100)
        #expect((settings["flow"] as? [String: Any])?["layers"] as? Int == 2)
        #expect((settings["robust"] as? [String: Any])?["modes"] is [String: Any])
        #expect(((settings["stopping"] as? [String: Any])?["reliability"] as? [String: Any])?["minimum_ess"] as? Int == 50)

        // samples.csv: '#' header with the solver settings, then the columns.
        let samplesText = try String(contentsOfFile: dir + "/a/samples.csv", encoding: .utf8)
        #expect(samplesText.hasPrefix("# flowcli "))
        #expect(samplesText.contains("# solver: auto (Dormand-Prince 5(4), Rodas5P once stiff) rtol=1e-06 atol=1e-08 max_steps=100000"))
        let samples = try NumericCSV(samplesText)
        #expect(samples.header == ["log_weight", "log_likelihood", "log_prior", "k"])
        #expect(samples.rows.count == summary["samples"] as? Int)
        #expect(samples.rows.count > 0)

        // trace.csv: one row per stage.
        let trace = try NumericCSV(try String(contentsOfFile: dir + "/a/trace.csv", encoding: .utf8)
            .replacingOccurrences(of: "nan", with: "NaN"))
        #expect(trace.header == ["stage", "beta", "ess_fraction", "pool_size", "loss", "evaluations", "seconds",
                                 "log_evidence", "log_evidence_error", "pareto_k", "pool_ess"])
        #expect(trace.rows.count == (summary["stages"] as? [Any])?.count)

        // The human summary names the tolerances and the estimator.
        #expect(first.stdout.contains("rtol 1e-06, atol 1e-08, max steps 100000"))
        #expect(first.stdout.contains(state == "stalled" ? "log Z: none" : "log Z = "))
        #expect(first.stdout.contains(try #require(summary["log_evidence_method"] as? String)))

        // Same seed and threads: bit-identical samples; identical summary and
        // trace except for the wall-clock fields.
        let second = try Self.fit(dir + "/b")
        #expect(second.status == first.status)
        let samplesB = try String(contentsOfFile: dir + "/b/samples.csv", encoding: .utf8)
        #expect(samplesB == samplesText)
        func withoutClock(_ path: String) throws -> [Substring] {
            try String(contentsOfFile: path, encoding: .utf8).split(separator: "\n")
                .filter { !$0.contains("_seconds\"") }   // wall-clock fields
        }
        #expect(try withoutClock(dir + "/a/summary.json") == withoutClock(dir + "/b/summary.json"))
        let traceB = try NumericCSV(try String(contentsOfFile: dir + "/b/trace.csv", encoding: .utf8)
            .replacingOccurrences(of: "nan", with: "NaN"))
        let seconds = try #require(trace.header.firstIndex(of: "seconds"))
        func withoutTime(_ t: NumericCSV) -> [String] {
            t.rows.map { row in row.enumerated().filter { $0.offset != seconds }.map { "\($0.element)" }.joined(separator: ",") }
        }
        #expect(withoutTime(traceB) == withoutTime(trace))

        // Another seed gives other samples.
        _ = try Self.fit(dir + "/c", seed: "5")
        #expect(try String(contentsOfFile: dir + "/c/samples.csv", encoding: .utf8) != samplesText)
    }

    @Test func failedSetupWritesNothing() throws {
        let dir = try CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let r = try CLI.run(["fit", CLI.modelPath("linear_gaussian"), "--data", "models/missing.csv", "--output", dir + "/run"])
        #expect(r.status == 1)
        #expect(r.stderr.contains("missing.csv"))
        #expect(!FileManager.default.fileExists(atPath: dir + "/run"))
    }
}

@Suite struct FitOutputTests {
    @Test func outputThatIsAFileIsRefusedBeforeRunning() throws {
        let dir = try CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let file = dir + "/plain"
        try "x".write(toFile: file, atomically: true, encoding: .utf8)
        let r = try CLI.run(["fit", CLI.modelPath("linear_gaussian"), "--output", file, "--quiet"])
        #expect(r.status == 1)
        #expect(r.stderr.contains("exists and is not a directory"))
        #expect(r.stdout.isEmpty)
    }
}
