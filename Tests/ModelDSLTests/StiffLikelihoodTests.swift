import Foundation
import ODE
import Testing
@testable import ModelDSL

/// The likelihood with the stiff solver and the automatic choice, on the
/// shipped benchmark problem Elowitz_Nature2000 and on the repressilator.
@Suite struct StiffLikelihoodTests {
    static let modelsDirectory = JacobianTests.modelsDirectory

    static func load(_ file: String) throws -> LoadedModel {
        let path = modelsDirectory.appendingPathComponent(file).path
        let text = try String(contentsOfFile: path, encoding: .utf8)
        return try LoadedModel.load(source: ModelSource(path: path, text: text), readData: true)
    }

    static func nominal(_ model: CheckedModel) -> [Double] { model.parameters.map { $0.nominal! } }

    /// PEtab's reference log-likelihood at the nominal parameters is 63.202800
    /// (the benchmark collection's value from its simulatedData,
    /// /work/shared/corpora/README.md). With default settings (auto: the
    /// problem is handed to the stiff method within its first steps) the
    /// model reproduces it within 1e-3.
    @Test func elowitzReproducesThePEtabLogLikelihoodWithDefaults() throws {
        let loaded = try Self.load("benchmarks/elowitz.model")
        let data = try #require(loaded.data)
        let likelihood = try ModelLikelihood(model: loaded.model, data: data)
        #expect(likelihood.options.method == .auto)
        let result = try likelihood.logLikelihoods([Self.nominal(loaded.model)])
        #expect(abs(result.logLikelihoods[0] - 63.202800) < 1e-3, "\(result.logLikelihoods[0])")
        #expect(result.statistics.stiffSwitches == 1)
        #expect(result.statistics.acceptedSteps < 2000)
    }

    /// Each stiff method alone agrees with the automatic choice at rtol 1e-8,
    /// and Dormand–Prince alone cannot finish within the default step budget.
    @Test func elowitzNeedsTheStiffMethod() throws {
        let loaded = try Self.load("benchmarks/elowitz.model")
        let data = try #require(loaded.data)
        let point = [Self.nominal(loaded.model)]
        var values: [Double] = []
        for method in [SolverChoice.auto, .rodas4, .rodas5p] {
            let options = SolverOptions(relativeTolerance: 1e-8, absoluteTolerance: 1e-10, method: method)
            values.append(try ModelLikelihood(model: loaded.model, data: data, options: options)
                .logLikelihoods(point).logLikelihoods[0])
        }
        for v in values { #expect(abs(v - values[0]) < 1e-5, "\(values)") }
        let explicit = try ModelLikelihood(model: loaded.model, data: data, options: SolverOptions(method: .dopri5))
            .logLikelihoods(point)
        #expect(explicit.failureReasons[0] == .maxStepsReached)
    }

    /// The compiled model supplies its own Jacobian: with Rodas5P every step
    /// attempt costs exactly its 8 stage evaluations (no finite-difference
    /// columns), plus 2 evaluations per problem for the first step; an
    /// attempt after a rejection (none at this point) would keep f(t, y) and
    /// the Jacobian (`RosenbrockSolverTests.rejectedAttemptKeepsTheJacobian`).
    @Test func likelihoodUsesTheSymbolicJacobian() throws {
        let loaded = try Self.load("benchmarks/elowitz.model")
        let data = try #require(loaded.data)
        let options = SolverOptions(method: .rodas5p)
        let result = try ModelLikelihood(model: loaded.model, data: data, options: options, laneCount: 1)
            .logLikelihoods([Self.nominal(loaded.model)])
        let s = result.statistics
        #expect(s.rhsEvaluations == 8 * s.acceptedSteps + 7 * s.rejectedSteps + 2, "\(s)")
        #expect(s.jacobianEvaluations == s.acceptedSteps, "\(s)")
    }

    /// The repressilator is not stiff where its data put it: at its nominal
    /// values and at 64 points around them (each parameter ×[0.8, 1.2],
    /// seed 3) `auto` never switches, and every log-likelihood is bit for bit
    /// the one of `dopri5`.
    @Test func autoStaysExplicitOnTheRepressilator() throws {
        let loaded = try Self.load("repressilator.model")
        let data = try #require(loaded.data)
        var rng = TestRandom(seed: 3)
        let nominal = Self.nominal(loaded.model)
        let points = [nominal] + (0..<64).map { _ in nominal.map { $0 * rng.uniform(0.8, 1.2) } }
        let auto = try ModelLikelihood(model: loaded.model, data: data).logLikelihoods(points, threads: 2)
        let explicit = try ModelLikelihood(model: loaded.model, data: data, options: SolverOptions(method: .dopri5))
            .logLikelihoods(points, threads: 2)
        #expect(auto.statistics.stiffSwitches == 0)
        #expect(auto.logLikelihoods == explicit.logLikelihoods)
        #expect(auto.statistics == explicit.statistics)
    }

    /// Across the repressilator's wide prior some parameter vectors do turn
    /// stiff (a fast protein turnover b with the solution settling onto a
    /// steady state). Over 64 prior draws (seed 3) every problem `auto` hands
    /// over is one that Rodas5P alone integrates in fewer steps than
    /// Dormand–Prince alone: the test does not fire on problems the explicit
    /// method handles better.
    @Test func autoSwitchesOnlyWhereTheStiffMethodIsCheaper() throws {
        let model = try Self.load("repressilator.model").model
        var rng = TestRandom(seed: 3)
        let points = (0..<64).map { _ in
            model.parameters.map { p in
                let (lo, hi) = (p.prior.first, p.prior.second)
                return p.prior.kind == .logUniform ? exp(rng.uniform(log(lo), log(hi))) : rng.uniform(lo, hi)
            }
        }
        let times = (1...40).map(Double.init)
        func steps(_ method: SolverChoice) throws -> (steps: [Int], switches: [Bool]) {
            var steps: [Int] = [], switches: [Bool] = []
            for point in points {
                var system = try CompiledModel(model: model, laneCount: 1)
                point.withUnsafeBufferPointer { system.setProblems($0) }
                var observer = OutcomeRecorder()
                let statistics = try ODESolver(options: SolverOptions(method: method), laneCount: 1).solve(
                    system: &system, problems: 0..<1, startTime: 0, outputTimes: times, observer: &observer)
                guard case .success(let accepted, let rejected)? = observer.outcome else {
                    Issue.record("\(method) failed on \(point)")
                    return ([], [])
                }
                steps.append(accepted + rejected)
                switches.append(statistics.stiffSwitches == 1)
            }
            return (steps, switches)
        }
        let auto = try steps(.auto), explicit = try steps(.dopri5), stiff = try steps(.rodas5p)
        #expect(auto.switches.contains(true), "some prior draws are stiff")
        for k in points.indices where auto.switches[k] {
            #expect(stiff.steps[k] < explicit.steps[k], "draw \(k): rodas5p \(stiff.steps[k]) vs dopri5 \(explicit.steps[k]) steps")
            #expect(auto.steps[k] < explicit.steps[k])
        }
    }

    /// The simulator uses the same solver: Elowitz simulates with defaults and
    /// its GFP agrees with the likelihood's prediction path (rtol 1e-8 stiff
    /// solve against the automatic one).
    @Test func simulatorSolvesElowitzWithDefaults() throws {
        let loaded = try Self.load("benchmarks/elowitz.model")
        let times = Array(stride(from: 0.0, through: 600, by: 50))
        let auto = try ModelSimulator(model: loaded.model).simulate(parameters: Self.nominal(loaded.model), times: times).get()
        let tight = try ModelSimulator(model: loaded.model, options: SolverOptions(
            relativeTolerance: 1e-10, absoluteTolerance: 1e-12, method: .rodas5p))
            .simulate(parameters: Self.nominal(loaded.model), times: times).get()
        let gfp = loaded.model.species.firstIndex { $0.name == "GFP" }!
        for k in times.indices {
            let a = auto.states[k][gfp], b = tight.states[k][gfp]
            #expect(abs(a - b) <= 1e-4 * abs(b) + 1e-8, "t = \(times[k]): \(a) vs \(b)")
        }
    }
}

/// Keeps the outcome of a one-problem solve.
struct OutcomeRecorder: BatchSolveObserver {
    var outcome: SolveOutcome?
    mutating func record(problem: Int, timeIndex: Int, time: Double, state: UnsafePointer<Double>) -> Bool { true }
    mutating func finish(problem: Int, outcome: SolveOutcome) { self.outcome = outcome }
}
