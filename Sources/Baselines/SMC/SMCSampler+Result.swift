import Foundation
import Inference

extension SMCSampler {
    /// Assembles the result from the final particles (nil if none were drawn).
    func result(_ posterior: Posterior, seed: UInt64, particles system: ParticleSystem?, run: SMCRunState,
                ledger: EvaluationLedger, clock: RunClock) -> InferenceResult {
        let samples = system.map {
            posterior.naturalSamples(unconstrained: $0.positions, logWeights: [Double](repeating: 0, count: $0.count),
                                     logLikelihoods: $0.logLikelihoods)
        } ?? WeightedSamples(parameterNames: posterior.parameterNames, values: [], logWeights: [],
                             logLikelihoods: [], logPriors: [])
        var warnings: [String] = []
        let status: RunStatus
        if let failure = run.failure {
            status = .stalled(beta: run.beta, evaluations: ledger.evaluations)
            warnings.append(failure)
        } else if let reason = run.stopReason {
            if run.beta < 1 {
                status = .stalled(beta: run.beta, evaluations: ledger.evaluations)
                warnings.append("budget of \(reason) used up at β = \(run.beta): the samples are from the tempered "
                                + "posterior and log Ẑ is that of β = \(run.beta), not the evidence")
            } else {
                status = .budgetExhausted(reason)
                warnings.append("budget of \(reason) used up during the final moves at β = 1")
            }
        } else {
            status = .converged
        }
        let reached = run.beta >= 1
        let (error, errorMethod) = run.headlineError
        let eves = run.genealogy?.distinctEves ?? particles
        if run.genealogy != nil && run.genealogy?.logEvidenceError() == nil {
            warnings.append("the genealogy has collapsed to \(eves) Eve(s) (or V̂ ≤ 0): the log Ẑ error falls back "
                            + "to the delta method, which underestimates; increase particles or run replicates")
        }
        if run.regularisations > 0 {
            warnings.append("the particle covariance was not positive definite in \(run.regularisations) stage(s); jitter was added")
        }
        if run.lastCorrelation > maxCorrelation {
            warnings.append("after \(maxMoveSteps) Metropolis sweeps the particles were still correlated "
                            + "(\(run.lastCorrelation.formatted(digits: 3)) > \(maxCorrelation)) with their resampled "
                            + "ancestors: slow mixing (increase maxMoveSteps) or a multimodal posterior, whose "
                            + "particles cannot leave their mode")
        }
        if run.lastAcceptance < 0.05 {
            warnings.append("acceptance in the last stage was \(run.lastAcceptance.formatted(digits: 3)): particles barely move")
        }
        if ledger.failedEvaluations > 0 {
            warnings.append("\(ledger.failedEvaluations) likelihood evaluations failed (\(ledger.failures))")
        }
        let note = reached ? "standard error: \(errorMethod)" : "reached β = \(run.beta) only: not the evidence"
        let rules = ReliabilityRules()
        var checks = [rules.reached(status)].compactMap { $0 }
        if !reached && checks.isEmpty {
            checks.append(ReliabilityCheck(.reachedPosterior, "reached β = \(run.beta) only"))
        }
        let headline = EvidenceEstimate(method: .smc, logEvidence: run.stage > 0 || reached ? run.logEvidence : .nan,
                                        standardError: error, sampleCount: particles,
                                        failedChecks: checks, note: note)
        let delta = EvidenceEstimate(method: .smcDeltaMethod, logEvidence: headline.logEvidence,
                                     standardError: run.deltaVariance.squareRoot(), sampleCount: particles,
                                     failedChecks: headline.failedChecks,
                                     note: "sum over stages of delta-method variances; ignores resampling dependence (underestimates)")
        var estimators = [headline, delta]
        if let lw = run.genealogy?.logEvidenceError() {
            estimators.append(EvidenceEstimate(method: .smcLeeWhiteley, logEvidence: headline.logEvidence,
                                               standardError: lw, sampleCount: particles,
                                               failedChecks: headline.failedChecks,
                                               note: "genealogy (Eve) variance estimator, \(eves) Eves"))
        }
        let diagnostics: [Setting] = [
            Setting("stages", .int(run.stage)),
            Setting("final_beta", .double(run.beta)),
            Setting("metropolis_sweeps", .int(run.sweeps)),
            Setting("acceptance_fraction", .double(run.sweeps > 0 ? Double(run.acceptedMoves) / Double(run.sweeps * particles) : .nan)),
            Setting("last_stage_acceptance", .double(run.lastAcceptance)),
            Setting("last_stage_correlation", .double(run.lastCorrelation)),
            Setting("proposal_scale", .double(run.scale)),
            Setting("distinct_eves", .int(eves)),
            Setting("relative_variance_lee_whiteley", .double(run.genealogy?.relativeVariance ?? .nan)),
            Setting("covariance_regularisations", .int(run.regularisations)),
        ]
        return InferenceResult(backend: name, seed: seed, settings: settings, samples: samples, evidence: headline,
                               estimators: estimators, trace: run.trace, status: status, ledger: ledger,
                               wallSeconds: clock.seconds, warnings: warnings, diagnostics: diagnostics)
    }
}
