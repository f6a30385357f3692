import Foundation
import ODE
@testable import ModelDSL

/// One case of the SBML Test Suite: settings, expected results and tags, read
/// from Tests/Fixtures/sbml-test-suite/NNNNN/.
struct SBMLTestCase: Sendable {
    var number: String
    var modelPath: String
    var start: Double
    var duration: Double
    var steps: Int
    var variables: [String]
    var absolute: Double
    var relative: Double
    var amounts: Set<String>
    var concentrations: Set<String>
    /// The expected value of each variable (columns in `variables` order) at each time.
    var times: [Double]
    var expected: [[Double]]
    var componentTags: [String]
    var testTags: [String]

    static let directory = Frontend.repositoryRoot + "/Tests/Fixtures/sbml-test-suite"

    static func all() throws -> [SBMLTestCase] {
        let names = try FileManager.default.contentsOfDirectory(atPath: directory)
            .filter { $0.count == 5 && $0.allSatisfy(\.isNumber) }.sorted()
        return try names.map { try load($0) }
    }

    static func load(_ number: String) throws -> SBMLTestCase {
        let folder = "\(directory)/\(number)"
        let files = try FileManager.default.contentsOfDirectory(atPath: folder)
        guard let xml = files.filter({ $0.hasSuffix(".xml") }).sorted().last else {
            throw CocoaError(.fileNoSuchFile)
        }
        func read(_ name: String) throws -> String { try String(contentsOfFile: "\(folder)/\(name)", encoding: .utf8) }
        var fields: [String: String] = [:]
        for line in try read("\(number)-settings.txt").split(whereSeparator: \.isNewline) {
            guard let colon = line.firstIndex(of: ":") else { continue }
            fields[line[..<colon].trimmingCharacters(in: .whitespaces)] = line[line.index(after: colon)...]
                .trimmingCharacters(in: .whitespaces)
        }
        func list(_ key: String) -> [String] {
            (fields[key] ?? "").split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        }
        var tags: [String: [String]] = [:]
        for line in try read("tags.txt").split(whereSeparator: \.isNewline) {
            guard let colon = line.firstIndex(of: ":") else { continue }
            // Feature tags only (a few cases list just "testType: TimeCourse").
            tags[String(line[..<colon])] = line[line.index(after: colon)...].split(separator: ",")
                .map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty && !$0.hasPrefix("testType:") }
        }
        let rows = try read("\(number)-results.csv").split(whereSeparator: \.isNewline)
        let header = rows.first.map { $0.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) } } ?? []
        let variables = list("variables")
        // Column 0 is the time (which a variable may also be called, as in case 01820).
        let columns = variables.map { v in header.dropFirst().firstIndex(of: v) ?? -1 }
        var times: [Double] = []
        var expected: [[Double]] = []
        for row in rows.dropFirst() {
            let values = row.split(separator: ",").map { MathMLReader.parse($0.trimmingCharacters(in: .whitespaces)) ?? .nan }
            times.append(values[0])
            expected.append(columns.map { $0 >= 0 && $0 < values.count ? values[$0] : .nan })
        }
        return SBMLTestCase(
            number: number, modelPath: "\(folder)/\(xml)", start: Double(fields["start"] ?? "") ?? 0,
            duration: Double(fields["duration"] ?? "") ?? 0, steps: Int(fields["steps"] ?? "") ?? 0,
            variables: variables, absolute: Double(fields["absolute"] ?? "") ?? 0,
            relative: Double(fields["relative"] ?? "") ?? 0, amounts: Set(list("amount")),
            concentrations: Set(list("concentration")), times: times, expected: expected,
            componentTags: tags["componentTags"] ?? [], testTags: tags["testTags"] ?? [])
    }
}

/// How a case ended.
enum SBMLCaseOutcome: Sendable {
    /// Every variable at every time within the case's tolerance.
    case passed
    /// The importer or checker refused the model with these errors.
    case refused([Diagnostic])
    /// Simulated, but some value is outside the tolerance (or a variable is missing).
    case failed(String)
    /// The explicit solver ran out of steps (a stiff case: the stiff solver's job).
    case failedBySolver(String)

    var label: String {
        switch self {
        case .passed: return "pass"
        case .refused: return "refuse"
        case .failed: return "fail"
        case .failedBySolver: return "solver"
        }
    }
}

extension SBMLTestCase {
    /// The solver's tolerances: a thousandth of the case's, so that the
    /// comparison measures the import, not the integration error.
    func solverOptions(_ method: SolverChoice) -> SolverOptions {
        SolverOptions(relativeTolerance: Swift.max(relative * 1e-3, 1e-12), absoluteTolerance: Swift.max(absolute * 1e-3, 1e-14),
                      method: method)
    }

    /// Imports, checks and simulates the case with `method`, and compares every variable.
    func run(method: SolverChoice = .auto) -> SBMLCaseOutcome {
        var imported: SBMLImport
        do {
            imported = try SBMLImporter.importModel(path: modelPath)
        } catch {
            return .refused(error.diagnostics)
        }
        // The canonical text parses back to the same syntax tree and checked model.
        do {
            let printed = ModelSource(path: "printed.model", text: imported.ast.canonicalText)
            let reparsed = try ModelParser.parse(printed)
            guard reparsed == imported.ast else { return .failed("the canonical text parses to a different model") }
            let original = try ModelChecker.check(imported.ast, source: imported.source)
            guard try ModelChecker.check(reparsed, source: printed) == original else {
                return .failed("the canonical text checks to a different model")
            }
        } catch {
            if error.sources.first?.path == "printed.model" { return .failed("the canonical text does not load: \(error)") }
            return .refused(error.diagnostics)
        }
        // Each reported variable becomes an observable of the model.
        let measures = variables.map { v -> SBMLMeasure in
            amounts.contains(v) ? .amount : concentrations.contains(v) ? .concentration : .value
        }
        let ast: ModelAST
        switch SBMLMeasure.observing(imported, Array(zip(variables, measures))) {
        case .success(let observed): ast = observed
        case .failure(let why): return .failed(why.message)
        }
        let model: CheckedModel
        do {
            model = try ModelChecker.check(ast, source: imported.source)
        } catch {
            return .refused(error.diagnostics)
        }
        let outputTimes = (0...steps).map { start + duration * Double($0) / Double(Swift.max(steps, 1)) }
        let simulation: Simulation
        do {
            let simulator = try ModelSimulator(model: model, options: solverOptions(method))
            switch try simulator.simulate(parameters: [], times: outputTimes, startTime: start) {
            case .success(let s): simulation = s
            case .failure(let f) where f.reason == .maxStepsReached: return .failedBySolver("\(f)")
            case .failure(let f): return .failed("solve failed: \(f)")
            }
        } catch {
            return .failed("\(error)")
        }
        for (k, row) in expected.enumerated() {
            guard k < simulation.observables.count else { return .failed("missing time \(times[k])") }
            for (v, want) in row.enumerated() {
                let got = simulation.observables[k][v]
                let ok = want.isNaN ? got.isNaN
                    : want.isInfinite ? got == want
                    : Swift.abs(got - want) <= absolute + relative * Swift.abs(want)
                if !ok {
                    return .failed("\(variables[v]) at t = \(times[k]): \(got), expected \(want)")
                }
            }
        }
        return .passed
    }
}

/// Which value of an SBML quantity to report.
enum SBMLMeasure: Sendable {
    /// What the id means in SBML math.
    case value
    /// A species' amount (other quantities: their value).
    case amount
    /// A species' concentration.
    case concentration

    struct Missing: Error {
        var message: String
    }

    /// The imported model with one observable `reported_k` per request (noise
    /// Normal(1), unused), in order.
    static func observing(_ imported: SBMLImport, _ requests: [(id: String, measure: SBMLMeasure)]) -> Result<ModelAST, Missing> {
        var ast = imported.ast
        let here = SourceLocation(line: 0, column: 0)
        var taken = Set(ast.initialValues.map(\.name) + ast.values.map(\.name) + ast.assignments.map(\.name))
        for (k, request) in requests.enumerated() {
            guard let quantity = imported.quantity(request.id) else {
                return .failure(Missing(message: "variable '\(request.id)' is not in the import"))
            }
            let expression: SyntaxExpr?
            switch request.measure {
            case .value: expression = quantity.value
            case .amount: expression = quantity.amount ?? quantity.value
            case .concentration: expression = quantity.concentration
            }
            guard let expression else { return .failure(Missing(message: "variable '\(request.id)' has no concentration")) }
            var name = "reported_\(k)"
            while taken.contains(name) { name += "_" }
            taken.insert(name)
            ast.observables.append(ObservableDecl(
                name: name, expression: expression,
                noise: DistributionCall(name: "Normal", arguments: [SyntaxExpr(.number(1), at: here)], location: here),
                nameLocation: here))
        }
        return .success(ast)
    }
}
