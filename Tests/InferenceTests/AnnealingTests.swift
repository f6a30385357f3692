import Foundation
import Testing
@testable import Inference

/// A conjugate problem: θ ~ N(μ0, s0² I) (d-dim), y ~ N(θ, σ² I) observed once per coordinate.
/// log Z = Σ_j log N(y_j; μ0_j, s0² + σ²).
struct ConjugateGaussian {
    let d: Int
    let priorMean: [Double]
    let priorSD: Double
    let noiseSD: Double
    let y: [Double]

    var posterior: Posterior {
        let y = self.y, s = noiseSD
        let like = ClosureLogLikelihood(dimension: d) { x in
            var ll = 0.0
            for j in 0..<y.count { ll += Special.normalLogDensity(y[j], mean: x[j], sd: s) }
            return ll
        }
        return Posterior(parameterNames: (0..<d).map { "t\($0)" },
                         priors: priorMean.map { try! Prior(.normal(mean: $0, sd: priorSD)) },
                         likelihood: like)
    }

    var logEvidence: Double {
        let v = (priorSD * priorSD + noiseSD * noiseSD).squareRoot()
        return zip(y, priorMean).reduce(0) { $0 + Special.normalLogDensity($1.0, mean: $1.1, sd: v) }
    }
}

@Suite("ESS-annealed sampler machinery")
struct AnnealingTests {
    @Test func temperatureSearchHitsTargetESS() {
        var rng = RandomSource(seed: 3)
        let logL = (0..<2000).map { _ in -50 * rng.uniform() }
        let base = [Double](repeating: 0, count: 2000)
        let beta = TemperatureSearch.next(beta: 0, baseLogWeights: base, logLikelihoods: logL, targetFraction: 0.5)
        #expect(beta > 0 && beta < 1)
        let ess = LogWeights.effectiveSampleSize(logL.map { beta * $0 }) / 2000
        #expect(abs(ess - 0.5) < 1e-6)
        // A flat likelihood goes straight to β = 1.
        #expect(TemperatureSearch.next(beta: 0, baseLogWeights: base, logLikelihoods: base, targetFraction: 0.5) == 1)
    }

    @Test func mixtureWeightsAreUnbiasedForZ() throws {
        // Two Gaussian proposals, target N(0, 1) with Z = 1 (log p = log N, log L = 0).
        var rng = RandomSource(seed: 11)
        let q1 = EllipticalDensity(mean: [-1], sd: [1.5])
        let q2 = EllipticalDensity(mean: [1], sd: [2])
        let normal = try Prior(.normal(mean: 0, sd: 1))
        var pool = SamplePool(dimension: 1)
        let (a, la) = q1.sample(count: 20_000, using: &rng, threads: 1)
        pool.add(index: 0, points: a, logLikelihood: [Double](repeating: 0, count: a.count),
                 logPrior: a.map { normal.logDensity($0) }, logProposalOwn: la,
                 newProposal: { q1.logDensity(of: $0, count: $1, threads: 1) }, previousProposals: [])
        let (b, lb) = q2.sample(count: 20_000, using: &rng, threads: 1)
        pool.add(index: 1, points: b, logLikelihood: [Double](repeating: 0, count: b.count),
                 logPrior: b.map { normal.logDensity($0) }, logProposalOwn: lb,
                 newProposal: { q2.logDensity(of: $0, count: $1, threads: 1) },
                 previousProposals: [{ q1.logDensity(of: $0, count: $1, threads: 1) }])
        let (z, se) = LogWeights.logMeanWithError(pool.logWeights(beta: 1))
        #expect(abs(z) < 3 * se + 1e-3)
        #expect(se < 0.02)
    }

    @Test func gaussianProposalRecoversConjugateEvidence() throws {
        let problem = ConjugateGaussian(d: 3, priorMean: [0, 1, -1], priorSD: 2, noiseSD: 0.3, y: [0.5, 2.2, -0.4])
        var settings = AnnealingSettings()
        settings.schedule.samplesPerStage = 1000
        settings.variant = .paper
        let sampler = AnnealedFlowSampler<EllipticalDensity>(settings: settings) { d, _, _ in
            EllipticalDensity(mean: [Double](repeating: 0, count: d), sd: [Double](repeating: 1, count: d))
        }
        let result = try sampler.run(problem.posterior, seed: 5, budget: Budget(maxEvaluations: 60_000), progress: { _ in })
        #expect(result.status == .converged)
        let e = result.evidence
        #expect(abs(e.logEvidence - problem.logEvidence) < max(3 * e.standardError, 0.02))
        #expect(e.standardError < 0.05)
        let summary = result.samples.summaries()
        // Posterior mean of θ_j: (y/σ² + μ0/s0²)/(1/σ² + 1/s0²).
        for j in 0..<3 {
            let m = (problem.y[j] / 0.09 + problem.priorMean[j] / 4) / (1 / 0.09 + 1 / 4)
            #expect(abs(summary[j].mean - m) < 0.02)
        }
    }
}
