import Foundation
import Testing
@testable import flowcli
import Inference

/// Errors outside the parser, in the user's words (issue 12): no Foundation
/// error domains, Swift type names or enum dumps, and what to do.
@Suite struct MessageTests {
    @Test func samplerFailuresSayWhatWentWrongAndWhatToTry() {
        let m = SamplerFailure.message(backend: "flow", FlowError.nonFiniteGradient(step: 12))
        #expect(m.contains("diverged at step 12"))
        #expect(m.contains("try another --seed"))
        #expect(!m.contains("nonFiniteGradient") && !m.contains("FlowError"))
        #expect(!SamplerFailure.message(backend: "flow", FlowError.zeroTotalWeight).contains("zeroTotalWeight"))
        #expect(SamplerFailure.message(backend: "flow", DensityError.notPositiveDefinite).contains("not positive definite"))
    }

    @Test func foundationErrorsAreWorded() {
        let cocoa = UserMessage.describe(CocoaError(.fileWriteUnknown, userInfo: [NSFilePathErrorKey: "/x/y"]))
        #expect(cocoa == "'/x/y': cannot be written")
        let missing = UserMessage.describe(CocoaError(.fileReadNoSuchFile, userInfo: [NSFilePathErrorKey: "/x"]))
        #expect(missing == "'/x': no such file or directory")
        do {
            _ = try PropertyListDecoder().decode(Checkpoint.self, from: Data("garbage".utf8))
            Issue.record("decoded garbage")
        } catch {
            let text = UserMessage.describe(error)
            #expect(text == "the file is damaged or not in the expected format", "\(text)")
        }
        #expect(UserMessage.describe(POSIXError(.ENOSPC)) == String(cString: strerror(ENOSPC)))
    }
}

/// The same through the tool.
@Suite(.serialized) struct ToolMessageTests {
    @Test func anOutputPathUnderAFileIsExplained() throws {
        let dir = try CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try "x".write(toFile: dir + "/file", atomically: true, encoding: .utf8)
        let r = try CLI.run(["fit", CLI.modelPath("linear_gaussian"), "--output", dir + "/file/run", "--quiet"])
        CLI.expectOrderly(r)
        #expect(r.status == 1)
        #expect(r.stderr.contains("cannot create output directory '\(dir)/file/run': '\(dir)/file' is a file, not a directory"),
                "\(r.stderr)")
    }

    @Test func summariesThatAreNotThisFlowclisAreExplained() throws {
        let dir = try CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        for (text, words) in [("{\"model\": \"m\", \"log_evidence\": 1}", "written by an older flowcli"),
                              ("{\"format\": 2}", "' is missing"),
                              ("{ truncated", "not a JSON object")] {
            try text.write(toFile: dir + "/summary.json", atomically: true, encoding: .utf8)
            let r = try CLI.run(["report", dir])
            CLI.expectOrderly(r, text)
            #expect(r.status == 1)
            #expect(r.stderr.contains("summary.json: not a run summary: ") && r.stderr.contains(words), "\(r.stderr)")
        }
    }
}

/// What docs/cli.md promises about `fit`, checked against the tool itself.
@Suite struct DocsPromiseTests {
    static func section(_ start: String, _ end: String) throws -> String {
        let text = try String(contentsOfFile: CLI.root + "/docs/cli.md", encoding: .utf8)
        let a = try #require(text.range(of: start)), b = try #require(text.range(of: end, range: a.upperBound..<text.endIndex))
        return String(text[a.upperBound..<b.lowerBound])
    }

    /// The first-column `--flags` of the fit option tables.
    static func tableFlags(_ text: String) -> Set<String> {
        var flags = Set<String>()
        for line in text.split(separator: "\n") where line.hasPrefix("| `--") {
            let cell = line.dropFirst(2).prefix { $0 != "|" }
            for token in cell.split(whereSeparator: { " `,".contains($0) }) where token.hasPrefix("--") {
                flags.insert(String(token.dropFirst(2)))
            }
        }
        return flags
    }

    @Test func theFitTablesListEveryFlagFitAccepts() throws {
        let documented = Self.tableFlags(try Self.section("## `flowcli fit MODEL [options]`", "### Checkpoints"))
        let spec = FitCommand().spec
        let accepted = spec.valued.union(spec.switches).union(spec.repeatable)
        let difference = "documented only: \(documented.subtracting(accepted).sorted()); "
            + "accepted only: \(accepted.subtracting(documented).sorted())"
        #expect(documented == accepted, "\(difference)")
    }

    @Test func theSummaryTableListsEveryKey() throws {
        let table = try Self.section("**`summary.json`**", "Non-finite numbers are written as `null`")
        var keys = Set<String>()
        for line in table.split(separator: "\n") where line.hasPrefix("| `") {
            let cell = line.dropFirst(2).prefix { $0 != "|" }
            for part in cell.split(separator: "`") where part.allSatisfy({ $0.isLowercase || $0 == "_" }) { keys.insert(String(part)) }
        }
        var document = RunDocument(RunDocumentTests.result(), context: RunDocumentTests.context)
        document.modes = []
        let written = try #require(try JSONSerialization.jsonObject(with: document.encoded()) as? [String: Any])
        let difference = "documented only: \(keys.subtracting(written.keys).sorted()); "
            + "written only: \(Set(written.keys).subtracting(keys).sorted())"
        #expect(keys == Set(written.keys), "\(difference)")
    }
}
