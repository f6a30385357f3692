import Foundation
import Inference

extension SMCSampler {
    /// Runs adaptive-tempering SMC until β = 1 and the final moves are done,
    /// or until the budget stops it (checked before every batched call).
    /// Sends a progress report after every stage.
    ///
    /// - Throws: ``BaselineError/noParameters`` or
    ///   ``BaselineError/tooFewParticles(particles:dimension:needed:)``.
    public func run(_ posterior: Posterior, seed: UInt64, budget: Budget, progress: ProgressSink) throws(BaselineError) -> InferenceResult {
        let d = posterior.dimension
        guard d > 0 else { throw .noParameters }
        let n = particles
        guard n >= Self.minimumParticles(dimension: d) else {
            throw .tooFewParticles(particles: n, dimension: d, needed: Self.minimumParticles(dimension: d))
        }
        let clock = RunClock(budget: budget)
        var rng = RandomSource(seed: seed).stream(0)
        var ledger = EvaluationLedger()
        var run = SMCRunState(scale: 2.38 / Double(d).squareRoot(), resampling: resampling)
        if let reason = clock.refusal(forNext: n, ledger: ledger) {
            run.stopReason = reason
            return result(posterior, seed: seed, particles: nil, run: run, ledger: ledger, clock: clock)
        }
        let u = posterior.samplePrior(count: n, using: &rng)
        let (logL, logP) = posterior.evaluate(unconstrained: u, count: n, threads: budget.threads, ledger: &ledger)
        var system = ParticleSystem(dimension: d, positions: u, logLikelihoods: logL, logPriors: logP, eves: Array(0..<n))
        run.trace.append(TraceRow(stage: 0, beta: 0, essFraction: 1, poolSize: n, evaluations: ledger.evaluations,
                                  seconds: clock.seconds, logEvidence: 0, logEvidenceError: 0))
        progress(ProgressReport(backend: name, row: run.trace[0], message: "prior draws"))

        stages: while run.beta < 1 {
            let finite = system.logLikelihoods.reduce(0) { $0 + ($1 > -.infinity ? 1 : 0) }
            guard finite > 0 else {
                run.failure = "every particle's likelihood failed at β = \(run.beta)"
                break
            }
            // 1. Reweight.
            // The particles are equally weighted after resampling, so the
            // conditional ESS of the step is the ESS of the incremental weights / N.
            let next = TemperatureSearch.nextConditional(
                beta: run.beta, currentLogWeights: [Double](repeating: 0, count: n),
                logLikelihoods: system.logLikelihoods, targetFraction: essFraction * Double(finite) / Double(n))
            let logW = system.logLikelihoods.map { $0 > -.infinity ? (next - run.beta) * $0 : -.infinity }
            let (logMean, deltaError) = LogWeights.logMeanWithError(logW)
            let weights = LogWeights.normalized(logW)
            run.logEvidence += logMean
            run.deltaVariance += deltaError * deltaError
            run.stage += 1
            run.genealogy = GenealogyVariance(weights: weights, eves: system.eves, stages: run.stage)
            let ess = LogWeights.effectiveSampleSize(logW)
            // 2. Resample (the proposal covariance is taken from the weighted population first).
            let (factor, jitter) = Cholesky.regularizedFactor(
                WeightedMoments(points: system.positions, weights: weights, dimension: d)?.covariance
                    ?? [Double](repeating: 0, count: d * d), dimension: d)
            if jitter > 0 { run.regularisations += 1 }
            system.resample(resampling.ancestors(weights: weights, count: n, rng: &rng))
            run.beta = next
            // 3. Move.
            var kernel = GaussianRandomWalk(factor: factor, dimension: d, scale: run.scale)
            let start = system.positions
            var correlation = 1.0
            var sweeps = 0, accepted = 0
            while sweeps < maxMoveSteps {
                if let reason = clock.refusal(forNext: n, ledger: ledger) {
                    run.stopReason = reason
                    break
                }
                let a = kernel.step(&system, beta: run.beta, posterior: posterior, threads: budget.threads,
                                    ledger: &ledger, rng: &rng)
                let count = a.reduce(0) { $0 + ($1 ? 1 : 0) }
                kernel.adapt(acceptance: Double(count) / Double(n), target: targetAcceptance)
                accepted += count
                sweeps += 1
                correlation = system.maximumCorrelation(with: start)
                if sweeps >= moveSteps && correlation <= maxCorrelation { break }
            }
            run.scale = kernel.scale
            run.sweeps += sweeps
            run.acceptedMoves += accepted
            run.lastAcceptance = sweeps > 0 ? Double(accepted) / Double(sweeps * n) : .nan
            run.lastCorrelation = correlation
            let row = TraceRow(stage: run.stage, beta: run.beta, essFraction: ess / Double(n), poolSize: n,
                               evaluations: ledger.evaluations, seconds: clock.seconds,
                               logEvidence: run.logEvidence, logEvidenceError: run.headlineError.value)
            run.trace.append(row)
            progress(ProgressReport(backend: name, row: row,
                                        message: "stage \(run.stage): β = \(run.beta), \(sweeps) sweeps, "
                                            + "acceptance \(run.lastAcceptance)"))
            if run.stopReason != nil { break stages }
        }
        return result(posterior, seed: seed, particles: system, run: run, ledger: ledger, clock: clock)
    }
}

/// The bookkeeping of one SMC run.
struct SMCRunState {
    var beta = 0.0
    var stage = 0
    var logEvidence = 0.0
    var deltaVariance = 0.0
    var genealogy: GenealogyVariance?
    var scale: Double
    var sweeps = 0
    var acceptedMoves = 0
    var lastAcceptance = Double.nan
    var lastCorrelation = Double.nan
    var regularisations = 0
    var stopReason: BudgetLimit?
    var failure: String?
    var trace: [TraceRow] = []

    let resampling: ResamplingScheme

    init(scale: Double, resampling: ResamplingScheme) {
        self.scale = scale
        self.resampling = resampling
    }

    /// The standard error of log Ẑ and how it was obtained: with multinomial
    /// resampling the Lee–Whiteley estimator if usable, else the delta method;
    /// with systematic resampling (where Lee–Whiteley does not apply and was
    /// measured to underestimate by ~2×) the larger of the two.
    var headlineError: (value: Double, method: String) {
        let delta = deltaVariance.squareRoot()
        let lw = genealogy?.logEvidenceError()
        switch (resampling, lw) {
        case let (.multinomial, e?):
            return (e, "Lee–Whiteley genealogy estimator")
        case let (.systematic, e?):
            return (max(e, delta), "max of Lee–Whiteley and delta method (systematic resampling: neither is exact)")
        case (_, nil):
            return (delta, "delta method (genealogy collapsed or V̂ ≤ 0; underestimates)")
        }
    }
}
