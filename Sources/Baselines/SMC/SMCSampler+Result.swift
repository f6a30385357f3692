import Foundation
import Inference

extension SMCSampler {
    /// Pools the replicates: evidence, error, reliability checks, status, samples, diagnostics.
    func result(_ posterior: Posterior, seed: UInt64, replicates: [SMCReplicate], trace: [TraceRow],
                ledger: EvaluationLedger, clock: RunClock) -> InferenceResult {
        let rules = configuration.reliability
        let R = replicates.count
        let done = replicates.filter(\.reachedPosterior)
        let n = configuration.population.particles
        var warnings: [String] = []

        // The tempering product: log mean Ẑ_r, error from the spread of the replicates.
        let product = productEstimate(done)
        var productChecks = product.checks
        if !done.isEmpty && done.count < R {
            productChecks.append(ReliabilityCheck(.replicateAgreement, "only \(done.count) of \(R) replicates reached β = 1"))
        }
        let worst = done.map(\.worstCorrelation).max() ?? 1
        if let c = rules.decorrelation(correlation: worst) { productChecks.append(c) }
        if let c = rules.finite(logEvidence: product.logZ, standardError: product.error) { productChecks.append(c) }

        // The final importance-sampling estimate: the headline when its weights pass the rules.
        let final = finalEstimate(done)
        var checks = productChecks
        var headlineIsFinal = false
        if let f = final {
            let weightChecks = rules.weights(ess: f.ess, paretoK: f.paretoK)
            // Both failing: the importance estimate stays the headline while its weights' tail is one
            // importance sampling can still average (k̂ < 0.7; Vehtari et al. 2024), since a product whose
            // replicates disagree or whose moves did not decorrelate is typically many nats low.
            let bothFail = !weightChecks.isEmpty && !productChecks.isEmpty && f.paretoK < Self.usableParetoK
                && f.logZ.isFinite
            if weightChecks.isEmpty || bothFail {
                headlineIsFinal = true
                checks = weightChecks + f.checks
                    + (done.count < R ? productChecks.filter { $0.rule == .replicateAgreement && $0.message.hasPrefix("only") } : [])
                if bothFail {
                    warnings.append("neither estimate passes its checks; the headline is the importance estimate at β = 1 "
                                    + "(its weights' tail, k̂ = \(f.paretoK.formatted(digits: 2)), is heavy but usable), "
                                    + "not the tempering product (\(product.logZ.formatted(digits: 6)) ± "
                                    + "\(product.error.formatted(digits: 2)), which failed: "
                                    + productChecks.map(\.rule.rawValue).joined(separator: ", ") + ")")
                }
                // The importance estimate rests on the final population only: its moves at β = 1 must have
                // decorrelated it; an earlier stage that did not only makes the tempering product unreliable.
                let last = done.map(\.lastCorrelation).max() ?? 1
                if let c = rules.decorrelation(correlation: last) { checks.append(c) }
                if worst > rules.maximumMoveCorrelation && last <= rules.maximumMoveCorrelation {
                    warnings.append("an intermediate stage's moves left a correlation of \(worst.formatted(digits: 3)) with the "
                                    + "resampled ancestors (a phase transition or modes the moves cannot cross): the tempering "
                                    + "product is unreliable; the headline is the importance estimate at β = 1")
                }
                if let c = rules.finite(logEvidence: f.logZ, standardError: f.error) { checks.append(c) }
                if let c = rules.replicates([(product.logZ, product.error), (f.logZ, f.error)]) {
                    warnings.append("the tempering product (\(product.logZ.formatted(digits: 6)) ± \(product.error.formatted(digits: 2))) "
                                    + "disagrees with the final importance-sampling estimate: \(c.message); the product "
                                    + "missed mass at some intermediate β (a phase transition)")
                }
            } else {
                for c in weightChecks {
                    productChecks.append(ReliabilityCheck(c.rule, "the importance-sampling check from a mixture fitted to the final "
                                                          + "particles cannot confirm the tempering product: \(c.message)"))
                }
                if let c = rules.replicates([(product.logZ, product.error), (f.logZ, f.error)]) { productChecks.append(c) }
                checks = productChecks
            }
        }
        let logZ = headlineIsFinal ? final!.logZ : product.logZ
        let error = headlineIsFinal ? final!.error : product.error
        let note = headlineIsFinal ? final!.note : product.note

        // Status.
        let status: RunStatus
        if let failed = replicates.first(where: { $0.failure != nil }) {
            status = .stalled(beta: failed.beta, evaluations: ledger.evaluations)
            warnings.append("replicate \(failed.index + 1): \(failed.failure ?? "")")
        } else if done.isEmpty {
            let beta = replicates.map(\.beta).max() ?? 0
            status = .stalled(beta: beta, evaluations: ledger.evaluations)
            let reason = replicates.compactMap(\.stopReason).first.map { "budget of \($0)" } ?? "budget"
            warnings.append("\(reason) used up at β = \(beta.formatted(digits: 4)): the samples are from a tempered "
                            + "posterior and log Ẑ is not the evidence")
        } else if let reason = replicates.compactMap(\.stopReason).first {
            status = .budgetExhausted(reason)
            warnings.append("budget of \(reason) used up before every replicate finished")
        } else if !checks.isEmpty {
            status = .notConverged(stepsNeeded: nil)
        } else {
            status = .converged
        }
        if let c = rules.reached(status) {
            checks.insert(c, at: 0)
            productChecks.insert(c, at: 0)
        }
        for c in checks where c.rule != .reachedPosterior { warnings.append("unreliable: \(c.message)") }
        for r in done where r.lastAcceptance < 0.05 {
            warnings.append("replicate \(r.index + 1): random-walk acceptance in the last stage was "
                            + "\(r.lastAcceptance.formatted(digits: 3)): particles barely move")
        }
        let regularisations = replicates.reduce(0) { $0 + $1.regularisations }
        if regularisations > 0 {
            warnings.append("the particle covariance was not positive definite in \(regularisations) stage(s); jitter was added")
        }
        if ledger.failedEvaluations > 0 {
            warnings.append("\(ledger.failedEvaluations) likelihood evaluations failed (\(ledger.failures))")
        }

        let productEstimate = EvidenceEstimate(method: .smc, logEvidence: product.logZ, standardError: product.error,
                                               sampleCount: n * max(done.count, 1), failedChecks: productChecks, note: product.note)
        let headline = headlineIsFinal
            ? EvidenceEstimate(method: .smcFinalMixture, logEvidence: logZ, standardError: error,
                               effectiveSampleSize: final?.ess, sampleCount: final?.count, paretoK: final?.paretoK,
                               failedChecks: checks, note: note)
            : productEstimate
        var estimators = headlineIsFinal ? [headline, productEstimate] : [headline]
        if let f = final, !headlineIsFinal {
            estimators.append(EvidenceEstimate(method: .smcFinalMixture, logEvidence: f.logZ, standardError: f.error,
                                               effectiveSampleSize: f.ess, sampleCount: f.count, paretoK: f.paretoK,
                                               failedChecks: rules.weights(ess: f.ess, paretoK: f.paretoK) + f.checks, note: f.note))
        }
        // The single-run errors, pooled as for a mean of independent estimates: √(Σ e_r²)/R.
        func pooled(_ e: [Double]) -> Double { e.reduce(0) { $0 + $1 * $1 }.squareRoot() / Double(max(e.count, 1)) }
        estimators.append(EvidenceEstimate(method: .smcDeltaMethod, logEvidence: product.logZ, standardError: pooled(done.map(\.deltaError)),
                                           sampleCount: productEstimate.sampleCount, failedChecks: productChecks,
                                           note: "delta-method variances summed over stages; ignores resampling dependence (underestimates)"))
        let lw = done.compactMap { $0.genealogy?.logEvidenceError() }
        if !done.isEmpty && lw.count == done.count {
            estimators.append(EvidenceEstimate(method: .smcLeeWhiteley, logEvidence: product.logZ, standardError: pooled(lw),
                                               sampleCount: productEstimate.sampleCount, failedChecks: productChecks,
                                               note: "genealogy (Eve) variance estimator, \(done.map(\.distinctEves).min() ?? 0)+ Eves"))
        }
        if R > 1 {
            for r in replicates {
                let own = r.reachedPosterior ? [] : [ReliabilityCheck(.reachedPosterior, "reached β = \(r.beta.formatted(digits: 4)) only")]
                estimators.append(EvidenceEstimate(method: .population(r.index + 1, .smc), logEvidence: r.logEvidence,
                                                   standardError: r.singleRunError.value, sampleCount: n,
                                                   failedChecks: own, note: "replicate \(r.index + 1); \(r.singleRunError.method)"))
            }
        }
        let sweeps = replicates.reduce(0) { $0 + $1.sweeps }
        let walkSweeps = replicates.reduce(0) { $0 + $1.walkSweeps }
        let independentSweeps = replicates.reduce(0) { $0 + $1.independentSweeps }
        let diagnostics: [Setting] = [
            Setting("replicates", .int(R)),
            Setting("replicates_at_posterior", .int(done.count)),
            Setting("stages", .int(replicates.reduce(0) { $0 + $1.stage })),
            Setting("final_beta", .double(replicates.map(\.beta).min() ?? 0)),
            Setting("metropolis_sweeps", .int(sweeps)),
            Setting("independent_sweeps", .int(independentSweeps)),
            Setting("independent_acceptance", .double(independentSweeps > 0
                ? Double(replicates.reduce(0) { $0 + $1.independentAccepted }) / Double(independentSweeps * n) : .nan)),
            Setting("random_walk_acceptance", .double(walkSweeps > 0
                ? Double(replicates.reduce(0) { $0 + $1.walkAccepted }) / Double(walkSweeps * n) : .nan)),
            Setting("worst_stage_correlation", .double(replicates.map(\.worstCorrelation).max() ?? .nan)),
            Setting("distinct_eves_min", .int(replicates.map(\.distinctEves).min() ?? 0)),
            Setting("replicate_log_evidence_sd", .double(done.count >= 2 ? product.error * Double(done.count).squareRoot() : .nan)),
            Setting("tempering_product_log_evidence", .double(product.logZ)),
            Setting("covariance_regularisations", .int(regularisations)),
            Setting("mixture_components_max", .int(replicates.map(\.mixtureComponents).max() ?? 0)),
        ]
        return InferenceResult(backend: name, seed: seed, settings: settings, samples: samples(posterior, done.isEmpty ? replicates : done, byFinalEstimate: headlineIsFinal),
                               evidence: headline, estimators: estimators, trace: trace, status: status, ledger: ledger,
                               wallSeconds: clock.seconds, warnings: warnings, diagnostics: diagnostics)
    }

    /// The Pareto k̂ below which a failed importance estimate can still be the
    /// headline when the tempering product fails too: beyond 0.7 a raw
    /// importance average is dominated by a few draws and unusable (Vehtari,
    /// Simpson, Gelman, Yao & Gabry, JMLR 2024); the run is unreliable either way.
    static let usableParetoK = 0.7

    /// The tempering product over the replicates that reached β = 1: log of
    /// the mean Ẑ_r with error sd(log Ẑ_r)/√R (R ≥ 2), or one run's own error.
    func productEstimate(_ done: [SMCReplicate]) -> (logZ: Double, error: Double, note: String, checks: [ReliabilityCheck]) {
        let n = configuration.population.particles
        let z = done.map(\.logEvidence)
        if done.count >= 2 {
            let checks = [configuration.reliability.replicates(done.map { ($0.logEvidence, $0.singleRunError.value) })]
            return (LogWeights.logSumExp(z) - Foundation.log(Double(done.count)), ReplicateSpread.standardError(z),
                    "tempering product: log of the mean Ẑ of \(done.count) independent replicates of \(n) particles; "
                        + "standard error sd(log Ẑ_r)/√\(done.count) from their spread", checks.compactMap { $0 })
        }
        if let only = done.first {
            let collapsed = only.singleRunError.collapsed
                ? [ReliabilityCheck(.replicateAgreement, "the genealogy collapsed to \(only.distinctEves) Eve(s) and there is a "
                                    + "single replicate: its delta-method error underestimates; run replicates")] : []
            return (only.logEvidence, only.singleRunError.value,
                    "tempering product of one run of \(n) particles; standard error: \(only.singleRunError.method)", collapsed)
        }
        return (.nan, .nan, "no replicate reached β = 1: not the evidence", [])
    }

    /// The final importance-sampling estimate pooled over replicates: every
    /// replicate's draws weighted against the mixture of all replicates'
    /// proposals (``FinalDraws/pooledLogWeights(_:)``), with ESS, Pareto k̂
    /// and the agreement of the replicates' own estimates (each against its
    /// own proposal); nil if no replicate drew.
    ///
    /// The error is the delta-method error of the pooled weights (treating
    /// them as draws from Q; drawing m_r from each q_r is stratified sampling
    /// of Q, whose variance is no larger). Where the replicates' own
    /// estimates disagree (the replicate rule fails and marks the run
    /// unreliable), it is the larger of that and their spread, sd/√R: a
    /// replicate whose mixture missed a mode is low by that mode's share;
    /// the pooled weights recover the mode if another replicate reached it,
    /// but nothing shows a mode that none reached, so the disagreement widens
    /// the error instead of the weights' precision being stated. (While they
    /// agree, the spread measures the unpooled mean of the own estimates, not
    /// the pooled estimate: taken as the error it stated 2.6× the observed
    /// variance over the 25 seeds of `ReliabilityTests.statedErrorsAreCalibrated`.)
    func finalEstimate(_ done: [SMCReplicate])
        -> (logZ: Double, error: Double, ess: Double, paretoK: Double, count: Int, note: String, checks: [ReliabilityCheck])? {
        let sets = done.compactMap(\.finalDraws)
        guard !sets.isEmpty else { return nil }
        let all = Array(FinalDraws.pooledLogWeights(sets).joined())
        let (logZ, deltaError) = LogWeights.logMeanWithError(all)
        var error = deltaError
        var checks: [ReliabilityCheck] = []
        var errorNote = "delta-method standard error"
        if sets.count >= 2 {
            let own = sets.map { LogWeights.logMeanWithError($0.ownLogWeights) }
            let disagreement = configuration.reliability.replicates(own.map { ($0.logMean, $0.standardError) })
            if let c = disagreement { checks.append(c) }
            let values = own.map(\.logMean).filter(\.isFinite)
            let spread = ReplicateSpread.standardError(values)
            if disagreement != nil && spread > deltaError {
                error = spread
                errorNote = "standard error from the \(values.count) replicates' spread, sd/√R (the delta-method error, "
                    + "\(deltaError.formatted(digits: 2)), is smaller)"
            } else if disagreement == nil {
                errorNote = "delta-method standard error (the replicates' own estimates agree; their spread, sd/√R = "
                    + "\(spread.formatted(digits: 2)), bounds the unpooled mean's error, not the pooled estimate's)"
            } else {
                errorNote = "delta-method standard error (the replicates' spread, sd/√R = \(spread.formatted(digits: 2)), is smaller)"
            }
        }
        let pooling = sets.count >= 2 ? ", each weighted against the mixture of all \(sets.count) replicates' proposals" : ""
        return (logZ, error, LogWeights.effectiveSampleSize(all), ParetoTail.shape(logWeights: all), all.count,
                "importance sampling with \(all.count) fresh draws from mixtures of t's fitted to the final particles of "
                    + "\(sets.count) replicate(s)\(pooling); \(errorNote)", checks)
    }

    /// The replicates' final particles, particle i of replicate r weighted Ẑ_r / N
    /// (equal weights within a replicate; the standard pooling of independent
    /// SMC runs). Ẑ_r is the replicate's own final importance estimate when
    /// that is the headline (every replicate drew), else its tempering
    /// product, which a phase transition can put many nats low and so hand
    /// all the weight to one replicate and its balance of modes.
    func samples(_ posterior: Posterior, _ replicates: [SMCReplicate], byFinalEstimate: Bool = false) -> WeightedSamples {
        var u: [Double] = [], logW: [Double] = [], logL: [Double] = []
        let own = replicates.map { $0.finalDraws.map { LogWeights.logMeanWithError($0.ownLogWeights).logMean } }
        let useOwn = byFinalEstimate && own.allSatisfy { $0?.isFinite == true }
        let logZ = useOwn ? own.map { $0! } : replicates.map(\.logEvidence)
        let top = logZ.max() ?? 0
        for (r, z) in zip(replicates, logZ) {
            guard let p = r.particles else { continue }
            u += p.positions
            logL += p.logLikelihoods
            let w = replicates.count > 1 && top.isFinite ? z - top : 0
            logW += [Double](repeating: w, count: p.count)
        }
        return posterior.naturalSamples(unconstrained: u, logWeights: logW, logLikelihoods: logL)
    }
}
