import Foundation
import ODE
import Testing
@testable import ModelDSL

/// One case of the PEtab test suite, from Tests/Fixtures/petab-test-suite/<version>/NNNN/:
/// the problem `_NNNN.yaml` and the expected values `_NNNN_solution.yaml`
/// (`llh`, `chi2`, their tolerances, and `_simulations.tsv` with
/// `tol_simulations`), all computed by the suite's own generator (petabtests).
struct PEtabTestCase: Sendable {
    var version: String
    var number: String
    var directory: String
    var problem: String { "\(directory)/_\(number).yaml" }

    static let root = Frontend.repositoryRoot + "/Tests/Fixtures/petab-test-suite"

    static func all(version: String = "v1.0.0") throws -> [PEtabTestCase] {
        let directory = root + "/" + version
        return try FileManager.default.contentsOfDirectory(atPath: directory)
            .filter { $0.count == 4 && $0.allSatisfy(\.isNumber) }.sorted()
            .map { PEtabTestCase(version: version, number: $0, directory: "\(directory)/\($0)") }
    }

    /// The expected values.
    struct Solution {
        var llh: Double
        var chi2: Double
        var toleranceLLH: Double
        var toleranceChi2: Double
        var toleranceSimulations: Double
        /// Rows of `_simulations.tsv`, aligned with the measurement table's rows.
        var simulations: [(observable: String, time: Double, value: Double)]
    }

    func solution() throws -> Solution {
        let source = ModelSource(path: "\(directory)/_\(number)_solution.yaml",
                                 text: try String(contentsOfFile: "\(directory)/_\(number)_solution.yaml", encoding: .utf8))
        let (root, diagnostics) = YAMLReader.read(source)
        guard case .mapping(let entries, _)? = root else {
            throw CaseError("unreadable solution: \(diagnostics.errors)")
        }
        let number = { (key: String) throws -> Double in
            guard let entry = entries.first(where: { $0.key == key }), case .scalar(let text, _) = entry.value,
                  let value = Double(text) else { throw CaseError("solution has no number '\(key)'") }
            return value
        }
        let table = try String(contentsOfFile: "\(directory)/_simulations.tsv", encoding: .utf8)
        let lines = table.split(separator: "\n").map { $0.split(separator: "\t", omittingEmptySubsequences: false).map(String.init) }
        guard let header = lines.first, let o = header.firstIndex(of: "observableId"), let t = header.firstIndex(of: "time"),
              let s = header.firstIndex(of: "simulation") else { throw CaseError("simulation table without its columns") }
        let simulations = try lines.dropFirst().map { row -> (String, Double, Double) in
            guard let time = Double(row[t]), let value = Double(row[s]) else { throw CaseError("bad simulation row \(row)") }
            return (row[o], time, value)
        }
        return Solution(llh: try number("llh"), chi2: try number("chi2"), toleranceLLH: try number("tol_llh"),
                        toleranceChi2: try number("tol_chi2"), toleranceSimulations: try number("tol_simulations"),
                        simulations: simulations)
    }

    struct CaseError: Error, CustomStringConvertible {
        var description: String
        init(_ d: String) { description = d }
    }

    /// Tight tolerances: the suite's own tolerances are 1e-3 on the results.
    static let options = SolverOptions(relativeTolerance: 1e-10, absoluteTolerance: 1e-12, maxSteps: 1_000_000)

    /// Imports, evaluates at the nominal parameters (with `options`) and compares.
    func run(options: SolverOptions = PEtabTestCase.options) -> PEtabCaseOutcome {
        let loaded: LoadedModel
        do {
            loaded = try LoadedModel.load(path: problem)
        } catch {
            return .refused(error.diagnostics)
        }
        do {
            let expected = try solution()
            guard let data = loaded.data else { return .failed("no measurements") }
            let nominal = try loaded.model.parameters.map { p in
                guard let v = p.nominal else { throw CaseError("parameter \(p.name) has no nominal value") }
                return v
            }
            let likelihood = try ModelLikelihood(model: loaded.model, data: data, options: options)
            let batch = try likelihood.logLikelihoods([nominal])
            let breakdown = try likelihood.breakdown(parameters: nominal)
            var problems: [String] = []
            let llh = batch.logLikelihoods[0]
            if !(Swift.abs(llh - expected.llh) <= expected.toleranceLLH) {
                problems.append("llh \(llh), expected \(expected.llh) ± \(expected.toleranceLLH)")
            }
            if breakdown.total != llh { problems.append("breakdown total \(breakdown.total) differs from the batch value \(llh)") }
            let chi2 = breakdown.contributions.reduce(0) { $0 + $1.residual * $1.residual }
            if !(Swift.abs(chi2 - expected.chi2) <= expected.toleranceChi2) {
                problems.append("chi2 \(chi2), expected \(expected.chi2) ± \(expected.toleranceChi2)")
            }
            var predictions: [Int: Double] = [:]
            for c in breakdown.contributions { predictions[c.measurement] = c.prediction }
            if expected.simulations.count != data.measurements.count {
                problems.append("\(expected.simulations.count) simulations for \(data.measurements.count) measurements")
            }
            for (i, (m, s)) in zip(data.measurements, expected.simulations).enumerated() {
                guard loaded.model.observables[m.observable].name == s.observable, m.time == s.time else {
                    problems.append("simulation row \(i + 1) is \(s.observable) at \(s.time), measurement \(loaded.model.observables[m.observable].name) at \(m.time)")
                    continue
                }
                let got = predictions[i] ?? .nan
                if !(Swift.abs(got - s.value) <= expected.toleranceSimulations) {
                    problems.append("simulation of row \(i + 1) (\(s.observable), t = \(s.time)): \(got), expected \(s.value)")
                }
            }
            return problems.isEmpty ? .passed : .failed(problems.joined(separator: "; "))
        } catch {
            return .failed("\(error)")
        }
    }
}

enum PEtabCaseOutcome {
    case passed
    case refused([Diagnostic])
    case failed(String)
}
