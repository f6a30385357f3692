import Foundation
import Testing
@testable import ModelDSL

/// The SBML Test Suite (871 vendored time-course cases): every case is
/// imported, checked, simulated with the explicit solver at a thousandth of the
/// case's tolerances, and every reported variable compared at every time within
/// the case's own tolerance (|got − expected| ≤ abs + rel·|expected|).
///
/// A case is passed, refused (by the importer or checker, with a located
/// error), failed by the solver (maximum steps: stiff, for the stiff solver),
/// or failed (simulated but wrong). `FLOWFIT_SBML_TABLE=docs/sbml.md swift test
/// --filter SBMLTestSuiteTests` rewrites the results section of docs/sbml.md
/// (between its `sbml-test-suite` markers); `FLOWFIT_SBML_LOG=path` writes one
/// line per case.
@Suite struct SBMLTestSuiteTests {
    @Test func testSuiteCases() throws {
        let cases = try SBMLTestCase.all()
        #expect(cases.count == 871)
        var outcomes: [(SBMLTestCase, SBMLCaseOutcome)] = []
        for c in cases { outcomes.append((c, c.run())) }
        let passed = outcomes.filter { if case .passed = $0.1 { return true } else { return false } }.count
        var failures: [String] = []
        for (c, outcome) in outcomes {
            switch outcome {
            case .failed(let why):
                failures.append("\(c.number): \(why)")
            case .refused(let diagnostics):
                // A refusal names what is refused and where.
                #expect(!diagnostics.isEmpty && diagnostics.allSatisfy { $0.line > 0 && !$0.message.isEmpty },
                        "\(c.number): \(diagnostics)")
            default:
                break
            }
        }
        #expect(failures.isEmpty, "simulated wrongly:\n\(failures.joined(separator: "\n"))")
        #expect(Double(passed) >= 0.95 * Double(cases.count), "passed \(passed) of \(cases.count)")
        if let path = ProcessInfo.processInfo.environment["FLOWFIT_SBML_TABLE"] {
            try SBMLTestSuiteReport(outcomes: outcomes).write(into: path.hasPrefix("/") ? path : Frontend.repositoryRoot + "/" + path)
        }
        if let path = ProcessInfo.processInfo.environment["FLOWFIT_SBML_LOG"] {
            let lines = outcomes.map { c, o -> String in
                switch o {
                case .passed: return "\(c.number) pass"
                case .refused(let d): return "\(c.number) refuse \(d.map(\.description).joined(separator: " | "))"
                case .failed(let why): return "\(c.number) fail \(why)"
                case .failedBySolver(let why): return "\(c.number) solver \(why)"
                }
            }
            try lines.joined(separator: "\n").write(toFile: path, atomically: true, encoding: .utf8)
        }
    }
}

/// The results section of docs/sbml.md: outcomes per tag, and the refused cases.
struct SBMLTestSuiteReport {
    var outcomes: [(SBMLTestCase, SBMLCaseOutcome)]

    static let begin = "<!-- BEGIN sbml-test-suite results (generated: FLOWFIT_SBML_TABLE=docs/sbml.md swift test --filter SBMLTestSuiteTests) -->"
    static let end = "<!-- END sbml-test-suite results -->"

    /// Replaces the text between the markers in the file at `path` (or writes the section alone).
    func write(into path: String) throws {
        let section = Self.begin + "\n" + markdown + refusals + Self.end
        var text = (try? String(contentsOfFile: path, encoding: .utf8)) ?? ""
        if let start = text.range(of: Self.begin), let stop = text.range(of: Self.end), start.lowerBound < stop.upperBound {
            text.replaceSubrange(start.lowerBound..<stop.upperBound, with: section)
        } else {
            text = section + "\n"
        }
        try text.write(toFile: path, atomically: true, encoding: .utf8)
    }

    /// One row per refused case: its tags and the first error (file path dropped).
    var refusals: String {
        var lines = ["", "| refused case | tags | first error |", "|---|---|---|"]
        for (c, outcome) in outcomes {
            guard case .refused(let diagnostics) = outcome, let first = diagnostics.first else { continue }
            let tags = (c.componentTags + c.testTags).joined(separator: ", ")
            let message = "line \(first.line): \(first.message)".replacingOccurrences(of: "|", with: "\\|")
            lines.append("| \(c.number) | \(tags) | \(message) |")
        }
        return lines.joined(separator: "\n") + "\n"
    }

    var markdown: String {
        func counts(_ subset: [(SBMLTestCase, SBMLCaseOutcome)]) -> String {
            let labels = ["pass", "refuse", "fail", "solver"]
            let numbers = labels.map { label in subset.filter { $0.1.label == label }.count }
            return "| \(subset.count) | " + numbers.map(String.init).joined(separator: " | ") + " |"
        }
        var lines = ["| tag | cases | pass | refuse | fail | failed by solver |", "|---|---|---|---|---|---|"]
        lines.append("| **all** " + counts(outcomes))
        let componentTags = Set(outcomes.flatMap { $0.0.componentTags }).sorted()
        let testTags = Set(outcomes.flatMap { $0.0.testTags }).sorted()
        for tag in componentTags { lines.append("| \(tag) " + counts(outcomes.filter { $0.0.componentTags.contains(tag) })) }
        for tag in testTags { lines.append("| \(tag) " + counts(outcomes.filter { $0.0.testTags.contains(tag) })) }
        return lines.joined(separator: "\n") + "\n"
    }
}
