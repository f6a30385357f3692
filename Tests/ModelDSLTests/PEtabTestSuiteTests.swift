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

    /// The PEtab 2 cases (31, vendored in v2.0.0/): each either reproduces its
    /// solution as the PEtab 1 cases must, or is refused with located errors
    /// for a feature FlowFit does not have — an SBML event (0016, 0023,
    /// 0030), a condition applied during the simulation (0022, 0028, 0031), a
    /// start time other than 0 (0018, 0029), or a prior distribution the
    /// language has no counterpart for, or a log-normal prior truncated at 0
    /// (0024, 0025). Never a wrong value.
    @Test func everyVersion2CaseReproducesItsSolutionOrIsRefused() throws {
        let cases = try PEtabTestCase.all(version: "v2.0.0")
        #expect(cases.count == 31)
        var outcomes: [(PEtabTestCase, PEtabCaseOutcome)] = []
        for c in cases { outcomes.append((c, c.run())) }
        var failures: [String] = []
        var refused: [String] = []
        for (c, outcome) in outcomes {
            switch outcome {
            case .passed: break
            case .failed(let why): failures.append("\(c.number): \(why)")
            case .refused(let diagnostics):
                #expect(!diagnostics.isEmpty && diagnostics.allSatisfy { $0.line > 0 && !$0.message.isEmpty },
                        "\(c.number): \(diagnostics)")
                refused.append(c.number)
            }
        }
        #expect(failures.isEmpty, "wrong:\n\(failures.joined(separator: "\n"))")
        #expect(refused == ["0016", "0018", "0022", "0023", "0024", "0025", "0028", "0029", "0030", "0031"])
        if let path = ProcessInfo.processInfo.environment["FLOWFIT_PETAB_TABLE"] {
            try PEtabTestSuiteReport(outcomes: outcomes, version: 2)
                .write(into: path.hasPrefix("/") ? path : Frontend.repositoryRoot + "/" + path)
        }
    }

    /// A PEtab 2 experiment is a condition after an optional
    /// pre-equilibration, as in PEtab 1 (case 0009 of each version: the same
    /// experiment and the same log-likelihood).
    @Test func version2ExperimentsAreVersion1Experiments() throws {
        let one = try LoadedModel.load(path: PEtabTestCase.root + "/v1.0.0/0009/_0009.yaml")
        let two = try LoadedModel.load(path: PEtabTestCase.root + "/v2.0.0/0009/_0009.yaml")
        let names = two.model.conditions.map(\.name)
        let pre = try #require(names.firstIndex(of: "preeq_c0")), main = try #require(names.firstIndex(of: "c0"))
        #expect(two.data?.experiments == [Experiment(condition: main, preequilibration: pre)])
        let options = PEtabTestCase.options
        let a = try ModelLikelihood(model: one.model, data: try #require(one.data), options: options)
        let b = try ModelLikelihood(model: two.model, data: try #require(two.data), options: options)
        let nominal = { (m: CheckedModel) in m.parameters.map { $0.nominal ?? .nan } }
        let la = try a.logLikelihoods([nominal(one.model)]).logLikelihoods[0]
        let lb = try b.logLikelihoods([nominal(two.model)]).logLikelihoods[0]
        #expect(Swift.abs(la - lb) <= 1e-9 * Swift.abs(la), "\(la) vs \(lb)")
    }

    /// The same cases (and the PEtab 2 cases) with a Rosenbrock method for every solve — several
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
        // The PEtab 2 cases too (those refused are refused before any solve).
        for c in try PEtabTestCase.all(version: "v2.0.0") {
            if case .failed(let why) = c.run(options: options) { failures.append("v2 \(c.number): \(why)") }
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
    /// 1 or 2: which results section of docs/petab.md this is.
    var version = 1

    var begin: String {
        "<!-- BEGIN petab-test-suite\(version == 1 ? "" : " v2") results (generated: FLOWFIT_PETAB_TABLE=docs/petab.md swift test --filter PEtabTestSuiteTests) -->"
    }
    var end: String { "<!-- END petab-test-suite\(version == 1 ? "" : " v2") results -->" }

    var markdown: String {
        let passed = outcomes.filter { if case .passed = $0.1 { return true } else { return false } }.count
        let refused = outcomes.filter { if case .refused = $0.1 { return true } else { return false } }.count
        var lines = [begin,
                     "PEtab \(version) cases: \(outcomes.count); passed \(passed), refused \(refused), failed \(outcomes.count - passed - refused).",
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
        lines.append(end)
        return lines.joined(separator: "\n")
    }

    func write(into path: String) throws {
        let text = try String(contentsOfFile: path, encoding: .utf8)
        guard let a = text.range(of: begin), let b = text.range(of: end) else {
            throw PEtabTestCase.CaseError("\(path) has no petab-test-suite markers")
        }
        try (String(text[..<a.lowerBound]) + markdown + String(text[b.upperBound...])).write(toFile: path, atomically: true, encoding: .utf8)
    }
}
