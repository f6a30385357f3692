import Foundation
import ODE
import Testing
@testable import ModelDSL

/// The PEtab test suite (the 20 vendored PEtab 1 cases): every case is
/// imported from its `problem.yaml`, and at its nominal parameters the
/// log-likelihood, χ² and every measurement's simulated value must match the
/// case's solution within the case's own tolerances (|got − expected| ≤ tol,
/// solved at rtol 1e-10, atol 1e-12). A case the importer cannot support must
/// be refused with located errors (none is, today).
///
/// `FLOWFIT_PETAB_TABLE=docs/petab.md swift test --filter PEtabTestSuiteTests`
/// rewrites the results section of docs/petab.md.
@Suite struct PEtabTestSuiteTests {
    @Test func everyVersion1CaseReproducesItsSolution() throws {
        let cases = try PEtabTestCase.all()
        #expect(cases.count == 20)
        var outcomes: [(PEtabTestCase, PEtabCaseOutcome)] = []
        for c in cases { outcomes.append((c, c.run())) }
        var failures: [String] = []
        var refusals: [String] = []
        for (c, outcome) in outcomes {
            switch outcome {
            case .passed: break
            case .failed(let why): failures.append("\(c.number): \(why)")
            case .refused(let diagnostics):
                #expect(!diagnostics.isEmpty && diagnostics.allSatisfy { $0.line > 0 && !$0.message.isEmpty },
                        "\(c.number): \(diagnostics)")
                refusals.append("\(c.number): \(diagnostics.first?.description ?? "")")
            }
        }
        #expect(failures.isEmpty, "wrong:\n\(failures.joined(separator: "\n"))")
        #expect(refusals.isEmpty, "refused:\n\(refusals.joined(separator: "\n"))")
        if let path = ProcessInfo.processInfo.environment["FLOWFIT_PETAB_TABLE"] {
            try PEtabTestSuiteReport(outcomes: outcomes).write(into: path.hasPrefix("/") ? path : Frontend.repositoryRoot + "/" + path)
        }
    }

    /// The same cases with a Rosenbrock method for every solve — several
    /// conditions in one batch, and pre-equilibration to steady state (cases
    /// 0009, 0010, 0017, 0018) included.
    @Test(arguments: [SolverChoice.rodas4, .rodas5p])
    func everyVersion1CaseReproducesItsSolutionWithAStiffMethod(_ method: SolverChoice) throws {
        var options = PEtabTestCase.options
        options.method = method
        var failures: [String] = []
        for c in try PEtabTestCase.all() {
            switch c.run(options: options) {
            case .passed: break
            case .failed(let why): failures.append("\(c.number): \(why)")
            case .refused(let d): failures.append("\(c.number): refused \(d.first?.description ?? "")")
            }
        }
        #expect(failures.isEmpty, "\(method):\n\(failures.joined(separator: "\n"))")
    }

    /// A case's measurements split into experiments as the suite intends:
    /// pre-equilibration pairs and several conditions are one solve each.
    @Test func experimentsOfTheConditionAndPreequilibrationCases() throws {
        let root = PEtabTestCase.root + "/v1.0.0"
        let twoConditions = try LoadedModel.load(path: "\(root)/0002/_0002.yaml")
        #expect(twoConditions.data?.experiments == [Experiment(condition: 0), Experiment(condition: 1)])
        let preequilibrated = try LoadedModel.load(path: "\(root)/0009/_0009.yaml")
        let names = preequilibrated.model.conditions.map(\.name)
        let pre = try #require(names.firstIndex(of: "preeq_c0")), main = try #require(names.firstIndex(of: "c0"))
        #expect(preequilibrated.data?.experiments == [Experiment(condition: main, preequilibration: pre)])
    }
}

/// The results section of docs/petab.md: one row per case.
struct PEtabTestSuiteReport {
    var outcomes: [(PEtabTestCase, PEtabCaseOutcome)]

    static let begin = "<!-- BEGIN petab-test-suite results (generated: FLOWFIT_PETAB_TABLE=docs/petab.md swift test --filter PEtabTestSuiteTests) -->"
    static let end = "<!-- END petab-test-suite results -->"

    var markdown: String {
        let passed = outcomes.filter { if case .passed = $0.1 { return true } else { return false } }.count
        let refused = outcomes.filter { if case .refused = $0.1 { return true } else { return false } }.count
        var lines = [Self.begin,
                     "PEtab 1 cases: \(outcomes.count); passed \(passed), refused \(refused), failed \(outcomes.count - passed - refused).",
                     "",
                     "| case | tests | result |", "|---|---|---|"]
        for (c, outcome) in outcomes {
            let readme = (try? String(contentsOfFile: c.directory + "/README.md", encoding: .utf8)) ?? ""
            // The first paragraph of the case's objective.
            let objective = readme.components(separatedBy: "## Objective").dropFirst().first?
                .components(separatedBy: "##").first?
                .trimmingCharacters(in: .whitespacesAndNewlines)
                .components(separatedBy: "\n\n").first?
                .split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) }.joined(separator: " ") ?? ""
            let result: String
            switch outcome {
            case .passed: result = "pass"
            case .refused(let d): result = "refused: \(d.first?.message ?? "")"
            case .failed(let why): result = "FAIL: \(why)"
            }
            lines.append("| \(c.number) | \(objective.replacingOccurrences(of: "|", with: "\\|")) | \(result) |")
        }
        lines.append(Self.end)
        return lines.joined(separator: "\n")
    }

    func write(into path: String) throws {
        let text = try String(contentsOfFile: path, encoding: .utf8)
        guard let a = text.range(of: Self.begin), let b = text.range(of: Self.end) else {
            throw PEtabTestCase.CaseError("\(path) has no petab-test-suite markers")
        }
        try (String(text[..<a.lowerBound]) + markdown + String(text[b.upperBound...])).write(toFile: path, atomically: true, encoding: .utf8)
    }
}
