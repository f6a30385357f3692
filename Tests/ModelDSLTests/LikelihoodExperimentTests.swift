import Foundation
import ODE
import Testing
@testable import ModelDSL

/// The likelihood of several experiments — conditions, pre-equilibration,
/// placeholders, Laplace and log10 noise — against closed forms written out
/// in the tests, and its independence of lanes and threads.
@Suite struct LikelihoodExperimentTests {
    static let tight = SolverOptions(relativeTolerance: 1e-10, absoluteTolerance: 1e-12)
    static let halfLog2Pi = 0.5 * log(2 * Double.pi)

    static func normal(_ y: Double, _ mu: Double, _ sd: Double) -> Double {
        -halfLog2Pi - log(sd) - 0.5 * pow((y - mu) / sd, 2)
    }

    static func load(_ model: String, data: String) throws -> (CheckedModel, DataSet) {
        let m = try Frontend.check(model)
        return (m, try DataReader.parse(ModelSource(path: "d.tsv", text: data), model: m))
    }

    /// `A' = −k·A`, `A(0) = a0`: `A(t) = a0·e^{−kt}`. Condition `slow` sets k
    /// and the initial value; `scaled` sets a0 through a constant computed
    /// from it (`a0 = 2*base`), `fast` sets k to the parameter `kf`.
    static let decay = """
        model decay
        A = a0
        A' = -k*A
        base = 1; a0 = 2*base; k = 0.5
        prior kf ~ LogUniform(0.1, 10)
        kf = 2
        observe y = A ~ Normal(0.1)
        condition slow { k = 0.1; A = 3 }
        condition scaled { base = 2 }
        condition fast { k = kf }
        """
    static let decayData = """
        observableId\tsimulationConditionId\ttime\tmeasurement
        y\tslow\t1\t2.8
        y\tslow\t4\t1.9
        y\tscaled\t1\t2.5
        y\t\t2\t0.7
        y\tfast\t0.5\t0.8
        y\tfast\t1\t0.3
        """

    @Test func conditionsSumTheirExperimentsClosedForm() throws {
        let (model, data) = try Self.load(Self.decay, data: Self.decayData)
        let likelihood = try ModelLikelihood(model: model, data: data, options: Self.tight)
        for kf in [2.0, 0.7] {
            let got = try likelihood.logLikelihoods([[kf]]).logLikelihoods[0]
            var expected = 0.0
            expected += Self.normal(2.8, 3 * exp(-0.1 * 1), 0.1) + Self.normal(1.9, 3 * exp(-0.1 * 4), 0.1)  // slow
            expected += Self.normal(2.5, 4 * exp(-0.5 * 1), 0.1)  // scaled: a0 = 2·base = 4
            expected += Self.normal(0.7, 2 * exp(-0.5 * 2), 0.1)  // the model's own values
            expected += Self.normal(0.8, 2 * exp(-kf * 0.5), 0.1) + Self.normal(0.3, 2 * exp(-kf * 1), 0.1)  // fast
            #expect(abs(got - expected) < 1e-6, "kf \(kf): \(got) vs \(expected)")
        }
        #expect(data.experiments.count == 4)
    }

    /// Values do not depend on lanes, threads or evaluators' batching: each
    /// experiment is one problem and experiments are summed in a fixed order.
    @Test func lanesAndThreadsGiveIdenticalValues() throws {
        let (model, data) = try Self.load(Self.decay, data: Self.decayData)
        let points = (0..<37).map { [0.1 + 0.25 * Double($0)] }
        let reference = try ModelLikelihood(model: model, data: data, options: Self.tight, laneCount: 1).logLikelihoods(points, threads: 1)
        for (lanes, threads) in [(8, 1), (4, 2), (16, 3)] {
            let other = try ModelLikelihood(model: model, data: data, options: Self.tight, laneCount: lanes)
                .logLikelihoods(points, threads: threads)
            #expect(other.logLikelihoods == reference.logLikelihoods, "lanes \(lanes), threads \(threads)")
        }
    }

    /// `A ⇌ B` (rates k1, k2) pre-equilibrated under `pre` (k1 = 0.3, B = 0)
    /// reaches `A∞ = T·k2/(k1 + k2)` of the total T; then under `main`
    /// (k1 = 0.8) with B reset to 1: `A(t) = A∞' + (A₀ − A∞')·e^{−(k1+k2)t}`.
    @Test func preequilibrationStartsFromTheSteadyStateClosedForm() throws {
        let text = """
            model conversion
            A = 1; B = 1
            fwd: A -> B; k1*A
            rev: B -> A; k2*B
            k1 = 0.5
            prior k2 ~ Uniform(0, 2)
            k2 = 0.6
            observe a = A ~ Normal(0.2)
            condition pre { k1 = 0.3; B = 0 }
            condition main { k1 = 0.8; B = 1 }
            """
        let (model, data) = try Self.load(text, data: """
            observableId\tpreequilibrationConditionId\tsimulationConditionId\ttime\tmeasurement
            a\tpre\tmain\t0\t0.5
            a\tpre\tmain\t1\t0.7
            a\tpre\tmain\t10\t0.4
            """)
        let likelihood = try ModelLikelihood(model: model, data: data, options: Self.tight)
        for k2 in [0.6, 1.3] {
            let aPre = 1 * k2 / (0.3 + k2)  // total 1 (A = 1, B = 0)
            let total = aPre + 1  // B reset to 1
            let aInf = total * k2 / (0.8 + k2)
            func a(_ t: Double) -> Double { aInf + (aPre - aInf) * exp(-(0.8 + k2) * t) }
            let expected = Self.normal(0.5, a(0), 0.2) + Self.normal(0.7, a(1), 0.2) + Self.normal(0.4, a(10), 0.2)
            let got = try likelihood.logLikelihoods([[k2]]).logLikelihoods[0]
            // The steady state is reached to ‖dx/dt‖ ≤ atol + rtol·|x|.
            #expect(abs(got - expected) < 1e-6, "k2 \(k2): \(got) vs \(expected)")
        }
    }

    /// A pre-equilibration that cannot become steady (growth) is −∞ with its reason counted.
    @Test func aSteadyStateNeverReachedIsMinusInfinityWithItsReason() throws {
        let (model, data) = try Self.load("""
            model growth
            A = 1
            A' = r*A
            prior r ~ Uniform(-1, 1)
            observe a = A ~ Normal(0.2)
            condition pre {}
            """, data: "observableId\tpreequilibrationConditionId\ttime\tmeasurement\na\tpre\t1\t0.5\n")
        let likelihood = try ModelLikelihood(model: model, data: data, options: .init())
        let result = try likelihood.logLikelihoods([[0.5], [-0.5]])
        #expect(result.logLikelihoods[0] == -.infinity)
        #expect(result.failureReasons[0] == .steadyStateNotReached)
        #expect(result.failures[.steadyStateNotReached] == 1)
        // Decay reaches A = 0; then a(1) = 0.
        #expect(abs(result.logLikelihoods[1] - Self.normal(0.5, 0, 0.2)) < 1e-6)
        let breakdown = try likelihood.breakdown(parameters: [0.5])
        #expect(breakdown.steadyStateFailure && breakdown.total == -.infinity)
    }

    /// Placeholders take each row's values; a parameter named in the data is
    /// the point's value of that parameter.
    @Test func placeholdersTakeEachMeasurementsValues() throws {
        let (model, data) = try Self.load("""
            model decay
            A = 2
            A' = -0.5*A
            prior sd ~ LogUniform(0.01, 1)
            prior scale ~ LogUniform(0.1, 10)
            observe y(s, offset; n) = s*A + offset ~ Normal(n)
            """, data: """
            observableId\ttime\tmeasurement\tobservableParameters\tnoiseParameters
            y\t1\t2.5\t2;0\tsd
            y\t1\t1.5\tscale;0.3\t0.2
            y\t2\t0.9\t1;0.1\tsd
            """)
        let likelihood = try ModelLikelihood(model: model, data: data, options: Self.tight)
        let (sd, scale) = (0.15, 1.7)
        func a(_ t: Double) -> Double { 2 * exp(-0.5 * t) }
        let expected = Self.normal(2.5, 2 * a(1), sd) + Self.normal(1.5, scale * a(1) + 0.3, 0.2) + Self.normal(0.9, a(2) + 0.1, sd)
        let got = try likelihood.logLikelihoods([[sd, scale]]).logLikelihoods[0]
        #expect(abs(got - expected) < 1e-6, "\(got) vs \(expected)")
        let breakdown = try likelihood.breakdown(parameters: [sd, scale])
        #expect(abs(breakdown.contributions[1].prediction - (scale * a(1) + 0.3)) < 1e-8)
        #expect(abs(breakdown.contributions[1].residual - (1.5 - scale * a(1) - 0.3) / 0.2) < 1e-6)
    }

    /// Laplace: `−log 2b − |y − μ|/b`; LogLaplace and Log10 kinds as the
    /// densities of y (with their Jacobians): log10 y ~ N(log10 μ, σ) and
    /// log10 y ~ Laplace(log10 μ, b).
    @Test func laplaceAndLog10NoiseMatchTheirDensities() throws {
        let (model, data) = try Self.load("""
            model decay
            A = 2
            A' = -0.5*A
            observe l = A ~ Laplace(0.3)
            observe ll = A ~ LogLaplace(0.2)
            observe n10 = A ~ Log10Normal(0.1)
            observe l10 = A ~ Log10Laplace(0.1)
            """, data: """
            observableId\ttime\tmeasurement
            l\t1\t1.1
            ll\t1\t1.4
            n10\t1\t1.3
            l10\t1\t1.0
            """)
        let likelihood = try ModelLikelihood(model: model, data: data, options: Self.tight)
        let mu = 2 * exp(-0.5)
        var expected = -log(2 * 0.3) - abs(1.1 - mu) / 0.3
        expected += -log(2 * 0.2) - abs(log(1.4) - log(mu)) / 0.2 - log(1.4)
        expected += Self.normal(log10(1.3), log10(mu), 0.1) - log(1.3 * log(10))
        expected += -log(2 * 0.1) - abs(log10(1.0) - log10(mu)) / 0.1 - log(1.0 * log(10))
        let got = try likelihood.logLikelihoods([[]]).logLikelihoods[0]
        #expect(abs(got - expected) < 1e-7, "\(got) vs \(expected)")
    }

    /// The simulator gives each experiment's trajectory: the condition's
    /// values and, after pre-equilibration, the steady state.
    @Test func theSimulatorRunsExperiments() throws {
        let model = try Frontend.check(Self.decay)
        let simulator = try ModelSimulator(model: model, options: Self.tight)
        let slow = try simulator.simulate(parameters: [2], times: [0, 1], experiment: Experiment(condition: 0)).get()
        #expect(abs(slow.states[1][0] - 3 * exp(-0.1)) < 1e-8)
        let own = try simulator.simulate(parameters: [2], times: [0, 1]).get()
        #expect(abs(own.states[1][0] - 2 * exp(-0.5)) < 1e-8)
        let steady = try simulator.simulate(parameters: [2], times: [0, 1], experiment: Experiment(condition: 2, preequilibration: 0)).get()
        #expect(abs(steady.states[0][0]) < 1e-8 && abs(steady.states[1][0]) < 1e-8)
    }
}
