extension AnnealedFlowSampler {
    /// After the last population: the sharing round. If the populations that
    /// reached β = 1 disagree about the modes (``mergedModes``) and some of
    /// them lack a mode another one found, each such population adopts the
    /// modes it lacks (``AnnealingPopulation/adoptShared(_:from:threads:)``:
    /// component and pre-fitted flow, stages at β = 1 counted afresh) and is
    /// resumed at β = 1 until it converges again or its share of the budget
    /// is spent. Populations lacking nothing keep their result. One round at
    /// most; if they still disagree afterwards, reconciliation follows.
    ///
    /// Why before reconciliation: a population's own-proposal estimate is
    /// unbiased only if its proposal covers every mode; after sharing, every
    /// resumed population's does (for the modes any population found), so
    /// the populations become independent replicates again and their
    /// agreement is a real check. Cost: the resumed stages (a few N draws
    /// per population), no likelihood evaluations for the adoption itself.
    ///
    /// Returns whether the round started.
    func startSharing(_ run: inout AnnealedFlowRun<Flow>, posterior: Posterior, threads: Int) -> Bool {
        guard let options = annealing.robust?.modes, run.sharingRounds == 0, run.reconciliation == nil else { return false }
        let used = reachedPopulations(run)
        guard !modeDisagreements(run.finished, used: used, posterior: posterior).isEmpty else { return false }
        let (representatives, findings) = modeRepresentatives(populations: run.finished, used: used, options: options,
                                                              dimension: posterior.dimension)
        var queue: [Int] = []
        for p in used {
            // The modes p lacks, grouped by the population whose optimum represents them.
            var lacking: [(finder: Int, modes: [FoundMode])] = []
            for k in representatives.indices where !findings[k].contains(where: { $0.population == p }) {
                let finder = findings[k][0].population
                if let g = lacking.firstIndex(where: { $0.finder == finder }) {
                    lacking[g].modes.append(representatives[k].optimum)
                } else {
                    lacking.append((finder, [representatives[k].optimum]))
                }
            }
            guard !lacking.isEmpty else { continue }
            do {
                for group in lacking {
                    try run.finished[p].adoptShared(group.modes, from: group.finder + 1, threads: threads)
                }
            } catch {
                run.warnings.append("population \(p + 1) could not adopt every mode the others found: \(error)")
            }
            // Resumed even after a failed adoption: it may hold some of the modes now.
            queue.append(p)
        }
        guard !queue.isEmpty else { return false }
        run.sharingRounds = 1
        run.sharingQueue = queue
        return true
    }
}
