import Foundation
import Testing

/// Runs the built `flowcli` as a subprocess, from the repository root.
enum CLI {
    /// The repository root, from this file's path (Tests/CLITests/…).
    static let root: String = {
        var url = URL(fileURLWithPath: #filePath)
        url.deleteLastPathComponent()  // CLITests
        url.deleteLastPathComponent()  // Tests
        url.deleteLastPathComponent()  // root
        return url.path
    }()

    static let shippedModels = ["repressilator", "lotka_volterra", "goodwin", "linear_gaussian", "sir"]

    /// The `flowcli` binary built with the tests: it sits beside the test
    /// bundle (`.build/<triple>/<configuration>/`); `.build/debug` as a fallback.
    static let executable: String? = {
        var candidates: [String] = []
        if let exe = try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe") {
            var dir = URL(fileURLWithPath: exe).deletingLastPathComponent()
            // macOS-style bundles: …/X.xctest/Contents/MacOS/X
            for _ in 0..<4 {
                candidates.append(dir.appendingPathComponent("flowcli").path)
                dir.deleteLastPathComponent()
            }
        }
        candidates.append(Bundle.main.bundleURL.deletingLastPathComponent().appendingPathComponent("flowcli").path)
        candidates.append(root + "/.build/debug/flowcli")
        return candidates.first { FileManager.default.isExecutableFile(atPath: $0) }
    }()

    struct Output {
        var status: Int32
        /// True when the process was ended by a signal (then `status` is its number).
        var signalled = false
        var stdout: String
        var stderr: String
    }

    /// Runs `flowcli arguments…` in the repository root; output captured via files (no pipe deadlock).
    static func run(_ arguments: [String]) throws -> Output {
        try #require(try run(arguments, timeLimit: nil))
    }

    /// As ``run(_:)``, but a process still running after `timeLimit` seconds is
    /// killed and nil returned (a hang fails the test instead of stalling it).
    /// `status` is the exit status, or the signal number when `signalled`.
    static func run(_ arguments: [String], timeLimit: Double?) throws -> Output? {
        let exe = try #require(executable, "flowcli binary not found beside the tests")
        let dir = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let outPath = dir + "/stdout", errPath = dir + "/stderr"
        _ = FileManager.default.createFile(atPath: outPath, contents: nil)
        _ = FileManager.default.createFile(atPath: errPath, contents: nil)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: exe)
        process.arguments = arguments
        process.currentDirectoryURL = URL(fileURLWithPath: root)
        let out = try FileHandle(forWritingTo: URL(fileURLWithPath: outPath))
        let err = try FileHandle(forWritingTo: URL(fileURLWithPath: errPath))
        process.standardOutput = out
        process.standardError = err
        process.standardInput = FileHandle.nullDevice
        try process.run()
        if let timeLimit {
            let deadline = Date().addingTimeInterval(timeLimit)
            while process.isRunning && Date() < deadline { usleep(10_000) }
            if process.isRunning {
                kill(process.processIdentifier, SIGKILL)
                process.waitUntilExit()
                return nil
            }
        }
        process.waitUntilExit()
        try out.close()
        try err.close()
        return Output(status: process.terminationStatus, signalled: process.terminationReason == .uncaughtSignal,
                      stdout: try String(contentsOfFile: outPath, encoding: .utf8),
                      stderr: try String(contentsOfFile: errPath, encoding: .utf8))
    }

    /// A fresh empty directory under the system's temporary directory.
    static func temporaryDirectory() throws -> String {
        let path = NSTemporaryDirectory() + "flowcli-tests-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }

    static func modelPath(_ name: String) -> String { "models/\(name).model" }
}

/// A parsed CSV: header and rows of numbers (comment lines starting with `#` skipped).
struct NumericCSV {
    var header: [String]
    var rows: [[Double]]

    init(_ text: String) throws {
        let lines = text.split(separator: "\n", omittingEmptySubsequences: true).filter { !$0.hasPrefix("#") }
        let first = try #require(lines.first, "empty CSV")
        header = first.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
        rows = try lines.dropFirst().map { line in
            try line.split(separator: ",", omittingEmptySubsequences: false).map { cell in
                try #require(Double(cell), "not a number: \(cell)")
            }
        }
    }

    func column(_ name: String) throws -> [Double] {
        let j = try #require(header.firstIndex(of: name), "no column \(name)")
        return rows.map { $0[j] }
    }
}

/// Rows of a PEtab measurement file.
struct PEtabRows {
    var observable: [String] = []
    var time: [Double] = []
    var value: [Double] = []

    init(_ text: String) throws {
        let lines = text.split(separator: "\n")
        try #require(lines.first == "observableId,time,measurement")
        for line in lines.dropFirst() {
            let cells = line.split(separator: ",").map(String.init)
            try #require(cells.count == 3)
            observable.append(cells[0])
            time.append(try #require(Double(cells[1])))
            value.append(try #require(Double(cells[2])))
        }
    }
}
