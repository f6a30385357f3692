import Foundation
import ODE
import Testing
@testable import ModelDSL

/// Log-likelihood values against hand computations from closed forms.
@Suite struct LikelihoodTests {
    static let tight = SolverOptions(relativeTolerance: 1e-10, absoluteTolerance: 1e-12)
    static let halfLog2Pi = 0.5 * log(2 * Double.pi)

    /// `x(t) = x0·exp(−k t)` for `x' = −k x`.
    static func decayData() -> DataSet {
        let rows: [(Int, Double, Double)] = [
            (0, 0.5, 2.31), (1, 0.5, 2.05), (0, 1, 1.52), (1, 2, 0.71), (0, 2, 0.80), (1, 4, 0.19), (0, 4, 0.11),
        ]
        return DataSet(measurements: rows.enumerated().map {
            DataSet.Measurement(observable: $1.0, time: $1.1, value: $1.2, line: $0 + 2)
        }, source: "decay")
    }

    /// The log-likelihood from the closed form, written out in full.
    static func decayExpected(k: Double, x0: Double, sdNormal: (Double) -> Double, sdLog: (Double) -> Double) -> Double {
        var total = 0.0
        for m in decayData().measurements {
            let mu = x0 * exp(-k * m.time)
            if m.observable == 0 {
                let sd = sdNormal(mu)
                total += -halfLog2Pi - log(sd) - 0.5 * pow((m.value - mu) / sd, 2)
            } else {
                let sd = sdLog(mu)
                total += -halfLog2Pi - log(sd) - 0.5 * pow((log(m.value) - log(mu)) / sd, 2) - log(m.value)
            }
        }
        return total
    }

    @Test(arguments: EvaluatorKind.allCases)
    func normalAndLogNormalMatchClosedForm(kind: EvaluatorKind) throws {
        let likelihood = try ModelLikelihood(model: TestModels.decay(), data: Self.decayData(), options: Self.tight, laneCount: 4, evaluator: kind)
        let points = [[0.7, 3.0], [0.2, 2.5], [1.3, 4.0]]
        let result = try likelihood.logLikelihoods(points)
        for (i, p) in points.enumerated() {
            let expected = Self.decayExpected(k: p[0], x0: p[1], sdNormal: { _ in 0.1 }, sdLog: { _ in 0.2 })
            // rtol 1e-10 on x gives |Δ log L| ≲ Σ |residual|/sd² · |x|·1e-9 < 1e-6.
            #expect(abs(result.logLikelihoods[i] - expected) < 1e-6, "point \(p): \(result.logLikelihoods[i]) vs \(expected)")
        }
        #expect(result.failures.total == 0)
    }

    @Test func aModelWithoutSpeciesSimulatesWithoutASolveButHasNoLikelihood() throws {
        let model = try Frontend.check("model t\nprior k ~ Uniform(0, 2)\nr := k*time^2\nobserve o = r ~ Normal(1)")
        let simulation = try ModelSimulator(model: model).simulate(parameters: [1.5], times: [0, 1, 2]).get()
        #expect(simulation.states == [[], [], []])
        #expect(simulation.observables == [[0], [1.5], [6]])
        #expect(throws: LikelihoodSetupError.noSpecies) {
            try ModelLikelihood(model: model, data: DataSet(measurements: [.init(observable: 0, time: 1, value: 1, line: 2)], source: "d"))
        }
    }

    @Test func noiseSdMayReferToItsObservable() throws {
        // sd = 0.05·prediction + 0.02 (Normal), sd = 0.1 + 0·prediction² (LogNormal).
        let model = TestModels.decay(
            sdNormal: .binary(.add, .binary(.multiply, .number(0.05), .observable(0)), .number(0.02)),
            sdLogNormal: .binary(.add, .number(0.1), .binary(.multiply, .number(0), .binary(.power, .observable(1), .number(2)))))
        let likelihood = try ModelLikelihood(model: model, data: Self.decayData(), options: Self.tight)
        let value = try likelihood.logLikelihoods([[0.7, 3.0]]).logLikelihoods[0]
        let expected = Self.decayExpected(k: 0.7, x0: 3.0, sdNormal: { 0.05 * $0 + 0.02 }, sdLog: { _ in 0.1 })
        #expect(abs(value - expected) < 1e-6)
    }

    @Test func startTimeIsZeroOrTheEarliestMeasurement() throws {
        var data = Self.decayData()
        #expect(try ModelLikelihood(model: TestModels.decay(), data: data).startTime == 0)
        data.measurements.append(.init(observable: 0, time: -1, value: 5.9))
        let likelihood = try ModelLikelihood(model: TestModels.decay(), data: data, options: Self.tight)
        #expect(likelihood.startTime == -1)
        // x0 now holds at t = −1: x(t) = x0·exp(−k (t + 1)).
        let value = try likelihood.logLikelihoods([[0.7, 3.0]]).logLikelihoods[0]
        var expected = -Self.halfLog2Pi - log(0.1) - 0.5 * pow((5.9 - 3.0) / 0.1, 2)
        for m in Self.decayData().measurements {
            let mu = 3.0 * exp(-0.7 * (m.time + 1))
            expected += m.observable == 0
                ? -Self.halfLog2Pi - log(0.1) - 0.5 * pow((m.value - mu) / 0.1, 2)
                : -Self.halfLog2Pi - log(0.2) - 0.5 * pow((log(m.value) - log(mu)) / 0.2, 2) - log(m.value)
        }
        #expect(abs(value - expected) < 1e-6)
    }

    @Test func breakdownSumsToTheBatchValue() throws {
        let likelihood = try ModelLikelihood(model: TestModels.decay(), data: Self.decayData(), options: Self.tight)
        let b = try likelihood.breakdown(parameters: [0.7, 3.0])
        #expect(b.contributions.count == Self.decayData().measurements.count)
        #expect(Set(b.contributions.map(\.measurement)) == Set(0..<7))
        let batch = try likelihood.logLikelihoods([[0.7, 3.0]]).logLikelihoods[0]
        #expect(b.total == batch)  // same solver path, same summation order
        for c in b.contributions {
            let m = Self.decayData().measurements[c.measurement]
            #expect(abs(c.prediction - 3.0 * exp(-0.7 * m.time)) < 1e-9)
        }
    }

    @Test func modelWithoutParametersAndWithAssignments() throws {
        // x' = −r, r := k·x with the constant k = 0.5, observed through y := 2x.
        let model = CheckedModel(
            name: "fixed", species: [Species(name: "x", initialValue: .constant(1))], parameters: [],
            constants: [Constant(name: "k", value: 0.5), Constant(name: "x0", value: 3)],
            assignments: [
                Assignment(name: "r", expression: .binary(.multiply, .constant(0), .species(0))),
                Assignment(name: "y", expression: .binary(.multiply, .number(2), .species(0))),
            ],
            rates: [.negate(.assignment(0))],
            observables: [Observable(name: "obs", expression: .assignment(1), noise: .normal(sd: .number(0.3)))],
            dataPath: nil)
        let data = DataSet(measurements: [.init(observable: 0, time: 0, value: 6.1), .init(observable: 0, time: 2, value: 2.1)], source: "fixed")
        let likelihood = try ModelLikelihood(model: model, data: data, options: Self.tight)
        let result = likelihood.logLikelihoods(parameters: UnsafeBufferPointer(start: nil, count: 0), count: 3, threads: 2)
        var expected = 0.0
        for m in data.measurements {
            let mu = 2 * 3 * exp(-0.5 * m.time)
            expected += -Self.halfLog2Pi - log(0.3) - 0.5 * pow((m.value - mu) / 0.3, 2)
        }
        #expect(result.logLikelihoods.count == 3)
        #expect(result.logLikelihoods.allSatisfy { abs($0 - expected) < 1e-7 })
    }

    @Test func badDataIsATypedError() {
        var data = Self.decayData()
        data.measurements.append(.init(observable: 1, time: 3, value: -0.5, line: 42))
        #expect(throws: LikelihoodSetupError.nonPositiveLogNormalMeasurement(line: 42, observable: "obs_ln", value: -0.5)) {
            try ModelLikelihood(model: TestModels.decay(), data: data)
        }
        #expect(throws: LikelihoodSetupError.unknownObservable(line: 9, index: 5)) {
            try ModelLikelihood(model: TestModels.decay(), data: DataSet(measurements: [.init(observable: 5, time: 1, value: 1, line: 9)], source: "x"))
        }
        #expect(throws: LikelihoodSetupError.self) {
            try ModelLikelihood(model: TestModels.decay(), data: DataSet(measurements: [], source: "empty"))
        }
        #expect(throws: LikelihoodSetupError.self) {
            try ModelLikelihood(model: TestModels.decay(), data: Self.decayData(), laneCount: 0)
        }
    }
}
