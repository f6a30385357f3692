import Foundation
import Inference

extension EnsembleSampler {
    /// Estimators, in the order of ``LadderEvidence/estimates(_:)``.
    static let estimatorNames: [EvidenceMethod] = [.steppingStone, .thermodynamicIntegration,
                                                   .thermodynamicIntegrationTrapezoid]

    /// Assembles the result: posterior samples, estimators, status, diagnostics, warnings.
    func result(_ posterior: Posterior, seed: UInt64, run: EnsembleRunState, evidence: EvidenceSummary?,
                ledger: EvaluationLedger, clock: RunClock) -> InferenceResult {
        let d = posterior.dimension, W = run.walkers
        let burn = burnIn(run.completed)
        // Recorded index r holds step (r + 1) · thin; keep those after burn-in.
        let firstKept = min(max(0, (burn + thin - 1) / thin), run.cold.steps)
        let kept = firstKept..<run.cold.steps
        let u = Array(run.cold.positions[(firstKept * W * d)...])
        let logL = Array(run.cold.logLikelihoods[(firstKept * W)...])
        let samples = posterior.naturalSamples(unconstrained: u, logWeights: [Double](repeating: 0, count: logL.count),
                                               logLikelihoods: logL)
        let tau = kept.count >= 2 ? run.cold.autocorrelationTimes(steps: kept).map { $0 * Double(thin) } : []
        let ensembleMean = kept.count >= 2 ? run.cold.ensembleMeanStatistics(steps: kept) : []
        let tauMax = max(tau.max() ?? .nan, (ensembleMean.map(\.tau).max() ?? .nan) * Double(thin))
        let postSteps = run.completed - burn

        var warnings: [String] = []
        var diagnostics: [Setting] = [Setting("walkers", .int(W)), Setting("temperatures", .int(run.betas.count)),
                                      Setting("completed_steps", .int(run.completed)),
                                      Setting("post_burn_in_steps", .int(postSteps))]
        for (j, t) in tau.enumerated() {
            diagnostics.append(Setting("tau_\(posterior.parameterNames[j])", .double(t)))
            diagnostics.append(Setting("tau_ensemble_mean_\(posterior.parameterNames[j])", .double(ensembleMean[j].tau * Double(thin))))
        }
        if !tau.isEmpty {
            diagnostics.append(Setting("tau_max", .double(tauMax)))
            diagnostics.append(Setting("effective_sample_size", .double(ensembleMean.map(\.ess).min() ?? .nan)))
        }
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
        let longEnough = tauMax.isFinite && Double(postSteps) >= 50 * tauMax
        if !tau.isEmpty && !longEnough {
            warnings.append("the post-burn-in chain (\(postSteps) steps) is shorter than 50 τ = "
                            + "\((50 * tauMax).formatted(digits: 4)) steps: τ and the posterior are unreliable; "
                            + "run at least \(Int((100 * tauMax).rounded(.up))) steps")
        }
        if ledger.failedEvaluations > 0 {
            warnings.append("\(ledger.failedEvaluations) likelihood evaluations failed (\(ledger.failures))")
        }

        var estimators: [EvidenceEstimate] = []
        if let e = evidence {
            diagnostics.append(Setting("evidence_correlation_time", .double(e.tau)))
            diagnostics.append(Setting("bootstrap_block_length", .int(e.blockLength)))
            let enoughBlocks = e.steps >= 2 * e.blockLength
            if !enoughBlocks {
                warnings.append("the post-burn-in chain (\(e.steps) steps) holds fewer than two bootstrap blocks of "
                                + "\(e.blockLength) steps: evidence errors are unreliable")
            }
            if !e.allFinite {
                warnings.append("some log-likelihoods are −∞ (failed evaluations): thermodynamic integration is undefined")
            }
            for (j, name) in Self.estimatorNames.enumerated() {
                var checks = [ReliabilityRules().finite(logEvidence: e.values[j], standardError: e.errors[j])]
                    .compactMap { $0 }
                if !enoughBlocks {
                    checks.append(ReliabilityCheck(.evidenceConvergence, "fewer than two bootstrap blocks of \(e.blockLength) steps"))
                }
                estimators.append(EvidenceEstimate(
                    method: name, logEvidence: e.values[j], standardError: e.errors[j],
                    sampleCount: e.steps * W * run.betas.count, failedChecks: checks,
                    note: j == 0 ? "block bootstrap over \(e.steps) post-burn-in steps, blocks of \(e.blockLength)"
                        : (j == 1 ? "Friel–Hurn–Wyse corrected trapezoid; error excludes discretisation bias"
                           : "plain trapezoid; error excludes discretisation bias")))
            }
        } else {
            warnings.append("fewer than 2 post-burn-in steps: no evidence estimate")
            estimators = Self.estimatorNames.map {
                EvidenceEstimate(method: $0, logEvidence: .nan, standardError: .nan,
                                 failedChecks: [ReliabilityCheck(.finiteEstimate, "fewer than 2 post-burn-in steps")])
            }
        }

        let status: RunStatus
        if let reason = run.stopReason {
            status = .budgetExhausted(reason)
            warnings.append("stopped after \(run.completed) of \(self.steps) steps: budget of \(reason) used up")
        } else if !longEnough {
            status = .budgetExhausted(.stages(self.steps))
        } else {
            status = .converged
        }
        return InferenceResult(backend: name, seed: seed, settings: resolvedSettings(walkers: W),
                               samples: samples, evidence: estimators[0], estimators: estimators, trace: run.trace,
                               status: status, ledger: ledger, wallSeconds: clock.seconds,
                               warnings: warnings, diagnostics: diagnostics)
    }

    /// The result of a run whose budget did not allow even the initial evaluation.
    func emptyResult(_ posterior: Posterior, seed: UInt64, ledger: EvaluationLedger, clock: RunClock,
                     reason: BudgetLimit) -> InferenceResult {
        let evidence = EvidenceEstimate(method: Self.estimatorNames[0], logEvidence: .nan, standardError: .nan,
                                        failedChecks: [ReliabilityCheck(.finiteEstimate, "no samples")])
        return InferenceResult(
            backend: name, seed: seed, settings: resolvedSettings(walkers: walkerCount(dimension: posterior.dimension)),
            samples: WeightedSamples(parameterNames: posterior.parameterNames, values: [], logWeights: [],
                                     logLikelihoods: [], logPriors: []),
            evidence: evidence, estimators: [evidence], trace: [],
            status: .stalled(beta: 0, evaluations: ledger.evaluations), ledger: ledger, wallSeconds: clock.seconds,
            warnings: ["the budget (\(reason)) does not allow the initial evaluation of the ensembles"])
    }

    /// ``settings`` with the walker count resolved.
    func resolvedSettings(walkers W: Int) -> JSONValue {
        JSONValue(settings: settingList.map { $0.name == "walkers" ? Setting("walkers", .int(W)) : $0 })
    }
}

extension Double {
    /// A short decimal rendering for messages.
    func formatted(digits: Int) -> String { String(format: "%.\(digits)g", self) }
}
