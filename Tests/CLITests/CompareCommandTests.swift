import Foundation
import Testing

@Suite(.serialized) struct CompareCommandTests {
    /// Two cheap baselines, two repeats each (≈ 5 s in debug).
    static let flags = ["--backends", "ensemble,smc", "--repeats", "2", "--seed", "7", "--threads", "2",
                        "--walkers", "8", "--temperatures", "10", "--steps", "200", "--particles", "500",
                        "--reference", "-1.0619008583", "--quiet"]

    @Test func writesEveryRunAndTheComparison() throws {
        let dir = try CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let out = dir + "/cmp"
        let r = try CLI.run(["compare", CLI.modelPath("linear_gaussian"), "--output", out] + Self.flags)
        // 4: some run reached the posterior but failed its own convergence diagnostics (200 ensemble
        // steps are short); its row then names the rules it failed.
        #expect(r.status == 0 || r.status == 4, "\(r.stderr)")
        let fm = FileManager.default
        for run in ["ensemble-r1", "ensemble-r2", "smc-r1", "smc-r2"] {
            for file in ["samples.csv", "summary.json", "trace.csv"] {
                #expect(fm.fileExists(atPath: "\(out)/\(run)/\(file)"), "\(run)/\(file) missing")
            }
        }
        // Repeat k runs with seed 7 + k − 1, for every backend.
        for (run, seed) in [("ensemble-r1", "7"), ("ensemble-r2", "8"), ("smc-r1", "7"), ("smc-r2", "8")] {
            #expect(try FitCommandTests.json("\(out)/\(run)/summary.json")["seed"] as? String == seed)
        }

        let json = try FitCommandTests.json(out + "/compare.json")
        #expect(json["repeats"] as? Int == 2)
        #expect(json["backends"] as? String == "ensemble,smc")
        let runs = try #require(json["runs"] as? [[String: Any]])
        #expect(runs.map { $0["backend"] as? String } == ["ensemble", "ensemble", "smc", "smc"])
        let unconverged = runs.filter { $0["status"] as? String == "not_converged" }.count
        #expect((r.status == 4) == (unconverged > 0), "status \(r.status), \(unconverged) runs not converged")
        #expect(r.stdout.components(separatedBy: "not_converged (unreliable: ").count - 1 == unconverged)
        for run in runs {
            let z = try #require(run["log_evidence"] as? Double)
            let settled = try #require(run["evaluations_to_tolerance"] as? Int)
            let total = try #require(run["likelihood_evaluations"] as? Int)
            #expect(settled >= 1 && settled <= total)
            #expect(abs((run["distance_from_reference"] as? Double ?? .nan) - (z + 1.0619008583)) < 1e-9)
        }
        let summaries = try #require(json["backend_summaries"] as? [[String: Any]])
        #expect(summaries.count == 2)
        for s in summaries {
            // sd over 2 runs / mean stated error: a positive number (its value is noise at R = 2).
            let ratio = try #require(s["calibration_ratio"] as? Double)
            #expect(ratio >= 0 && ratio.isFinite)
            let zs = runs.filter { $0["backend"] as? String == s["backend"] as? String }.compactMap { $0["log_evidence"] as? Double }
            #expect(abs((s["mean_log_evidence"] as? Double ?? .nan) - (zs[0] + zs[1]) / 2) < 1e-12)
        }

        let csv = try String(contentsOfFile: out + "/compare.csv", encoding: .utf8).split(separator: "\n")
        #expect(csv.count == 5)
        #expect(csv[0].hasPrefix("backend,repeat,seed,directory,status,"))
        #expect(csv[0].hasSuffix(",k_mean,k_sd"))
        #expect(csv[1].hasPrefix("ensemble,1,7,"))
        #expect(csv[4].hasPrefix("smc,2,8,"))

        // The table names both backends in the run rows, the repeat block and the parameter block.
        let rows = r.stdout.split(separator: "\n")
        #expect(rows.filter { $0.hasPrefix("ensemble ") }.count == 3)
        #expect(rows.filter { $0.hasPrefix("smc ") }.count == 3)
        #expect(r.stdout.contains("sd/error"))
        #expect(r.stdout.contains("Δ ref"))
        #expect(rows.contains { $0.hasPrefix("k ") })

        // The directory now holds the r1/r2 runs: a single-repeat compare into it is refused.
        let again = try CLI.run(["compare", CLI.modelPath("linear_gaussian"), "--output", out, "--backends", "smc",
                                 "--particles", "100", "--quiet"])
        #expect(again.status == 1)
        #expect(again.stderr.contains("already holds other run directories (ensemble-r1, ensemble-r2, smc-r1, smc-r2)"))
    }

    @Test func oneRepeatUsesTheBackendNameAsDirectory() throws {
        let dir = try CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let r = try CLI.run(["compare", CLI.modelPath("linear_gaussian"), "--output", dir, "--backends", "smc",
                             "--particles", "200", "--quiet"])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(FileManager.default.fileExists(atPath: dir + "/smc/summary.json"))
        #expect(!r.stdout.contains("sd/error"))  // no repeat block with R = 1

        // Its report lists each fact of the comparison once, in words.
        let report = try CLI.run(["report", dir])
        #expect(report.status == 0, "\(report.stderr)")
        let html = try String(contentsOfFile: dir + "/report.html", encoding: .utf8)
        for fact in ["model", "model file", "data file", "solver", "backends", "repeats"] {
            #expect(html.components(separatedBy: "<dt>\(fact)</dt>").count == 2, "fact '\(fact)'")
        }
        #expect(!html.contains("<dt>model_file</dt>") && !html.contains("<dt>first_seed</dt>"))
    }

    @Test(arguments: [
        (["--backends", "ensemble,nuts"], "--backends: unknown backend 'nuts'"),
        (["--backends", "smc,smc"], "'smc' given twice"),
        (["--backends", "smc,"], "empty backend name"),
        (["--backends", "smc", "--walkers", "8"], "--walkers applies to the ensemble backend, which --backends does not include"),
        (["--repeats", "0"], "--repeats: expected an integer"),
        (["--reference", "nan"], "--reference: expected a number"),
    ])
    func usageErrors(_ flags: [String], _ message: String) throws {
        let r = try CLI.run(["compare", CLI.modelPath("linear_gaussian"), "--quiet"] + flags)
        #expect(r.status == 2, "\(r.stderr)")
        #expect(r.stderr.contains(message), "\(r.stderr)")
    }
}
