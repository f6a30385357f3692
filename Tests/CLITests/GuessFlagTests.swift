import Foundation
import Testing

/// `--guess`: a start for the flow backend's first mode search, checked
/// against the priors before anything runs, recorded with each mode it found.
@Suite(.serialized) struct GuessFlagTests {
    static let sign = "models/multimodal/sign.model"

    @Test func aGuessOutsideThePriorIsAUsageError() throws {
        let r = try CLI.run(["fit", Self.sign, "--guess", "k=20", "--max-evals", "100", "--quiet"])
        #expect(r.status == 2)
        #expect(r.stderr.contains("--guess: k = 20 lies outside its prior's support [0.1, 10]"), "\(r.stderr)")
        let misspelt = try CLI.run(["fit", Self.sign, "--guess", "kk=2", "--max-evals", "100", "--quiet"])
        #expect(misspelt.status == 2)
        #expect(misspelt.stderr.contains("--guess"), "\(misspelt.stderr)")
        let malformed = try CLI.run(["fit", Self.sign, "--guess", "nominl", "--max-evals", "100", "--quiet"])
        #expect(malformed.status == 2)
        #expect(malformed.stderr.contains("--guess expects name=value"), "\(malformed.stderr)")
    }

    /// A guess exactly on a prior bound (k = 0.1) is accepted, and every mode
    /// of the run records whether only the guess reached it.
    @Test func aGuessOnABoundRunsAndEveryModeSaysWhetherItCameFromTheGuess() throws {
        let dir = try CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let r = try CLI.run(["fit", Self.sign, "--guess", "nominal", "--guess", "k=0.1", "--seed", "1", "--threads", "2",
                             "--output", dir, "--samples-per-stage", "200", "--layers", "2", "--hidden", "8",
                             "--training-steps", "20", "--max-evals", "30000", "--quiet"])
        #expect([0, 3, 4].contains(r.status), "\(r.stderr)")
        let data = try Data(contentsOf: URL(fileURLWithPath: dir + "/summary.json"))
        let summary = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        let modes = try #require(summary["modes"] as? [[String: Any]])
        #expect(!modes.isEmpty)
        // The printed mode table ends with the weight beyond every listed basin (the diagnostic).
        let outside = try #require((summary["diagnostics"] as? [String: Any])?["weight_outside_found_modes"] as? Double)
        #expect(r.stdout.contains("weight outside every listed mode's basin: \(String(format: "%.3f", outside))"),
                "\(r.stdout)")
        // The HTML report shows the mode table and the same outside weight.
        let report = try CLI.run(["report", dir])
        #expect(report.status == 0, "\(report.stderr)")
        let html = try String(contentsOfFile: dir + "/report.html", encoding: .utf8)
        #expect(html.contains("<h3>Modes</h3>"))
        #expect(html.contains("Weight outside every listed mode's basin: \(String(format: "%.3f", outside))"))
        for mode in modes {
            let findings = try #require(mode["found_by"] as? [[String: Any]])
            for finding in findings {
                #expect((finding["discovery"] as? [String: Any])?["from_guess"] is Bool)
            }
        }
    }
}
