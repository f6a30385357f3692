import Foundation
import Testing
@testable import flowcli

/// Issue 12 through the built `flowcli`: what used to pass `check` and then
/// break `fit` (or be read silently wrong) is refused by both, with
/// `file:line:column`, exit status 1 and nothing written; and the small
/// messages the issue lists.
@Suite struct InputRefusalCommandTests {
    /// A copy of the linear-Gaussian model with `prior` for k, and its data
    /// file (optionally replaced by `data`), in a fresh directory.
    static func model(prior: String = "Normal(1, 0.5)", data: [UInt8]? = nil) throws -> (directory: String, model: String) {
        let directory = try CLI.temporaryDirectory()
        let shipped = try String(contentsOfFile: CLI.root + "/models/linear_gaussian.model", encoding: .utf8)
        let text = shipped.replacingOccurrences(of: "prior k ~ Normal(1, 0.5)", with: "prior k ~ \(prior)")
        try text.write(toFile: directory + "/m.model", atomically: true, encoding: .utf8)
        let csv = try data ?? Array(Data(contentsOf: URL(fileURLWithPath: CLI.root + "/models/linear_gaussian.csv")))
        try Data(csv).write(to: URL(fileURLWithPath: directory + "/linear_gaussian.csv"))
        return (directory, directory + "/m.model")
    }

    /// The three priors: `check` refused none of them; `fit` then ended
    /// in `nonFiniteInput(row: 0, column: 0)` and an empty run directory, or
    /// 400 stages at β = 0 with NaN medians.
    @Test(arguments: [("LogNormal(0, 1e300)", 24), ("Normal(1, 1e-320)", 21), ("Uniform(-1e200, 1e200)", 11)])
    func priorsFitCannotUseAreRefusedByCheckAndFit(_ prior: String, _ column: Int) throws {
        let (directory, model) = try Self.model(prior: prior)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let check = try CLI.run(["check", model])
        #expect(check.status == 1)
        #expect(check.stderr.hasPrefix("\(model):12:\(column): error: "), "\(check.stderr)")
        let output = directory + "/run"
        let fit = try CLI.run(["fit", model, "--threads", "1", "--max-evals", "2000", "--output", output])
        #expect(fit.status == 1)
        #expect(fit.stderr.hasPrefix("\(model):12:\(column): error: "), "\(fit.stderr)")
        #expect(!FileManager.default.fileExists(atPath: output))
    }

    /// Data the reader used to accept: each refused by `check`, `loglik` and `fit` at its field.
    @Test(arguments: [
        ("observableId,time,measurement\ny,1,1.5\0\n", 2, 8, "NUL byte (U+0000) in the data file"),
        ("observableId,time,measurement\ny,0x1.3p0,1.5\n", 2, 3, "time '0x1.3p0' is hexadecimal"),
        ("observableId,simulationConditionId,time,measurement\ny,c0,1,1.5\ny,c1,2,2.5\n", 3, 3,
         "simulationConditionId 'c1' differs from 'c0' on line 2"),
        ("observableId,time,measurement,noiseParameters\ny,1,1.5,0.2\n", 2, 9, "noiseParameters '0.2' for observable 'y', which declares no noise parameters"),
        ("observableId,time,measurement,observableParameters\ny,1,1.5,a\n", 2, 9, "observableParameters 'a' for observable 'y', which declares no observable parameters"),
        ("observableId,preequilibrationConditionId,time,measurement\ny,pre,1,1.5\n", 2, 3,
         "preequilibrationConditionId 'pre' names no condition"),
    ])
    func badDataIsRefusedWhereItIs(_ csv: String, _ line: Int, _ column: Int, _ message: String) throws {
        let (directory, model) = try Self.model(data: Array(csv.utf8))
        defer { try? FileManager.default.removeItem(atPath: directory) }
        for arguments in [["check"], ["loglik"], ["fit", "--threads", "1", "--output", directory + "/run"]] {
            let r = try CLI.run([arguments[0], model] + arguments.dropFirst())
            #expect(r.status == 1)
            #expect(r.stderr.hasPrefix("\(directory)/linear_gaussian.csv:\(line):\(column): error: \(message)"), "\(r.stderr)")
        }
        #expect(!FileManager.default.fileExists(atPath: directory + "/run"))
    }

    @Test func filesThatAreNotUTF8AreLocated() throws {
        let bytes = Array("observableId,time,measurement\ny,1,".utf8) + [0xC3, 0x28] + Array("\n".utf8)
        let (directory, model) = try Self.model(data: bytes)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let r = try CLI.run(["check", model])
        #expect(r.status == 1)
        #expect(r.stderr.hasPrefix("\(directory)/linear_gaussian.csv:2:5: error: data file is not UTF-8 text: invalid byte 0xC3 at byte offset 34; save it as UTF-8"), "\(r.stderr)")
        // A model file, read by `simulate --times` (which skips the data) as by every other command.
        try Data([0x6D, 0x6F, 0x64, 0x65, 0x6C, 0x20, 0xFF]).write(to: URL(fileURLWithPath: model))
        for arguments in [["simulate", model, "--times", "0:1:1"], ["check", model]] {
            let s = try CLI.run(arguments)
            #expect(s.status == 1)
            #expect(s.stderr.hasPrefix("\(model):1:7: error: model file is not UTF-8 text: invalid byte 0xFF at byte offset 6"), "\(s.stderr)")
        }
    }

    /// `--atol 0` was refused with a message offering `[0.0, …]`.
    @Test(arguments: [
        (["--atol", "0"], "--atol: expected a positive number, got '0'"),
        (["--atol", "-1e-8"], "--atol: expected a positive number, got '-1e-8'"),
        (["--rtol", "2"], "--rtol: expected a number in [0, 1], got '2'"),
        (["--max-steps", "0"], "--max-steps: expected an integer ≥ 1, got '0'"),
    ])
    func solverFlagRangesAreStatedAsAccepted(_ flags: [String], _ message: String) throws {
        let r = try CLI.run(["loglik", CLI.modelPath("linear_gaussian")] + flags)
        #expect(r.status == 2)
        #expect(r.stderr.hasPrefix("flowcli loglik: error: \(message)\n"), "\(r.stderr)")
        // The smallest positive tolerance is accepted.
        if flags[0] == "--atol" {
            #expect(try CLI.run(["loglik", CLI.modelPath("linear_gaussian"), "--atol", "1e-300"]).status == 0)
        }
    }

    @Test func oneThreadIsSingular() throws {
        let directory = try CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let r = try CLI.run(["fit", CLI.modelPath("linear_gaussian"), "--threads", "1", "--max-evals", "300",
                             "--samples-per-stage", "100", "--output", directory + "/run"])
        #expect([0, 3].contains(r.status), "\(r.stderr)")
        #expect(r.stderr.contains(", 1 thread; solver "), "\(r.stderr)")
    }

    /// A run that fails before writing anything removes the directory it created
    /// (and never one that existed before).
    @Test func aFailedRunLeavesNoEmptyDirectory() throws {
        let directory = try CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let fresh = directory + "/a/b"
        #expect(try AtomicFile.prepareDirectory(fresh))
        AtomicFile.removeIfCreatedAndEmpty(fresh, created: true)
        #expect(!FileManager.default.fileExists(atPath: fresh))
        #expect(try !AtomicFile.prepareDirectory(directory))
        AtomicFile.removeIfCreatedAndEmpty(directory, created: false)
        #expect(FileManager.default.fileExists(atPath: directory))
        let used = directory + "/used"
        #expect(try AtomicFile.prepareDirectory(used))
        try "x".write(toFile: used + "/checkpoint.plist", atomically: true, encoding: .utf8)
        AtomicFile.removeIfCreatedAndEmpty(used, created: true)
        #expect(FileManager.default.fileExists(atPath: used + "/checkpoint.plist"))
    }
}
