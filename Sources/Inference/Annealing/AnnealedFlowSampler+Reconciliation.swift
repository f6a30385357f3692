extension AnnealedFlowSampler {
    /// Populations that reached β = 1 (indices into `run.finished`).
    func reachedPopulations(_ run: AnnealedFlowRun<Flow>) -> [Int] {
        run.finished.indices.filter { run.statuses[$0].reachedPosterior && !run.finished[$0].posteriorDraws.isEmpty }
    }

    /// The disagreements about the modes between populations, from each
    /// population's own-proposal draws (see ``mergedModes``).
    func modeDisagreements(_ populations: [AnnealingPopulation<Flow>], used: [Int], posterior: Posterior) -> [String] {
        guard used.count > 1 else { return [] }
        var points: [Double] = [], logW: [Double] = []
        for p in used {
            for draws in populations[p].posteriorDraws {
                points += draws.points
                logW += draws.logWeight
            }
        }
        return mergedModes(populations: populations, used: used, posterior: posterior, points: points,
                           logWeights: logW).disagreements
    }

    /// After the last population: starts reconciliation if the populations
    /// disagree about the modes. Returns whether it did.
    func startReconciliation(_ run: inout AnnealedFlowRun<Flow>, posterior: Posterior) -> Bool {
        guard annealing.robust != nil, run.reconciliation == nil else { return false }
        let used = reachedPopulations(run)
        guard !modeDisagreements(run.finished, used: used, posterior: posterior).isEmpty else { return false }
        let proposals = used.map { run.finished[$0].currentProposal.densityOnly() }
        run.reconciliation = Reconciliation(proposals: proposals,
                                            rng: RandomSource(seed: run.seed).stream(run.populationCount))
        return true
    }

    /// One reconciliation stage; true once reconciliation is over.
    func reconcile(_ run: inout AnnealedFlowRun<Flow>, posterior: Posterior, budget: Budget, clock: RunClock,
                   progress: ProgressSink) -> Bool {
        guard var r = run.reconciliation, !r.finished else { return true }
        let n = annealing.schedule.samplesPerStage
        let options = annealing.robust?.reconciliation ?? AnnealingSettings.ReconciliationOptions()
        if let limit = clock.refusal(forNext: n, ledger: run.ledger) {
            if r.stages == 0 {
                run.warnings.append("the populations disagree about the modes, and the budget (\(limit)) left "
                                    + "nothing to reconcile them")
            }
            r.finished = true
            run.reconciliation = r
            return true
        }
        r.draw(n, posterior: posterior, threads: budget.threads, ledger: &run.ledger)
        var (z, se) = LogWeights.logMeanWithError(r.logWeights)
        if r.stages >= 2 { se = max(se, LogWeights.logMeanWithError(r.stageEstimates).standardError) }
        run.globalStage += 1
        var row = TraceRow(stage: run.globalStage, beta: 1, essFraction: LogWeights.effectiveSampleSize(r.logWeights)
                           / Double(max(r.logWeights.count, 1)), poolSize: r.logWeights.count,
                           evaluations: run.ledger.evaluations, seconds: clock.seconds, logEvidence: z, logEvidenceError: se)
        row.paretoK = ParetoTail.shape(logWeights: r.logWeights)
        run.trace.append(row)
        progress(ProgressReport(backend: name, row: row,
                                message: "reconciling \(r.proposals.count) populations that disagree about the modes"))
        if (r.stages >= 2 && se < annealing.stopping.evidenceTolerance) || r.stages >= options.maximumStages {
            r.finished = true
        }
        run.reconciliation = r
        return r.finished
    }
}
