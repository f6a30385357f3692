extension AnnealedFlowSampler {
    /// The overall status of populations that ended with `statuses`.
    func overallStatus(_ statuses: [RunStatus], populations: [AnnealingPopulation<Flow>],
                       evaluations: Int) -> RunStatus {
        let reached = statuses.filter(\.reachedPosterior)
        if reached.isEmpty {
            return .stalled(beta: populations.map(\.beta).max() ?? 0, evaluations: evaluations)
        }
        if statuses.contains(.interrupted) { return .interrupted }
        for case .budgetExhausted(let limit) in reached { return .budgetExhausted(limit) }
        return .converged
    }

    /// Merges populations that reached β = 1 and builds the result.
    func assemble(posterior: Posterior, seed: UInt64, populations: [AnnealingPopulation<Flow>],
                  statuses: [RunStatus], trace: [TraceRow], ledger: EvaluationLedger, seconds: Double,
                  warnings: [String], threads: Int) -> InferenceResult {
        var warnings = warnings
        let stopping = annealing.stopping
        let reached = populations.indices.filter { statuses[$0].reachedPosterior }
        let overall = overallStatus(statuses, populations: populations, evaluations: ledger.evaluations)

        // Stages entering the final estimate: each reached population's pool from its pruning point.
        var stages: [MixtureImportanceSampling.Stage] = []
        var estimators: [EvidenceEstimate] = []
        let used = reached.isEmpty ? Array(populations.indices) : reached
        // One population: its pool already holds every mixture density, so the
        // merged weights are its pooled weights (no proposal re-evaluation).
        var singlePool: (weights: [Double], estimate: EvidenceEstimate)?
        for p in used {
            let population = populations[p]
            let (pooled, last, first) = population.evidence()
            if populations.count > 1 {
                estimators.append(relabelled(pooled, .population(p + 1, pooled.method)))
                estimators.append(relabelled(last, .population(p + 1, last.method)))
            } else {
                estimators.append(pooled)
                estimators.append(last)
            }
            if used.count == 1 {
                singlePool = (population.pool.logWeights(beta: 1, from: first), pooled)
            }
            for k in first..<population.pool.stages.count {
                let s = population.pool.stages[k]
                let proposal = population.proposals[k]
                stages.append(.init(points: s.points, logLikelihood: s.logLikelihood, logPrior: s.logPrior,
                                    proposal: { proposal.logDensity(of: $0, count: $1, threads: threads) }))
            }
        }
        let logW: [Double]
        let (z, se): (Double, Double)
        if let singlePool {
            // The pooled estimate of these weights, with its batch-means error.
            logW = singlePool.weights
            (z, se) = (singlePool.estimate.logEvidence, singlePool.estimate.standardError)
        } else {
            logW = MixtureImportanceSampling.logWeights(stages)
            (z, se) = LogWeights.logMeanWithError(logW)
        }
        let ess = LogWeights.effectiveSampleSize(logW)
        let k = ParetoTail.shape(logWeights: logW)
        let rules = stopping.reliability
        var checks = [rules.reached(overall), rules.finite(logEvidence: z, standardError: se)].compactMap { $0 }
        checks += rules.weights(ess: ess, paretoK: k)
        let headline = EvidenceEstimate(
            method: populations.count > 1 ? .mergedPopulations : .pooledMixture,
            logEvidence: z, standardError: se, effectiveSampleSize: ess, sampleCount: logW.count, paretoK: k,
            failedChecks: checks)
        for check in checks where check.rule != .reachedPosterior { warnings.append("unreliable: \(check.message)") }
        if populations.count > 1 { estimators.insert(headline, at: 0) }

        let samples = posterior.naturalSamples(unconstrained: stages.flatMap(\.points), logWeights: logW,
                                               logLikelihoods: stages.flatMap(\.logLikelihood))
        return InferenceResult(
            backend: name, seed: seed, settings: settings, samples: samples, evidence: headline,
            estimators: estimators, trace: trace, status: overall, ledger: ledger, wallSeconds: seconds,
            warnings: warnings,
            diagnostics: [Setting("populations_reaching_posterior", .int(reached.count)),
                          Setting("final_ess", .double(ess)),
                          Setting("modes_found", .int(populations.map(\.modes.count).max() ?? 0)),
                          Setting("training_seconds", .double(populations.reduce(0) { $0 + $1.timing.training })),
                          Setting("proposal_density_seconds", .double(populations.reduce(0) { $0 + $1.timing.proposalDensity })),
                          Setting("mode_search_seconds", .double(populations.reduce(0) { $0 + $1.timing.modeSearch }))])
    }

    private func relabelled(_ e: EvidenceEstimate, _ method: EvidenceMethod) -> EvidenceEstimate {
        var e = e
        e.method = method
        return e
    }
}
