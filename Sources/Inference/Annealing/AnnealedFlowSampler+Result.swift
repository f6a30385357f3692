import Foundation

extension AnnealedFlowSampler {
    /// A warning when this share of the weight lies outside every listed
    /// mode's basin (Laplace metric). Runs that found every mode leave 0.01–9 %
    /// there (mass along ridges the Laplace approximation is too narrow for:
    /// repressilator seed 6 9.2 %, perturbed seed 1 7.2 %, swap and sign
    /// < 0.1 %); the shipped repressilator's seed 7, whose searches found none
    /// of the modes the annealing reached, 100 %. One of three equal modes
    /// missed by every search would put about 33 % there.
    static var outsideWarning: Double { 0.25 }

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
                  statuses: [RunStatus], reconciliation: Reconciliation<Flow>? = nil, trace: [TraceRow], ledger: EvaluationLedger, seconds: Double,
                  warnings: [String], threads: Int) -> InferenceResult {
        var warnings = warnings
        let stopping = annealing.stopping
        let reached = populations.indices.filter { statuses[$0].reachedPosterior }
        let overall = overallStatus(statuses, populations: populations, evaluations: ledger.evaluations)

        // Draws entering the final estimate: every stage at β = 1 of each
        // population that reached it, each draw weighted against its own
        // stage's proposal (unbiased; see ``PosteriorDraws``). A run that
        // never reached β = 1 reports its last stage at its own β (a
        // tempered distribution, not the posterior).
        var estimators: [EvidenceEstimate] = []
        let used = reached.isEmpty ? Array(populations.indices) : reached
        var points: [Double] = []
        var logLikelihoods: [Double] = []
        var logW: [Double] = []
        var batches: [Double] = []
        var replicates: [(logEvidence: Double, standardError: Double)] = []
        for p in used {
            let population = populations[p]
            let evidence = population.evidence()
            let own = [evidence.ownProposal, evidence.pooled, evidence.lastStage]
            estimators += populations.count > 1 ? own.map { relabelled($0, .population(p + 1, $0.method)) } : own
            replicates.append((evidence.ownProposal.logEvidence, evidence.ownProposal.standardError))
            var draws = population.posteriorDraws
            if draws.isEmpty, let last = population.pool.stages.indices.last {
                let s = population.pool.stages[last]
                draws = [PosteriorDraws(points: s.points, logLikelihood: s.logLikelihood,
                                        logWeight: population.ownLogWeights(stage: last, beta: population.beta))]
            }
            for s in draws {
                points += s.points
                logLikelihoods += s.logLikelihood
                logW += s.logWeight
                batches.append(s.logMean)
            }
        }
        var method: EvidenceMethod = populations.count > 1 ? .mergedPopulations : .ownProposalStages
        if let r = reconciliation, r.stages > 0 {
            // The populations disagreed about the modes: the reconciliation
            // draws cover every mode any of them found.
            points = r.points
            logLikelihoods = r.logLikelihood
            logW = r.logWeights
            batches = r.stageEstimates
            method = .reconciledPopulations
            estimators.append(Self.estimate(ownMerged: replicates))
        }
        var (z, se) = LogWeights.logMeanWithError(logW)
        if batches.count >= 2 { se = max(se, LogWeights.logMeanWithError(batches).standardError) }
        let ess = LogWeights.effectiveSampleSize(logW)
        let k = ParetoTail.shape(logWeights: logW)
        let rules = stopping.reliability
        var checks = [rules.reached(overall), rules.finite(logEvidence: z, standardError: se)].compactMap { $0 }
        checks += rules.weights(ess: ess, paretoK: k)
        let (modes, disagreements, outside) = mergedModes(populations: populations, used: used, posterior: posterior,
                                                          points: points, logWeights: logW)
        let unseen = Self.unseenModes(modes, populations: used.count)
        warnings += Self.fragileDiscoveries(modes, unseen: unseen, names: posterior.parameterNames)
        if !modes.isEmpty && outside >= Self.outsideWarning {
            warnings.append("\(Self.percent(outside)) of the posterior weight lies outside the basins of every mode the searches "
                            + "found: the annealing reached mass no search did, and the mode table credits it to the "
                            + "nearest listed mode, so its weights do not describe where the posterior is")
        }
        // Independent populations: their estimates must agree (log Z and the
        // modes); where they do not, the error grows to cover the spread and
        // the estimate is not reliable.
        var standardError = se
        if replicates.count > 1 {
            let spread = replicates.map { abs($0.0 - z) }.max() ?? 0
            standardError = max(standardError, ReplicateSpread.standardError(replicates.map(\.0)))
            var disagree = disagreements
            if let check = rules.replicates(replicates) { disagree.insert(check.message, at: 0) }
            if !disagree.isEmpty {
                standardError = max(standardError, spread)
                checks.append(ReliabilityCheck(.replicateAgreement, disagree.joined(separator: "; ")))
            }
        }
        let headline = EvidenceEstimate(
            method: method,
            logEvidence: z, standardError: standardError, effectiveSampleSize: ess, sampleCount: logW.count, paretoK: k,
            failedChecks: checks)
        for check in checks where check.rule != .reachedPosterior { warnings.append("unreliable: \(check.message)") }
        if populations.count > 1 { estimators.insert(headline, at: 0) }

        let samples = posterior.naturalSamples(unconstrained: points, logWeights: logW, logLikelihoods: logLikelihoods)
        var result = InferenceResult(
            backend: name, seed: seed, settings: settings, samples: samples, evidence: headline,
            estimators: estimators, trace: trace, status: overall == .converged && !headline.reliable ? .notConverged(stepsNeeded: nil) : overall, ledger: ledger, wallSeconds: seconds,
            warnings: warnings,
            diagnostics: [Setting("populations_reaching_posterior", .int(reached.count)),
                          Setting("final_ess", .double(ess)),
                          Setting("modes_found", .int(populations.map(\.modes.count).max() ?? 0)),
                          Setting("modes_found_by_one_population", .int(unseen.singletons)),
                          Setting("weight_outside_found_modes", .double(modes.isEmpty ? 0 : outside)),
                          Setting("unseen_modes_estimate", .double(unseen.estimate)),
                          Setting("training_seconds", .double(populations.reduce(0) { $0 + $1.timing.training })),
                          Setting("proposal_density_seconds", .double(populations.reduce(0) { $0 + $1.timing.proposalDensity })),
                          Setting("mode_search_seconds", .double(populations.reduce(0) { $0 + $1.timing.modeSearch }))])
        result.modes = modes
        return result
    }

    /// The populations' own estimates combined (before reconciliation), for the estimator list.
    static func estimate(ownMerged replicates: [(logEvidence: Double, standardError: Double)]) -> EvidenceEstimate {
        let logs = replicates.map(\.logEvidence)
        let z = LogWeights.logSumExp(logs) - Foundation.log(Double(max(logs.count, 1)))
        let variance = replicates.map { ($0.standardError * $0.standardError) }.reduce(0, +)
            / Double(max(replicates.count * replicates.count, 1))
        return EvidenceEstimate(method: .mergedPopulations, logEvidence: z, standardError: variance.squareRoot(),
                                failedChecks: [ReliabilityCheck(.replicateAgreement,
                                                                "superseded by reconciliation: the populations disagree")],
                                note: "mean of the populations' own-proposal estimates")
    }

    private func relabelled(_ e: EvidenceEstimate, _ method: EvidenceMethod) -> EvidenceEstimate {
        var e = e
        e.method = method
        return e
    }
}
