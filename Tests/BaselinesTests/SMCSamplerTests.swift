import Foundation
import Inference
import Testing
@testable import Baselines

@Suite struct SMCSamplerTests {
    let problem = LinearGaussianProblem.standard

    /// SMC with its defaults (4 replicates × 1000 particles) on the
    /// 3-parameter linear-Gaussian problem: the headline (final importance
    /// sampling) and the tempering product both recover the exact log Z
    /// within 3 SE and 0.1 nats, the run is reliable, and the pooled
    /// posterior mean and sd are within 0.1 sd of the exact ones.
    @Test func knownEvidence() throws {
        let sampler = try SMCSampler()
        let result = try sampler.run(problem.posterior, seed: 42, budget: Budget(threads: 2), progress: { _ in })
        let exact = problem.exactLogEvidence
        let z = result.evidence
        let product = try #require(result.estimators.first { $0.method == .smc })
        print("smc known-evidence: \(z.logEvidence) ± \(z.standardError) (\(z.method)), product \(product.logEvidence) ± "
              + "\(product.standardError), exact \(exact), evaluations \(result.ledger.evaluations), status \(result.status), "
              + "warnings \(result.warnings)")
        #expect(result.status == .converged)
        #expect(z.method == .smcFinalMixture && z.reliable, "\(z.failedChecks)")
        #expect(abs(z.logEvidence - exact) < 3 * z.standardError)
        #expect(abs(z.logEvidence - exact) < 0.1)
        #expect(product.reliable)
        #expect(abs(product.logEvidence - exact) < 3 * product.standardError)
        #expect(abs(product.logEvidence - exact) < 0.1)
        // Four replicates, each a trace from β = 0 to β = 1 with increasing β and cost.
        let starts = result.trace.indices.filter { result.trace[$0].beta == 0 }
        #expect(starts.count == 4)
        for (a, b) in zip(starts, starts.dropFirst() + [result.trace.count]) {
            let rows = result.trace[a..<b]
            #expect(rows.last?.beta == 1)
            #expect(zip(rows, rows.dropFirst()).allSatisfy { $0.beta < $1.beta && $0.evaluations < $1.evaluations })
        }
        #expect(result.samples.count == 4000)
        let (mean, covariance) = problem.tempered(beta: 1)
        let summaries = result.samples.summaries()
        for j in 0..<3 {
            let sd = covariance[j * 3 + j].squareRoot()
            #expect(abs(summaries[j].mean - mean[j]) < 0.1 * sd)
            #expect(abs(summaries[j].sd - sd) < 0.1 * sd)
        }
    }

    /// A 2-D likelihood that is a mixture of two well-separated Gaussian
    /// densities, L(θ) = 0.3 N(θ; (−3, −3), 0.3² I) + 0.7 N(θ; (3, 2), 0.3² I),
    /// under Uniform(−10, 10)² priors: Z = 1/400 (the modes lie far inside the
    /// box), and the posterior puts mass 0.3 / 0.7 on the modes. Tolerances:
    /// |log Ẑ − log Z| < 3 SE + 0.05 and < 0.2; mode masses within 0.05.
    @Test func bimodalEvidence() throws {
        let s = 0.3
        let likelihood = ClosureLogLikelihood(dimension: 2) { x in
            func logN(_ m0: Double, _ m1: Double) -> Double {
                let q = ((x[0] - m0) * (x[0] - m0) + (x[1] - m1) * (x[1] - m1)) / (s * s)
                return -0.5 * q - log(2 * Double.pi * s * s)
            }
            let a = log(0.3) + logN(-3, -3), b = log(0.7) + logN(3, 2)
            let m = max(a, b)
            return m + log(exp(a - m) + exp(b - m))
        }
        // swiftlint:disable:next force_try
        let prior = try! Prior(.uniform(lower: -10, upper: 10))
        let posterior = Posterior(parameterNames: ["x", "y"], priors: [prior, prior], likelihood: likelihood)
        let result = try SMCSampler.with { $0.population.particles = 2000 }.run(posterior, seed: 7, budget: Budget(), progress: { _ in })
        let exact = -log(400.0)
        let z = result.evidence
        print("smc bimodal: \(z.logEvidence) ± \(z.standardError), exact \(exact), evaluations \(result.ledger.evaluations)")
        #expect(abs(z.logEvidence - exact) < 3 * z.standardError + 0.05)
        #expect(abs(z.logEvidence - exact) < 0.2)
        let first = result.samples.column(0).filter { $0 < 0 }.count
        #expect(abs(Double(first) / Double(result.samples.count) - 0.3) < 0.05)
    }

    /// With one replicate and no final importance sampling (the headline is
    /// the tempering product): over 30 independent runs (N = 100, 1-D
    /// conjugate Gaussian) the mean reported variance of log Ẑ (Lee–Whiteley for multinomial resampling,
    /// max(LW, delta) for systematic) is within a factor 2 of the observed
    /// variance of log Ẑ (whose own relative sd is ≈ 26%), and the mean of
    /// log Ẑ is within 3 standard errors of the exact value.
    @Test(arguments: [ResamplingScheme.multinomial, .systematic])
    func genealogyErrorIsCalibrated(scheme: ResamplingScheme) throws {
        let likelihood = ClosureLogLikelihood(dimension: 1) { x in
            Inference.Special.normalLogDensity(x[0], mean: 1, sd: 0.1)
        }
        // swiftlint:disable:next force_try
        let posterior = Posterior(parameterNames: ["x"], priors: [try! Prior(.normal(mean: 0, sd: 3))], likelihood: likelihood)
        let exact = Inference.Special.normalLogDensity(1, mean: 0, sd: (9.0 + 0.01).squareRoot())
        let sampler = try SMCSampler.with {
            $0.population.particles = 100
            $0.population.replicates = 1
            $0.finalImportance.draws = 0
            $0.tempering.resampling = scheme
        }
        var values = [Double](), variances = [Double](), deltas = [Double]()
        for seed in 0..<30 {
            let r = try sampler.run(posterior, seed: UInt64(seed), budget: Budget(), progress: { _ in })
            values.append(r.evidence.logEvidence)
            variances.append(r.evidence.standardError * r.evidence.standardError)
            deltas.append(r.estimators[1].standardError * r.estimators[1].standardError)
        }
        let mean = values.reduce(0, +) / 30
        let observed = values.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / 29
        let estimated = variances.reduce(0, +) / 30
        print("LW calibration (\(scheme)): observed var \(observed), LW mean var \(estimated), delta mean var \(deltas.reduce(0, +) / 30), mean \(mean) exact \(exact)")
        #expect(estimated > observed / 2 && estimated < observed * 2)
        #expect(abs(mean - exact) < 3 * (observed / 30).squareRoot())
    }

    @Test func configurationErrorsAreTyped() throws {
        let prior = try Prior(.normal(mean: 0, sd: 1))
        let posterior = Posterior(parameterNames: (0..<6).map { "p\($0)" }, priors: [Prior](repeating: prior, count: 6),
                                  likelihood: ClosureLogLikelihood(dimension: 6) { _ in 0 })
        #expect(throws: BaselineError.tooFewParticles(particles: 10, dimension: 6, needed: 12)) {
            _ = try SMCSampler.with { $0.population.particles = 10 }.run(posterior, seed: 1, budget: Budget(), progress: { _ in })
        }
        var bad = SMCSettings()
        bad.tempering.essFraction = 1
        bad.moves.minSteps = 5
        bad.moves.maxSteps = 4
        #expect(bad.problems().map(\.setting) == ["tempering.ess_fraction", "moves.max_steps"])
        #expect(throws: BaselineError.invalidSettings(bad.problems())) { _ = try SMCSampler(bad) }
    }

    /// A budget too small to reach β = 1 stalls (and says where); never
    /// exceeded. One replicate: 200 prior draws and six sweeps of 200.
    @Test func budgetExhaustionStalls() throws {
        let sampler = try SMCSampler.with {
            $0.population.particles = 200
            $0.population.replicates = 1
        }
        let result = try sampler.run(problem.posterior, seed: 5, budget: Budget(maxEvaluations: 1500), progress: { _ in })
        guard case let .stalled(beta, evaluations) = result.status else {
            Issue.record("expected stalled, got \(result.status)")
            return
        }
        #expect(beta > 0 && beta < 1)
        #expect(evaluations == 1400 && result.ledger.evaluations <= 1500)
        #expect(!result.evidence.reliable)
        #expect(result.samples.count == 200)
    }

    @Test func sameSeedSameResult() throws {
        let sampler = try SMCSampler.with { $0.population.particles = 200 }
        let reports = ProgressCounter()
        let a = try sampler.run(problem.posterior, seed: 8, budget: Budget(threads: 1), progress: { reports.add($0) })
        let b = try sampler.run(problem.posterior, seed: 8, budget: Budget(threads: 2), progress: { _ in })
        let c = try sampler.run(problem.posterior, seed: 9, budget: Budget(threads: 1), progress: { _ in })
        #expect(a.samples == b.samples && a.evidence == b.evidence && a.trace.map(\.beta) == b.trace.map(\.beta))
        #expect(a.evidence != c.evidence)
        #expect(reports.count == a.trace.count)
    }
}
