import Foundation
import Inference

extension EnsembleSampler {
    /// Estimators, in the order of ``LadderEvidence/estimates(_:)``.
    static let estimatorNames: [EvidenceMethod] = [.steppingStone, .thermodynamicIntegration,
                                                   .thermodynamicIntegrationTrapezoid]

    /// Assembles the result: posterior samples, estimators, reliability, status, diagnostics, warnings.
    func result(_ posterior: Posterior, seed: UInt64, run: EnsembleRunState, evidence: EvidenceSummary?,
                ledger: EvaluationLedger, clock: RunClock, source: RandomSource) -> InferenceResult {
        let d = posterior.dimension, W = run.walkers
        let rules = configuration.reliability
        let burn = burnIn(run.completed)
        let window = burn..<run.completed
        // Recorded index r holds step (r + 1) · thin; keep those after burn-in.
        let firstKept = min(max(0, (burn + thin - 1) / thin), run.cold.steps)
        let kept = firstKept..<run.cold.steps
        let u = Array(run.cold.positions[(firstKept * W * d)...])
        let logL = Array(run.cold.logLikelihoods[(firstKept * W)...])
        let samples = posterior.naturalSamples(unconstrained: u, logWeights: [Double](repeating: 0, count: logL.count),
                                               logLikelihoods: logL)
        let tau = kept.count >= 2 ? run.cold.autocorrelationTimes(steps: kept).map { $0 * Double(thin) } : []
        let ensembleMean = kept.count >= 2 ? run.cold.ensembleMeanStatistics(steps: kept) : []
        let coldTau = max(tau.max() ?? .nan, (ensembleMean.map(\.tau).max() ?? .nan) * Double(thin))
        let rungTau = run.logLikelihoods.autocorrelationTimes(steps: window)
        let tauMax = ([coldTau] + rungTau).reduce(-Double.infinity) { max($0, $1.isNaN ? .infinity : $1) }
        let postSteps = window.count
        let ess = ensembleMean.isEmpty ? nil : ensembleMean.map(\.ess).min()

        var warnings: [String] = []
        var diagnostics: [Setting] = [Setting("walkers", .int(W)), Setting("temperatures", .int(run.betas.count)),
                                      Setting("completed_steps", .int(run.completed)),
                                      Setting("post_burn_in_steps", .int(postSteps))]
        for (j, t) in tau.enumerated() {
            diagnostics.append(Setting("tau_\(posterior.parameterNames[j])", .double(t)))
            diagnostics.append(Setting("tau_ensemble_mean_\(posterior.parameterNames[j])", .double(ensembleMean[j].tau * Double(thin))))
        }
        for (k, t) in rungTau.enumerated() { diagnostics.append(Setting("tau_log_likelihood_t\(k)", .double(t))) }
        diagnostics.append(Setting("tau_max", .double(tauMax)))
        if let ess { diagnostics.append(Setting("effective_sample_size", .double(ess))) }
        let steps = Double(max(run.completed, 1) * W)
        for (k, a) in run.accepted.enumerated() {
            diagnostics.append(Setting("acceptance_fraction_t\(k)", .double(Double(a) / steps)))
        }
        for (k, s) in run.swapped.enumerated() {
            let rate = Double(s) / steps
            diagnostics.append(Setting("swap_acceptance_t\(k)_t\(k + 1)", .double(rate)))
            if rate < 0.05 && run.completed > 0 {
                warnings.append("swap acceptance between β = \(run.betas[k]) and β = \(run.betas[k + 1]) is "
                                + "\(rate.formatted(digits: 3)); add temperatures between them")
            }
        }
        let coldAcceptance = Double(run.accepted.last ?? 0) / steps
        if coldAcceptance < 0.1 && run.completed > 0 {
            warnings.append("acceptance fraction at β = 1 is \(coldAcceptance.formatted(digits: 3)) (< 0.1): the ensemble mixes slowly")
        }
        if ledger.failedEvaluations > 0 {
            warnings.append("\(ledger.failedEvaluations) likelihood evaluations failed (\(ledger.failures))")
        }

        // The convergence rules shared by every estimator: every rung 50 τ long, halves agree.
        var shared: [ReliabilityCheck] = []
        if let c = rules.chainLength(steps: postSteps, tau: tauMax) { shared.append(c) }
        if let halves = halvesCheck(run.logLikelihoods, window: window, source: source) { shared.append(halves) }

        var estimators: [EvidenceEstimate] = []
        if let e = evidence {
            diagnostics.append(Setting("evidence_correlation_time", .double(e.tau)))
            diagnostics.append(Setting("bootstrap_block_length", .int(e.blockLength)))
            let enoughBlocks = e.steps >= 2 * e.blockLength
            if !e.allFinite {
                warnings.append("some log-likelihoods are −∞ (failed evaluations): thermodynamic integration is undefined")
            }
            for (j, name) in Self.estimatorNames.enumerated() {
                var checks = shared
                if let c = rules.finite(logEvidence: e.values[j], standardError: e.errors[j]) { checks.insert(c, at: 0) }
                if !enoughBlocks {
                    checks.append(ReliabilityCheck(.evidenceConvergence, "fewer than two bootstrap blocks of \(e.blockLength) steps"))
                }
                estimators.append(EvidenceEstimate(
                    method: name, logEvidence: e.values[j], standardError: e.errors[j], effectiveSampleSize: ess,
                    sampleCount: e.steps * W * run.betas.count, failedChecks: checks,
                    note: j == 0 ? "block bootstrap over \(e.steps) post-burn-in steps, blocks of \(e.blockLength)"
                        : (j == 1 ? "Friel–Hurn–Wyse corrected trapezoid; error excludes discretisation bias"
                           : "plain trapezoid; error excludes discretisation bias")))
            }
        } else {
            estimators = Self.estimatorNames.map {
                EvidenceEstimate(method: $0, logEvidence: .nan, standardError: .nan,
                                 failedChecks: [ReliabilityCheck(.finiteEstimate, "fewer than 2 post-burn-in steps")] + shared)
            }
        }

        let status: RunStatus
        if let reason = run.stopReason {
            status = .budgetExhausted(reason)
            warnings.append("stopped after \(run.completed) of \(self.steps) steps: budget of \(reason) used up")
        } else if !estimators[0].failedChecks.isEmpty {
            status = .notConverged(stepsNeeded: stepsNeeded(tau: tauMax, chainTooShort: shared.contains { $0.rule == .chainLength }))
        } else {
            status = .converged
        }
        if let c = rules.reached(status) {
            for j in estimators.indices { estimators[j].failedChecks.insert(c, at: 0) }
        }
        for c in estimators[0].failedChecks where c.rule != .reachedPosterior { warnings.append("unreliable: \(c.message)") }
        if case .notConverged(let n?) = status {
            warnings.append("run about \(n) steps (--steps \(n)) for a converged estimate")
        }
        return InferenceResult(backend: name, seed: seed, settings: resolvedSettings(walkers: W),
                               samples: samples, evidence: estimators[0], estimators: estimators, trace: run.trace,
                               status: status, ledger: ledger, wallSeconds: clock.seconds,
                               warnings: warnings, diagnostics: diagnostics, effectiveSampleSize: ess)
    }

    /// The total steps a converged run needs: enough for 50 τ_max after
    /// burn-in (rounded up to a hundred), or twice the steps run when the
    /// chains are long enough but the estimate still drifted.
    func stepsNeeded(tau: Double, chainTooShort: Bool) -> Int? {
        guard chainTooShort else { return 2 * steps }
        guard tau.isFinite else { return nil }
        let needed = configuration.reliability.minimumTauMultiple * tau / (1 - burnInFraction)
        return max(Int((needed / 100).rounded(.up)) * 100, steps + 100)
    }

    /// The evidence-convergence rule on the stepping-stone estimates of the
    /// two halves of the post-burn-in `window` (each with its own block
    /// bootstrap error); nil when they agree or the window is too short to split.
    func halvesCheck(_ chain: LadderLogLikelihoods, window: Range<Int>, source: RandomSource) -> ReliabilityCheck? {
        guard window.count >= 8 else { return nil }
        let middle = window.lowerBound + window.count / 2
        var rng = source.stream(-1)
        let halves = [window.lowerBound..<middle, middle..<window.upperBound].map { part -> (Double, Double) in
            let e = LadderEvidence(chain, steps: part)
            let block = max(1, min(Int((3 * e.correlationTime()).rounded(.up)), part.count / 2))
            let error = e.bootstrapErrors(blockLength: block, replicates: configuration.bootstrap.replicates, rng: &rng)[0]
            return (e.steppingStone(), error)
        }
        return configuration.reliability.settled(firstHalf: halves[0], secondHalf: halves[1])
    }

    /// The result of a run whose budget did not allow even the initial evaluation.
    func emptyResult(_ posterior: Posterior, seed: UInt64, ledger: EvaluationLedger, clock: RunClock,
                     reason: BudgetLimit) -> InferenceResult {
        let status = RunStatus.stalled(beta: 0, evaluations: ledger.evaluations)
        let evidence = EvidenceEstimate(method: Self.estimatorNames[0], logEvidence: .nan, standardError: .nan,
                                        failedChecks: [configuration.reliability.reached(status),
                                                       ReliabilityCheck(.finiteEstimate, "no samples")].compactMap { $0 })
        return InferenceResult(
            backend: name, seed: seed, settings: resolvedSettings(walkers: walkerCount(dimension: posterior.dimension)),
            samples: WeightedSamples(parameterNames: posterior.parameterNames, values: [], logWeights: [],
                                     logLikelihoods: [], logPriors: []),
            evidence: evidence, estimators: [evidence], trace: [],
            status: status, ledger: ledger, wallSeconds: clock.seconds,
            warnings: ["the budget (\(reason)) does not allow the initial evaluation of the ensembles"])
    }

    /// ``settings`` with the walker count resolved.
    func resolvedSettings(walkers W: Int) -> JSONValue {
        var resolved = configuration
        resolved.chain.walkers = W
        return JSONValue(encoding: resolved)
    }
}

extension Double {
    /// A short decimal rendering for messages.
    func formatted(digits: Int) -> String { String(format: "%.\(digits)g", self) }
}
