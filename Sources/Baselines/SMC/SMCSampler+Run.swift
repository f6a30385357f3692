import Foundation
import Inference

extension SMCSampler {
    /// Runs the R replicates one after the other, each until β = 1 and its
    /// final moves are done or its share of the budget is spent (an equal
    /// share of what is left when it starts; checked before every batched
    /// call, ``RunClock``'s rule). Sends a progress report after every stage.
    ///
    /// - Throws: ``BaselineError/noParameters`` or
    ///   ``BaselineError/tooFewParticles(particles:dimension:needed:)``.
    public func run(_ posterior: Posterior, seed: UInt64, budget: Budget, progress: ProgressSink) throws(BaselineError) -> InferenceResult {
        let d = posterior.dimension
        guard d > 0 else { throw .noParameters }
        let n = configuration.population.particles
        guard n >= Self.minimumParticles(dimension: d) else {
            throw .tooFewParticles(particles: n, dimension: d, needed: Self.minimumParticles(dimension: d))
        }
        let clock = RunClock(budget: budget)
        var ledger = EvaluationLedger()
        var trace: [TraceRow] = []
        var replicates: [SMCReplicate] = []
        let count = configuration.population.replicates
        for r in 0..<count {
            let remaining = count - r
            let share = Budget(
                maxEvaluations: budget.maxEvaluations.map { ledger.evaluations + ($0 - ledger.evaluations) / remaining },
                maxSeconds: budget.maxSeconds.map { clock.seconds + ($0 - clock.seconds) / Double(remaining) },
                threads: budget.threads)
            var rng = RandomSource(seed: seed).stream(r)
            replicates.append(runReplicate(r, posterior: posterior, share: share, clock: clock, ledger: &ledger,
                                           trace: &trace, rng: &rng, progress: progress))
        }
        return result(posterior, seed: seed, replicates: replicates, trace: trace, ledger: ledger, clock: clock)
    }

    /// One SMC run from prior draws to β = 1 (see ``SMCSampler``).
    func runReplicate(_ index: Int, posterior: Posterior, share: Budget, clock: RunClock, ledger: inout EvaluationLedger,
                      trace: inout [TraceRow], rng: inout RandomSource, progress: ProgressSink) -> SMCReplicate {
        let d = posterior.dimension
        let n = configuration.population.particles
        let moves = configuration.moves
        let label = configuration.population.replicates > 1 ? "replicate \(index + 1)/\(configuration.population.replicates): " : ""
        var run = SMCReplicate(index: index, scale: 2.38 / Double(d).squareRoot(), resampling: configuration.tempering.resampling)
        func refusal() -> BudgetLimit? {
            share.refusal(forNext: n, evaluations: ledger.evaluations, seconds: clock.seconds)
        }
        if let reason = refusal() {
            run.stopReason = reason
            return run
        }
        let u = posterior.samplePrior(count: n, using: &rng)
        let (logL, logP) = posterior.evaluate(unconstrained: u, count: n, threads: share.threads, ledger: &ledger)
        var system = ParticleSystem(dimension: d, positions: u, logLikelihoods: logL, logPriors: logP, eves: Array(0..<n))
        let first = TraceRow(stage: trace.count, beta: 0, essFraction: 1, poolSize: n, evaluations: ledger.evaluations,
                             seconds: clock.seconds, logEvidence: 0, logEvidenceError: 0)
        trace.append(first)
        progress(ProgressReport(backend: name, row: first, message: label + "prior draws"))

        while run.beta < 1 {
            let finite = system.logLikelihoods.reduce(0) { $0 + ($1 > -.infinity ? 1 : 0) }
            guard finite > 0 else {
                run.failure = "every particle's likelihood failed at β = \(run.beta)"
                break
            }
            // 1. Reweight. The particles are equally weighted after resampling,
            // so the conditional ESS of the step is the ESS of the incremental weights.
            let next = TemperatureSearch.nextConditional(
                beta: run.beta, currentLogWeights: [Double](repeating: 0, count: n),
                logLikelihoods: system.logLikelihoods,
                targetFraction: configuration.tempering.essFraction * Double(finite) / Double(n))
            let logW = system.logLikelihoods.map { $0 > -.infinity ? (next - run.beta) * $0 : -.infinity }
            let (logMean, deltaError) = LogWeights.logMeanWithError(logW)
            let weights = LogWeights.normalized(logW)
            run.logEvidence += logMean
            run.deltaVariance += deltaError * deltaError
            run.stage += 1
            run.genealogy = GenealogyVariance(weights: weights, eves: system.eves, stages: run.stage)
            let ess = LogWeights.effectiveSampleSize(logW)
            // 2. Fit the proposals to the weighted population, then resample.
            let moments = WeightedMoments(points: system.positions, weights: weights, dimension: d)
            let (factor, jitter) = Cholesky.regularizedFactor(
                moments?.covariance ?? [Double](repeating: 0, count: d * d), dimension: d)
            if jitter > 0 { run.regularisations += 1 }
            var independent = moves.independentDegreesOfFreedom.flatMap { nu in
                GaussianMixtureFit(points: system.positions, weights: weights, dimension: d,
                                   maxComponents: moves.maxMixtureComponents, rng: &rng)
                    .flatMap { IndependentProposal(mixture: $0, degreesOfFreedom: nu, inflation: moves.independentInflation) }
            }
            run.mixtureComponents = max(run.mixtureComponents, independent?.components ?? 0)
            system.resample(configuration.tempering.resampling.ancestors(weights: weights, count: n, rng: &rng))
            run.beta = next
            // 3. Move: independent and random-walk sweeps in turn until decorrelated.
            var walk = GaussianRandomWalk(factor: factor, dimension: d, scale: run.scale)
            let start = system.positions
            var correlation = 1.0
            var sweeps = 0, accepted = 0, walkSweeps = 0
            while sweeps < moves.maxSteps {
                if let reason = refusal() {
                    run.stopReason = reason
                    break
                }
                let proposer = sweeps % 2 == 0 ? independent : nil
                let useIndependent = proposer != nil
                let (proposals, factors) = proposer?.propose(system, rng: &rng) ?? walk.propose(system, rng: &rng)
                let a = MetropolisSweep.apply(proposals: proposals, logFactors: factors, to: &system, beta: run.beta,
                                              posterior: posterior, threads: share.threads, ledger: &ledger, rng: &rng)
                let rate = Double(a) / Double(n)
                if useIndependent {
                    run.independentSweeps += 1
                    run.independentAccepted += a
                    // An independent proposal that almost never succeeds only costs evaluations.
                    if rate < 0.01 { independent = nil }
                } else {
                    walk.adapt(acceptance: rate, target: moves.targetAcceptance)
                    walkSweeps += 1
                    accepted += a
                }
                sweeps += 1
                correlation = system.maximumCorrelation(with: start)
                if sweeps >= moves.minSteps && correlation <= moves.maxCorrelation { break }
            }
            run.scale = walk.scale
            run.sweeps += sweeps
            run.walkSweeps += walkSweeps
            run.walkAccepted += accepted
            run.lastAcceptance = walkSweeps > 0 ? Double(accepted) / Double(walkSweeps * n) : .nan
            run.lastCorrelation = correlation
            run.worstCorrelation = max(run.worstCorrelation, correlation)
            let row = TraceRow(stage: trace.count, beta: run.beta, essFraction: ess / Double(n), poolSize: n,
                               evaluations: ledger.evaluations, seconds: clock.seconds,
                               logEvidence: run.logEvidence, logEvidenceError: run.singleRunError.value)
            trace.append(row)
            progress(ProgressReport(backend: name, row: row,
                                    message: label + "stage \(run.stage): β = \(run.beta.formatted(digits: 4)), "
                                        + "\(sweeps) sweeps, correlation \(correlation.formatted(digits: 2))"))
            if run.stopReason != nil { break }
        }
        run.particles = system
        if run.reachedPosterior && run.stopReason == nil {
            run.finalDraws = finalImportance(system, posterior: posterior, share: share, clock: clock,
                                                  ledger: &ledger, rng: &rng)
        }
        return run
    }

    /// Fresh draws from a mixture of t's q fitted to the final particles
    /// (balanced, ``SMCSettings/FinalImportance``) and log(L p_u) at each;
    /// nil when disabled, unaffordable or no mixture can be fitted. One batch
    /// of evaluations.
    func finalImportance(_ system: ParticleSystem, posterior: Posterior, share: Budget, clock: RunClock,
                         ledger: inout EvaluationLedger, rng: inout RandomSource) -> FinalDraws? {
        let m = configuration.finalImportance.draws
        let moves = configuration.moves
        guard m > 0, share.refusal(forNext: m, evaluations: ledger.evaluations, seconds: clock.seconds) == nil,
              let mixture = GaussianMixtureFit(points: system.positions, weights: [Double](repeating: 1, count: system.count),
                                               dimension: system.dimension, maxComponents: moves.maxMixtureComponents, rng: &rng),
              let q = IndependentProposal(mixture: mixture, degreesOfFreedom: moves.independentDegreesOfFreedom ?? 5,
                                          inflation: moves.independentInflation, balance: configuration.finalImportance.balance)
        else { return nil }
        let (draws, logQ) = q.draw(count: m, rng: &rng)
        let (logL, logP) = posterior.evaluate(unconstrained: draws, count: m, threads: share.threads, ledger: &ledger)
        return FinalDraws(proposal: q, points: draws, logTarget: zip(logL, logP).map { $0 + $1 }, logOwnDensity: logQ)
    }
}
