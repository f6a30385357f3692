import Foundation
import ODE
import Testing
@testable import ModelDSL

/// The compiler on the shipped models as the front end parses them.
@Suite struct CompilerParsedModelTests {
    static let modelsDirectory = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("../../models")

    static func load(_ name: String, readData: Bool = false) throws -> LoadedModel {
        let path = modelsDirectory.appendingPathComponent(name).path
        let text = try String(contentsOfFile: path, encoding: .utf8)
        return try LoadedModel.load(source: ModelSource(path: path, text: text), readData: readData)
    }

    static let shipped = ["repressilator.model", "goodwin.model", "lotka_volterra.model", "linear_gaussian.model"]

    /// Every evaluator's right-hand side and observables against the test's
    /// recursive evaluation, at the nominal parameters (±20% per lane) and
    /// random positive states.
    @Test(arguments: shipped)
    func evaluatorsMatchTheReferenceOnShippedModels(file: String) throws {
        let model = try Self.load(file).model
        let lanes = 3
        var rng = TestRandom(seed: 21)
        let nominal = model.parameters.map { $0.nominal ?? 1 }
        let parameters = (0..<model.parameters.count * lanes).map { nominal[$0 / lanes] * rng.uniform(0.8, 1.2) }
        let species = (0..<model.species.count * lanes).map { _ in rng.uniform(0.1, 5) }
        let time = (0..<lanes).map { _ in rng.uniform(0, 10) }
        for set in [try model.rightHandSideSet(), try model.observableSet()] {
            let c = CompilerEvaluatorTests.Case(set: set, time: time, species: species, parameters: parameters)
            for kind in EvaluatorKind.allCases {
                var evaluator = kind.makeEvaluator(set)
                let values = run(&evaluator, c, lanes: lanes)
                for l in 0..<lanes {
                    var ref = ReferenceEvaluator(
                        time: time[l], species: (0..<model.species.count).map { species[$0 * lanes + l] },
                        parameters: (0..<model.parameters.count).map { parameters[$0 * lanes + l] },
                        constants: set.constants, assignments: set.assignments, observables: set.observables)
                    for (k, e) in set.outputs.enumerated() {
                        ref.largest = 0
                        let expected = ref.value(e)
                        #expect(abs(values[k * lanes + l] - expected) <= 1e-12 * max(abs(expected), ref.largest * 1e-3),
                                "\(file) \(kind) output \(k): \(values[k * lanes + l]) vs \(expected)")
                    }
                }
            }
        }
    }

    func run(_ evaluator: inout some BatchExpressionEvaluator, _ c: CompilerEvaluatorTests.Case, lanes: Int) -> [Double] {
        var out = [Double](repeating: .nan, count: c.set.outputs.count * lanes)
        let dummy = [0.0]
        c.time.withUnsafeBufferPointer { t in
            c.species.withUnsafeBufferPointer { s in
                c.parameters.withUnsafeBufferPointer { p in
                    dummy.withUnsafeBufferPointer { d in
                        out.withUnsafeMutableBufferPointer { o in
                            evaluator.evaluate(
                                LaneInputs(time: t.baseAddress!, species: s.baseAddress ?? d.baseAddress!,
                                           parameters: p.baseAddress ?? d.baseAddress!, laneCount: lanes),
                                into: o.baseAddress!)
                        }
                    }
                }
            }
        }
        return out
    }

    @Test func parsedRepressilatorHasOnePowPerGene() throws {
        let model = try Self.load("repressilator.model").model
        let program = BytecodeProgram(try model.rightHandSideSet())
        // One pow per gene ((p_j/K)^n with n free); every parameter is free and no
        // subexpression repeats, so the code is the 27 operations as written
        // (per gene: p/K, ^n, 1+, a/, a0+, −m for the mRNA; b·m, b·p, − for the
        // protein) less one per gene where b·m − b·p becomes one fused instruction.
        #expect(program.instructions.filter { $0.op == .power }.count == 3)
        #expect(program.instructions.count == 24)
        #expect(program.instructions.filter { $0.op == .subtractProduct }.count == 3)
        var unfused = BytecodeOptions.optimised
        unfused.fuseProducts = false
        #expect(BytecodeProgram(try model.rightHandSideSet(), options: unfused).instructions.count == 27)
    }

    /// The parsed repressilator against scipy (Reference/repressilator_reference.csv).
    @Test func parsedRepressilatorMatchesTheReference() throws {
        let model = try Self.load("repressilator.model").model
        let simulator = try ModelSimulator(model: model, options: SolverOptions(relativeTolerance: 1e-10, absoluteTolerance: 1e-12))
        let names = CompilerRepressilatorTests.names
        for point in try CompilerRepressilatorTests.reference() {
            let parameters = model.parameters.map { p in names.firstIndex(of: p.name).map { point.parameters[$0] } ?? (p.nominal ?? 1) }
            let sim = try simulator.simulate(parameters: parameters, times: point.times).get()
            let order = model.species.map { s in ["m1", "m2", "m3", "p1", "p2", "p3"].firstIndex(of: s.name)! }
            for (k, row) in point.states.enumerated() {
                for (i, j) in order.enumerated() {
                    #expect(abs(sim.states[k][i] - row[j]) <= 1e-7 * max(abs(row[j]), 1), "t \(point.times[k]) \(model.species[i].name)")
                }
            }
        }
    }

    /// log L of the shipped data through the front end's data reader, at the
    /// nominal point, against the reference trajectory.
    @Test func parsedRepressilatorLikelihoodMatchesTheReference() throws {
        let loaded = try Self.load("repressilator.model", readData: true)
        let data = try #require(loaded.data)
        let model = loaded.model
        let likelihood = try ModelLikelihood(model: model, data: data, options: SolverOptions(relativeTolerance: 1e-10, absoluteTolerance: 1e-12))
        let nominal = model.parameters.map { $0.nominal! }
        let value = try likelihood.logLikelihoods([nominal]).logLikelihoods[0]
        let reference = try CompilerRepressilatorTests.reference()[0]
        var expected = 0.0
        for m in data.measurements {
            let k = try #require(reference.times.firstIndex(of: m.time))
            let mu = reference.states[k][3] + reference.states[k][4] + reference.states[k][5]
            expected += -0.5 * log(2 * Double.pi) - log(2.0) - 0.5 * pow((m.value - mu) / 2, 2)
        }
        #expect(abs(value - expected) < 1e-5, "\(value) vs \(expected)")
    }
}
