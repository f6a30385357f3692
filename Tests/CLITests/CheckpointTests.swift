import Foundation
import Testing

/// Checkpoint and resume: a run stopped at any moment — by SIGINT, or killed
/// outright — leaves a consistent run directory, and `fit --resume` ends with
/// exactly the samples of a straight run with the same seed.
@Suite(.serialized) struct CheckpointTests {
    static let fitArguments = ["fit", CLI.modelPath("lotka_volterra"), "--seed", "7", "--threads", "2",
                               "--samples-per-stage", "500", "--layers", "4", "--hidden", "16", "--training-steps", "50",
                               "--max-evals", "15000", "--checkpoint-every", "1", "--quiet"]

    /// Starts `fit` into `dir`, sends `signal` after `delay` seconds (if still running), waits.
    static func interruptedFit(_ dir: String, signal: Int32, after delay: Double) throws -> Int32 {
        let exe = try #require(CLI.executable)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: exe)
        process.arguments = fitArguments + ["--output", dir]
        process.currentDirectoryURL = URL(fileURLWithPath: CLI.root)
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        Thread.sleep(forTimeInterval: delay)
        if process.isRunning { kill(process.processIdentifier, signal) }
        process.waitUntilExit()
        return process.terminationStatus
    }

    /// Starts `fit` into `dir`, sends SIGINT half a second after the output directory appears (the
    /// signal handler is in place by then, and the first stage takes seconds), waits; with its output.
    static func interruptedWhenCheckpointed(_ dir: String) throws -> CLI.Output {
        let exe = try #require(CLI.executable)
        let out = try CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: out) }
        _ = FileManager.default.createFile(atPath: out + "/stdout", contents: nil)
        _ = FileManager.default.createFile(atPath: out + "/stderr", contents: nil)
        let stdout = try FileHandle(forWritingTo: URL(fileURLWithPath: out + "/stdout"))
        let stderr = try FileHandle(forWritingTo: URL(fileURLWithPath: out + "/stderr"))
        let process = Process()
        process.executableURL = URL(fileURLWithPath: exe)
        process.arguments = fitArguments + ["--output", dir]
        process.currentDirectoryURL = URL(fileURLWithPath: CLI.root)
        process.standardOutput = stdout
        process.standardError = stderr
        try process.run()
        let deadline = Date().addingTimeInterval(CLI.hangTimeout)
        while process.isRunning && !FileManager.default.fileExists(atPath: dir) && Date() < deadline {
            Thread.sleep(forTimeInterval: 0.01)
        }
        Thread.sleep(forTimeInterval: 0.5)
        if process.isRunning { kill(process.processIdentifier, SIGINT) }
        process.waitUntilExit()
        try stdout.close()
        try stderr.close()
        return CLI.Output(status: process.terminationStatus,
                          stdout: try String(contentsOfFile: out + "/stdout", encoding: .utf8),
                          stderr: try String(contentsOfFile: out + "/stderr", encoding: .utf8))
    }

    /// Every file in the directory is whole: JSON parses, CSVs parse, no temporary files are visible.
    static func expectConsistent(_ dir: String) throws {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: dir)) ?? []
        for name in names where !name.hasPrefix(".") {
            let path = dir + "/" + name
            switch name {
            case "summary.json":
                let data = try Data(contentsOf: URL(fileURLWithPath: path))
                #expect((try? JSONSerialization.jsonObject(with: data)) != nil, "\(path) is not whole JSON")
            case "samples.csv", "samples_equal.csv", "trace.csv":
                let text = try String(contentsOfFile: path, encoding: .utf8)
                #expect((try? NumericCSV(text.replacingOccurrences(of: "nan", with: "NaN"))) != nil, "\(path) does not parse")
            case "checkpoint.plist":
                #expect(FileManager.default.contents(atPath: path)?.starts(with: Array("bplist".utf8)) == true)
            default:
                Issue.record("unexpected file \(name)")
            }
        }
    }

    @Test func interruptedAndKilledRunsResumeToTheStraightResult() throws {
        let dir = try CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let straight = try CLI.run(Self.fitArguments + ["--output", dir + "/straight"])
        #expect(straight.status == 0 || straight.status == 3, "\(straight.stderr)")
        let expected = try String(contentsOfFile: dir + "/straight/samples.csv", encoding: .utf8)
        #expect(!FileManager.default.fileExists(atPath: dir + "/straight/checkpoint.plist"))

        // SIGINT during the first stage (which takes seconds: flow fit, mode search): it finishes the stage, writes
        // the checkpoint and the partial run — status interrupted, no evidence value — says how to
        // resume on stderr (not stdout), and exits 130.
        let interrupted = try Self.interruptedWhenCheckpointed(dir + "/int")
        #expect(interrupted.status == 130, "\(interrupted.stderr)")
        #expect(FileManager.default.fileExists(atPath: dir + "/int/checkpoint.plist"))
        let summary = try FitCommandTests.json(dir + "/int/summary.json")
        #expect((summary["status"] as? [String: Any])?["state"] as? String == "interrupted")
        #expect(summary["log_evidence"] is NSNull)
        #expect(interrupted.stderr.contains("resume with: flowcli fit --resume \(dir)/int"))
        #expect(!interrupted.stdout.contains("resume with"))
        #expect(interrupted.stdout.contains("status: interrupted by SIGINT"))
        try Self.expectConsistent(dir + "/int")
        try Self.resumeAndCompare(dir + "/int", expected: expected)

        // SIGKILL at seeded pseudo-random moments: whatever was on disk is whole, and resuming
        // (or, if no checkpoint had been written yet, rerunning) gives the straight result.
        var state: UInt64 = 0x9E37_79B9_7F4A_7C15
        for k in 0..<3 {
            state = state &* 6364136223846793005 &+ 1442695040888963407
            let delay = 0.3 + Double(state >> 40) / Double(1 << 24) * 4.0
            let run = dir + "/kill\(k)"
            _ = try Self.interruptedFit(run, signal: SIGKILL, after: delay)
            try Self.expectConsistent(run)
            try Self.resumeAndCompare(run, expected: expected)
        }
    }

    static func resumeAndCompare(_ dir: String, expected: String) throws {
        let result: CLI.Output
        if FileManager.default.fileExists(atPath: dir + "/checkpoint.plist") {
            result = try CLI.run(["fit", "--resume", dir, "--quiet"])
        } else {
            result = try CLI.run(Self.fitArguments + ["--output", dir])
        }
        #expect(result.status == 0 || result.status == 3, "\(result.stderr)")
        #expect(try String(contentsOfFile: dir + "/samples.csv", encoding: .utf8) == expected)
        #expect(!FileManager.default.fileExists(atPath: dir + "/checkpoint.plist"))
        try expectConsistent(dir)
    }

    @Test func resumeRefusesOtherArgumentsAndMissingCheckpoints() throws {
        let dir = try CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let extra = try CLI.run(["fit", "--resume", dir, "--seed", "3"])
        #expect(extra.status == 2)
        #expect(extra.stderr.contains("--resume takes only the run directory"))
        let missing = try CLI.run(["fit", "--resume", dir])
        #expect(missing.status == 1)
        #expect(missing.stderr.contains("no checkpoint"))
    }
}
