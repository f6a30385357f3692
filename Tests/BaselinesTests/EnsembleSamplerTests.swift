import Foundation
import Inference
import Testing
@testable import Baselines

@Suite struct EnsembleSamplerTests {
    let problem = LinearGaussianProblem.standard

    /// Parallel tempering on the 3-parameter linear-Gaussian problem (16
    /// walkers × 16 temperatures × 1500 steps = 384 000 evaluations):
    /// stepping stone within 3 SE of the exact log Z and within 0.25 nats;
    /// corrected TI within 3 SE of its exact-moment quadrature on the same
    /// ladder and within 0.3 nats of log Z; posterior mean within 0.1 sd.
    @Test func knownEvidence() throws {
        let sampler = try EnsembleSampler.with {
            $0.chain.walkers = 16
            $0.chain.steps = 1500
            $0.chain.traceInterval = 100
        }
        let result = try sampler.run(problem.posterior, seed: 42, budget: Budget(threads: 2), progress: { _ in })
        let exact = problem.exactLogEvidence
        let ss = result.evidence
        print("ensemble known-evidence: SS \(ss.logEvidence) ± \(ss.standardError), TI \(result.estimators[1].logEvidence) ± "
              + "\(result.estimators[1].standardError), exact \(exact), evaluations \(result.ledger.evaluations), "
              + "status \(result.status), warnings \(result.warnings)")
        #expect(ss.method == .steppingStone && ss.reliable)
        #expect(abs(ss.logEvidence - exact) < 3 * ss.standardError)
        #expect(abs(ss.logEvidence - exact) < 0.25)
        let betas = try TemperatureLadder.standard.betas()
        let moments = betas.map { problem.logLikelihoodMoments(beta: $0) }
        let quadrature = LadderEvidence.thermodynamicIntegration(
            betas: betas, means: moments.map(\.mean), variances: moments.map(\.variance))
        let ti = result.estimators[1]
        #expect(ti.method == .thermodynamicIntegration)
        #expect(abs(ti.logEvidence - quadrature.corrected) < 3 * ti.standardError)
        #expect(abs(ti.logEvidence - exact) < 0.3)
        #expect(result.ledger.evaluations == 16 * 16 * 1501)

        // Posterior samples: β = 1 chain after burn-in, equal weights, natural units.
        #expect(result.samples.count == 16 * 750)
        #expect(result.samples.logWeights.allSatisfy { $0 == 0 })
        let (mean, covariance) = problem.tempered(beta: 1)
        let summaries = result.samples.summaries()
        for j in 0..<3 {
            let sd = covariance[j * 3 + j].squareRoot()
            #expect(abs(summaries[j].mean - mean[j]) < 0.1 * sd)
            #expect(abs(summaries[j].sd - sd) < 0.1 * sd)
        }
        // Trace: a row every 100 steps with cumulative cost and a running estimate.
        #expect(result.trace.count == 15)
        #expect(zip(result.trace, result.trace.dropFirst()).allSatisfy { $0.evaluations < $1.evaluations })
        #expect(result.trace.last.map { $0.logEvidence == ss.logEvidence && $0.logEvidenceError == ss.standardError } == true)
    }

    @Test func tooFewWalkersIsATypedError() throws {
        let sampler = try EnsembleSampler.with { $0.chain.walkers = 4 }
        let posterior = GaussianTarget.correlated5D.posterior
        #expect(throws: BaselineError.tooFewWalkers(walkers: 4, dimension: 5, needed: 10)) {
            _ = try sampler.run(posterior, seed: 1, budget: Budget(), progress: { _ in })
        }
        #expect(BaselineError.tooFewWalkers(walkers: 4, dimension: 5, needed: 10).description.contains("at least 10 walkers"))
        #expect(throws: BaselineError.self) { _ = try EnsembleSampler.with { $0.chain.steps = 0 } }
        #expect(throws: BaselineError.self) { _ = try EnsembleSampler.with { $0.ladder = .explicit([0, 0.5, 0.4, 1]) } }
        #expect(throws: BaselineError.self) { _ = try StretchMove(scale: 1) }
    }

    /// A budget of 10 000 evaluations stops a 16 × 16 run after 38 steps
    /// (256 evaluations each, plus the initial 256), never exceeding it.
    @Test func budgetExhaustionSetsStatus() throws {
        let sampler = try EnsembleSampler.with {
            $0.chain.walkers = 16
            $0.chain.steps = 1000
        }
        let result = try sampler.run(problem.posterior, seed: 3, budget: Budget(maxEvaluations: 10_000), progress: { _ in })
        #expect(result.status == .budgetExhausted(.evaluations(10000)))
        #expect(result.ledger.evaluations == 256 * 39)
        #expect(result.ledger.evaluations <= 10_000)
        #expect(result.warnings.contains { $0.contains("stopped after 38 of 1000 steps") })

        let starved = try sampler.run(problem.posterior, seed: 3, budget: Budget(maxEvaluations: 100), progress: { _ in })
        #expect(starved.status == .stalled(beta: 0, evaluations: 0))
        #expect(starved.samples.count == 0)
    }

    @Test func sameSeedSameResult() throws {
        let sampler = try EnsembleSampler.with {
            $0.chain.walkers = 8
            $0.ladder = .geometric(count: 4, minimumBeta: 1e-3)
            $0.chain.steps = 60
            $0.move = .differentialEvolution(gamma: nil, jitter: DifferentialEvolutionMove.defaultJitter)
        }
        let reports = ProgressCounter()
        let a = try sampler.run(problem.posterior, seed: 9, budget: Budget(threads: 1), progress: { reports.add($0) })
        let b = try sampler.run(problem.posterior, seed: 9, budget: Budget(threads: 2), progress: { _ in })
        let c = try sampler.run(problem.posterior, seed: 10, budget: Budget(threads: 1), progress: { _ in })
        #expect(a.samples == b.samples)
        #expect(a.evidence == b.evidence)
        #expect(a.samples != c.samples)
        #expect(reports.count == 60)
    }
}

/// Counts progress reports (thread-safe).
final class ProgressCounter: @unchecked Sendable {  // guarded by `lock`
    private let lock = NSLock()
    private var value = 0
    func add(_: ProgressReport) { lock.lock(); value += 1; lock.unlock() }
    var count: Int { lock.lock(); defer { lock.unlock() }; return value }
}
