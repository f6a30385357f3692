import Foundation
import Testing

/// The fuzz and fault suite through the built `flowcli` (issue 12; the
/// in-process suite with rich mutations is `ModelDSLTests/InputFuzzTests`).
/// For each shipped model, seeded faults at the level of whole files — random
/// bytes written into the model or the data, truncation, UTF-16, a
/// 100 000-character line, hex and nan numbers, an unusable prior, files that
/// are empty, missing or directories — go through `flowcli check` and
/// `flowcli loglik`. Every run must exit (no signal, no hang: a process still
/// running after a generous limit is killed and the test fails) with status 0,
/// 1 or 2; an error about a file must start `file:line:column: error:` (or
/// `file: error: cannot read …` for the file as a whole); no message may
/// show Swift or Foundation internals or echo a huge token; and the planted
/// bad inputs must be refused (status 1).
@Suite struct CommandFuzzTests {
    static let internals = ["NSCocoaErrorDomain", "Swift.", "DecodingError", "Optional(", "Foundation.", "__"]
    /// An enum case printed by default, as `nonFiniteInput(row: 0, column: 0)`.
    static let enumDump = #"[a-z][A-Za-z0-9]*\([a-z][A-Za-z0-9]*: "#
    /// Per run; a hang, not a speed limit (a run takes a fraction of a second).
    static let timeLimit = 120.0

    /// One fault: the files to write (nil: leave the shipped copy; a directory when `directory`).
    struct Fault {
        var name: String
        var model: [UInt8]?
        var data: [UInt8]?
        var mustRefuse: Bool
        var dataIsDirectory = false
        var dataMissing = false
    }

    /// A tiny seeded generator (SplitMix64), so the suite owns its sequence.
    struct Generator {
        var state: UInt64
        mutating func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
        mutating func int(_ n: Int) -> Int { n <= 0 ? 0 : Int(next() % UInt64(n)) }
    }

    /// 1–6 random byte edits: any byte value replaced, inserted or deleted.
    static func scramble(_ bytes: [UInt8], _ g: inout Generator) -> [UInt8] {
        var b = bytes
        for _ in 0..<(1 + g.int(6)) {
            let at = g.int(b.count + 1)
            switch g.int(3) {
            case 0 where at < b.count: b[at] = UInt8(truncatingIfNeeded: g.next())
            case 1 where at < b.count: b.remove(at: at)
            default: b.insert(UInt8(truncatingIfNeeded: g.next()), at: at)
            }
        }
        return b
    }

    static func faults(model: [UInt8], data: [UInt8], _ g: inout Generator) -> [Fault] {
        let text = String(decoding: data, as: UTF8.self)
        var lines = text.split(separator: "\n").map(String.init)
        let row = 1 + g.int(lines.count - 1)
        var fields = lines[row].split(separator: ",", omittingEmptySubsequences: false).map(String.init)
        fields[2] = ["0x1.8p1", "nan", "-inf", "1e999"][g.int(4)]
        lines[row] = fields.joined(separator: ",")
        let badNumber = Array((lines.joined(separator: "\n") + "\n").utf8)
        let utf16 = Array(text.utf16).flatMap { [UInt8($0 & 0xFF), UInt8($0 >> 8)] }
        let modelText = String(decoding: model, as: UTF8.self)
        let badPrior = modelText.replacingOccurrences(
            of: #"prior (\w+) ~ [^\n]*"#, with: "prior $1 ~ LogNormal(0, 1e300)", options: .regularExpression)
        return [
            Fault(name: "scrambled model", model: scramble(model, &g), data: nil, mustRefuse: false),
            Fault(name: "scrambled data", model: nil, data: scramble(data, &g), mustRefuse: false),
            Fault(name: "truncated model", model: Array(model.prefix(g.int(model.count))), data: nil, mustRefuse: false),
            Fault(name: "UTF-16 data with BOM", model: nil, data: [0xFF, 0xFE] + utf16, mustRefuse: true),
            Fault(name: "UTF-16 data without BOM", model: nil, data: utf16, mustRefuse: true),
            Fault(name: "non-decimal measurement", model: nil, data: badNumber, mustRefuse: true),
            Fault(name: "huge line", model: nil, data: data + Array(String(repeating: "y", count: 100_000).utf8) + [0x0A],
                  mustRefuse: true),
            Fault(name: "unusable prior", model: Array(badPrior.utf8), data: nil, mustRefuse: badPrior != modelText),
        ]
    }

    static let fileFaults: [Fault] = [
        Fault(name: "empty model", model: [], data: nil, mustRefuse: true),
        Fault(name: "empty data", model: nil, data: [], mustRefuse: true),
        Fault(name: "data is a directory", model: nil, data: nil, mustRefuse: true, dataIsDirectory: true),
        Fault(name: "data missing", model: nil, data: nil, mustRefuse: true, dataMissing: true),
        Fault(name: "random bytes", model: (0..<2000).map { UInt8(truncatingIfNeeded: $0 &* 2_654_435_761 >> 7) },
              data: nil, mustRefuse: true),
    ]

    /// Writes the fault's files beside a copy of the shipped model; returns the directory.
    static func write(_ fault: Fault, model name: String) throws -> (directory: String, model: String, data: String) {
        let directory = try CLI.temporaryDirectory()
        let modelBytes = try Array(Data(contentsOf: URL(fileURLWithPath: "\(CLI.root)/models/\(name).model")))
        let dataBytes = try Array(Data(contentsOf: URL(fileURLWithPath: "\(CLI.root)/models/\(name).csv")))
        let (modelPath, dataPath) = ("\(directory)/\(name).model", "\(directory)/\(name).csv")
        try Data(fault.model ?? modelBytes).write(to: URL(fileURLWithPath: modelPath))
        if fault.dataIsDirectory {
            try FileManager.default.createDirectory(atPath: dataPath, withIntermediateDirectories: false)
        } else if !fault.dataMissing {
            try Data(fault.data ?? dataBytes).write(to: URL(fileURLWithPath: dataPath))
        }
        return (directory, modelPath, dataPath)
    }

    /// The checks every run must pass.
    static func expectClean(_ r: CLI.Output?, fault: Fault, files: [String], context: String) {
        guard let r else {
            Issue.record("still running after \(timeLimit) s: \(context)")
            return
        }
        #expect(!r.signalled && [0, 1, 2].contains(r.status), "status \(r.status)\(r.signalled ? " (signal)" : ""): \(context)\n\(r.stderr.prefix(600))")
        if fault.mustRefuse { #expect(r.status == 1, "accepted silently: \(context)") }
        for word in internals { #expect(!r.stderr.contains(word), "\(context): \(r.stderr.prefix(600))") }
        // Messages only: the source lines under them (" 3 | …") show the file as it is.
        for line in r.stderr.split(separator: "\n") where !line.hasPrefix(" ") {
            #expect(line.range(of: enumDump, options: .regularExpression) == nil, "\(context): \(line.prefix(600))")
        }
        let longest = r.stderr.split(separator: "\n").map(\.unicodeScalars.count).max() ?? 0
        #expect(longest <= 700, "a stderr line of \(longest) characters: \(context)")
        guard r.status == 1, let first = r.stderr.split(separator: "\n").first.map(String.init) else { return }
        if first.hasPrefix("flowcli ") {
            // A command-level error (e.g. "has no data statement") is fine; one that the
            // front end should have located in a file (a prior or a data row refused
            // after loading) is a gap in the checks.
            let gap = first.contains("prior of '") || files.contains { first.contains($0 + ": ") }
            #expect(!gap, "refused after loading, without a location: \(first.prefix(300)) — \(context)")
            return
        }
        // An error about a model or data file names it, located unless it concerns the whole file.
        guard let file = files.first(where: { first.hasPrefix($0 + ":") }) else {
            Issue.record("error not about a file: \(first.prefix(300)) — \(context)")
            return
        }
        let rest = first.dropFirst(file.count)
        let located = rest.range(of: #"^:[0-9]+:[0-9]+: error: "#, options: .regularExpression) != nil
        let wholeFile = rest.hasPrefix(": error: cannot read ")
        #expect(located || wholeFile, "\(first.prefix(300)) — \(context)")
    }

    @Test(arguments: CLI.shippedModels)
    func faultsThroughCheckAndLoglik(_ name: String) throws {
        var g = Generator(state: 0x0012_C11F &+ UInt64(name.count))
        let model = try Array(Data(contentsOf: URL(fileURLWithPath: "\(CLI.root)/models/\(name).model")))
        let data = try Array(Data(contentsOf: URL(fileURLWithPath: "\(CLI.root)/models/\(name).csv")))
        for fault in Self.faults(model: model, data: data, &g) + Self.fileFaults {
            let (directory, modelPath, dataPath) = try Self.write(fault, model: name)
            defer { try? FileManager.default.removeItem(atPath: directory) }
            for command in ["check", "loglik"] {
                let r = try CLI.run([command, modelPath], timeLimit: Self.timeLimit)
                Self.expectClean(r, fault: fault, files: [modelPath, dataPath], context: "\(command) \(name): \(fault.name)")
            }
        }
    }
}
