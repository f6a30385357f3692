import Foundation
import ODE
import Testing
@testable import ModelDSL

/// The vendored benchmark problems (Tests/Fixtures/benchmark-models-petab):
/// imported from their problem files, each log-likelihood at the nominal
/// parameters must be within 1e-3 of the reference recomputed from the
/// collection's own simulations (`reference_llh.py` → `reference_llh.tsv`).
/// Solved at rtol 1e-10, atol 1e-12 with the default method (`auto`:
/// Dormand–Prince, handing a problem to Rodas5P once it turns stiff).
@Suite struct PEtabBenchmarkTests {
    static let root = Frontend.repositoryRoot + "/Tests/Fixtures/benchmark-models-petab"

    static func reference(_ problem: String) throws -> Double {
        let text = try String(contentsOfFile: root + "/reference_llh.tsv", encoding: .utf8)
        for line in text.split(separator: "\n") {
            let fields = line.split(separator: "\t")
            if fields.count == 2, fields[0] == problem, let value = Double(fields[1]) { return value }
        }
        throw PEtabTestCase.CaseError("no reference for \(problem)")
    }

    static func problemFile(_ problem: String) -> String {
        problem == "Bertozzi_PNAS2020" ? "\(root)/\(problem)/problem.yaml" : "\(root)/\(problem)/\(problem).yaml"
    }

    static func nominalLogLikelihood(_ problem: String, method: SolverChoice = .auto) throws -> (Double, LoadedModel) {
        let loaded = try LoadedModel.load(path: problemFile(problem))
        let data = try #require(loaded.data)
        let nominal = try loaded.model.parameters.map { try #require($0.nominal) }
        let options = SolverOptions(relativeTolerance: 1e-10, absoluteTolerance: 1e-12, maxSteps: 1_000_000, method: method)
        let likelihood = try ModelLikelihood(model: loaded.model, data: data, options: options)
        return (try likelihood.logLikelihoods([nominal]).logLikelihoods[0], loaded)
    }

    @Test(arguments: [("Boehm_JProteomeRes2014", 9, 48), ("Bertozzi_PNAS2020", 8, 22), ("Crauste_CellSystems2017", 12, 21),
                      ("Elowitz_Nature2000", 21, 58)])
    func nominalLogLikelihoodMatchesTheReference(_ problem: String, parameters: Int, measurements: Int) throws {
        let (logL, loaded) = try Self.nominalLogLikelihood(problem)
        #expect(loaded.model.parameters.count == parameters)
        #expect(loaded.data?.measurements.count == measurements)
        let reference = try Self.reference(problem)
        #expect(Swift.abs(logL - reference) <= 1e-3, "\(problem): log L \(logL), reference \(reference)")
    }

    /// The stiff methods on their own reproduce every problem too: Boehm
    /// and Elowitz are stiff, Bertozzi solves two conditions in one batch.
    @Test(arguments: [SolverChoice.rodas4, .rodas5p])
    func stiffMethodsMatchTheReference(_ method: SolverChoice) throws {
        for problem in ["Boehm_JProteomeRes2014", "Bertozzi_PNAS2020", "Crauste_CellSystems2017", "Elowitz_Nature2000"] {
            let (logL, _) = try Self.nominalLogLikelihood(problem, method: method)
            let reference = try Self.reference(problem)
            #expect(Swift.abs(logL - reference) <= 1e-3, "\(problem), \(method): log L \(logL), reference \(reference)")
        }
    }

    /// Bertozzi's two regions are two conditions of one model: the condition
    /// values (population, initial infected, R0, γ per region) are what differs.
    @Test func bertozziHasOneConditionPerRegion() throws {
        let loaded = try LoadedModel.load(path: Self.problemFile("Bertozzi_PNAS2020"))
        #expect(loaded.model.conditions.map(\.name) == ["u_CA", "u_NY"])
        #expect(loaded.data?.experiments.count == 2)
        #expect(loaded.model.parameters.map(\.prior.kind).allSatisfy { $0 == .logUniform })
    }
}
