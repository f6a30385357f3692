import Foundation
import Inference

extension EnsembleSampler {
    /// Runs the tempered ensemble for `chain.steps` steps or until the budget
    /// stops it (checked before every batched call, so `maxEvaluations` is
    /// never exceeded), sending a progress report after every step.
    ///
    /// - Throws: ``BaselineError/noParameters`` or
    ///   ``BaselineError/tooFewWalkers(walkers:dimension:needed:)``.
    public func run(_ posterior: Posterior, seed: UInt64, budget: Budget, progress: ProgressSink) throws(BaselineError) -> InferenceResult {
        let d = posterior.dimension
        guard d > 0 else { throw .noParameters }
        let W = walkerCount(dimension: d)
        let needed = Self.minimumWalkers(dimension: d)
        guard W >= needed, W / 2 >= move.minimumComplement else {
            throw .tooFewWalkers(walkers: W, dimension: d, needed: max(needed, 2 * move.minimumComplement))
        }
        let K = betas.count
        let interval = configuration.chain.traceInterval ?? max(1, steps / 20)
        let clock = RunClock(budget: budget)
        var rng = RandomSource(seed: seed).stream(0)
        let bootstrapSource = RandomSource(seed: seed).stream(1)
        var ledger = EvaluationLedger()
        var run = EnsembleRunState(temperatures: K, walkers: W, dimension: d, betas: betas, steps: steps, thin: thin)

        if let reason = clock.refusal(forNext: K * W, ledger: ledger) {
            return emptyResult(posterior, seed: seed, ledger: ledger, clock: clock, reason: reason)
        }
        var ladderState = Ensemble.prior(posterior: posterior, betas: betas, walkers: W, threads: budget.threads,
                                         ledger: &ledger, rng: &rng)
        for step in 1...steps {
            if let reason = clock.refusal(forNext: K * W, ledger: ledger) {
                run.stopReason = reason
                break
            }
            let accepted = EnsembleUpdate.step(&ladderState, move: move, posterior: posterior, threads: budget.threads,
                                               ledger: &ledger, rng: &rng)
            let swapped = TemperatureSwap.sweep(&ladderState, rng: &rng)
            run.record(ladderState, accepted: accepted, swapped: swapped, step: step)

            if step % interval == 0 || step == steps {
                run.summary = evidenceSummary(run.logLikelihoods, completed: step, source: bootstrapSource)
                run.appendTraceRow(ledger: ledger, seconds: clock.seconds, burnIn: burnIn(step))
            }
            progress(ProgressReport(backend: name, row: run.row(step: step, ledger: ledger, seconds: clock.seconds, burnIn: burnIn(step)),
                                        message: "step \(step)/\(steps)"))
        }
        if run.trace.last?.stage != run.completed {
            // Stopped by the budget between trace rows: one last row with the final estimate.
            run.summary = evidenceSummary(run.logLikelihoods, completed: run.completed, source: bootstrapSource)
            run.appendTraceRow(ledger: ledger, seconds: clock.seconds, burnIn: burnIn(run.completed))
        }
        let final = run.summary
        return result(posterior, seed: seed, run: run, evidence: final, ledger: ledger, clock: clock, source: bootstrapSource)
    }

    /// Steps discarded as burn-in after `completed` steps: ⌊burnInFraction · completed⌋.
    func burnIn(_ completed: Int) -> Int { Int((burnInFraction * Double(completed)).rounded(.down)) }

    /// The evidence estimates over the post-burn-in window after `completed`
    /// steps, or nil if that window holds fewer than 2 steps. The bootstrap
    /// draws from `source.stream(completed)`, so a summary depends only on
    /// the seed and the step.
    func evidenceSummary(_ chain: LadderLogLikelihoods, completed: Int, source: RandomSource) -> EvidenceSummary? {
        let window = burnIn(completed)..<completed
        guard window.count >= 2 else { return nil }
        var rng = source.stream(completed)
        let evidence = LadderEvidence(chain, steps: window)
        let tau = evidence.correlationTime()
        let block = min(configuration.bootstrap.blockLength ?? Int((3 * tau).rounded(.up)), window.count)
        return EvidenceSummary(values: evidence.estimates(),
                               errors: evidence.bootstrapErrors(blockLength: block, replicates: configuration.bootstrap.replicates, rng: &rng),
                               tau: tau, blockLength: block, steps: window.count, allFinite: evidence.allFinite)
    }
}

/// Evidence estimates of one window: [stepping stone, TI corrected, TI trapezoid].
struct EvidenceSummary {
    var values: [Double]
    var errors: [Double]
    /// Correlation time of the estimator summands (steps).
    var tau: Double
    var blockLength: Int
    /// Post-burn-in steps used.
    var steps: Int
    var allFinite: Bool
}

/// The mutable bookkeeping of one ensemble run: chains, counters, trace.
struct EnsembleRunState {
    let betas: [Double]
    let walkers: Int
    let thin: Int
    var cold: EnsembleChain
    var logLikelihoods: LadderLogLikelihoods
    var accepted: [Int]
    var swapped: [Int]
    var completed = 0
    var stopReason: BudgetLimit?
    var trace: [TraceRow] = []
    /// The latest evidence summary (at the last trace row).
    var summary: EvidenceSummary?

    init(temperatures K: Int, walkers W: Int, dimension d: Int, betas: [Double], steps: Int, thin: Int) {
        self.betas = betas
        self.walkers = W
        self.thin = thin
        cold = EnsembleChain(walkers: W, dimension: d, capacity: steps / thin)
        logLikelihoods = LadderLogLikelihoods(betas: betas, walkers: W, capacity: steps)
        accepted = [Int](repeating: 0, count: K)
        swapped = [Int](repeating: 0, count: max(K - 1, 0))
    }

    mutating func record(_ ladder: [Ensemble], accepted a: [Int], swapped s: [Int], step: Int) {
        for k in a.indices { accepted[k] += a[k] }
        for k in s.indices { swapped[k] += s[k] }
        logLikelihoods.append(ladder)
        if step % thin == 0, let top = ladder.last { cold.append(top) }
        completed = step
    }

    /// A trace row for `step` carrying the latest running stepping-stone
    /// estimate; `essFraction` is 1/τ of the estimator summands, `poolSize`
    /// the number of post-burn-in β = 1 samples.
    func row(step: Int, ledger: EvaluationLedger, seconds: Double, burnIn: Int) -> TraceRow {
        TraceRow(stage: step, beta: 1, essFraction: summary.map { min(1, 1 / $0.tau) } ?? .nan,
                 poolSize: (step - burnIn) * walkers, evaluations: ledger.evaluations, seconds: seconds,
                 logEvidence: summary?.values[0] ?? .nan, logEvidenceError: summary?.errors[0] ?? .nan)
    }

    mutating func appendTraceRow(ledger: EvaluationLedger, seconds: Double, burnIn: Int) {
        trace.append(row(step: completed, ledger: ledger, seconds: seconds, burnIn: burnIn))
    }
}
