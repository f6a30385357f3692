import Foundation

/// The ESS-annealed normalizing-flow sampler as an ``InferenceBackend``.
///
/// Runs ``AnnealingSettings/populations`` independent annealing populations
/// (one in the paper's loop), each until its pooled log-evidence standard
/// error at β = 1 is below the tolerance or its share of the budget is spent,
/// then merges them by multiple importance sampling over the mixture of all
/// their pool proposals (``AnnealedFlowSampler+Result``).
///
/// Budget: every population gets an equal share of what is left when it
/// starts; a stage is started only if its N draws fit in the share
/// (``RunClock``'s rule), and no population starts once the whole budget is spent.
public struct AnnealedFlowSampler<Flow: ProposalDensity & Codable>: ResumableBackend {
    public let name = "flow"
    public var annealing: AnnealingSettings
    /// Builds a fresh flow of the given dimension for a role.
    public let makeFlow: @Sendable (Int, FlowRole, inout RandomSource) -> Flow

    public init(settings: AnnealingSettings, makeFlow: @escaping @Sendable (Int, FlowRole, inout RandomSource) -> Flow) {
        self.annealing = settings
        self.makeFlow = makeFlow
    }

    public var settings: JSONValue { JSONValue(encoding: annealing) }

    public func start(_ posterior: Posterior, seed: UInt64, budget: Budget) throws -> AnnealedFlowRun<Flow> {
        let problems = annealing.problems()
        guard problems.isEmpty else { throw SamplerConfigurationError(problems: problems) }
        return AnnealedFlowRun(seed: seed, populationCount: annealing.populations)
    }

    /// One stage of the current population (creating it first if needed).
    public func step(_ run: inout AnnealedFlowRun<Flow>, posterior: Posterior, budget: Budget,
                     progress: ProgressSink) throws -> Bool {
        let clock = RunClock(budget: budget, elapsedBefore: run.elapsedSeconds)
        defer { run.elapsedSeconds = clock.seconds }
        guard run.populationIndex < run.populationCount || run.current != nil || !run.sharingQueue.isEmpty else {
            return reconcile(&run, posterior: posterior, budget: budget, clock: clock, progress: progress)
        }
        let n = annealing.schedule.samplesPerStage
        if run.current == nil && run.populationIndex >= run.populationCount {
            // The sharing round: resume the next population that adopted modes.
            if let limit = clock.refusal(forNext: n, ledger: run.ledger) {
                run.warnings.append("the populations disagree about the modes, and the budget (\(limit)) left nothing "
                                    + "to continue them with the modes they shared")
                run.sharingQueue = []
                return !startReconciliation(&run, posterior: posterior)
            }
            let index = run.sharingQueue.removeFirst()
            run.resumed = index
            run.current = run.finished[index]
            run.share = Self.share(of: budget, count: run.sharingQueue.count + 1, reserve: reserve(run), clock: clock,
                                   ledger: run.ledger)
        }
        let p = run.resumed ?? run.populationIndex
        if run.current == nil {
            // No new population once the whole budget cannot pay for one stage.
            if let limit = clock.refusal(forNext: n, ledger: run.ledger) {
                let skipped = run.populationCount - p
                run.warnings.append("\(skipped) of \(run.populationCount) populations not run: the budget (\(limit)) was spent")
                run.populationIndex = run.populationCount
                return true
            }
            var rng = RandomSource(seed: run.seed).stream(p)
            let flow = makeFlow(posterior.dimension, .global, &rng)
            let modeFlow = makeFlow(posterior.dimension, .mode, &rng)
            run.current = try AnnealingPopulation(flow: flow, modeFlow: modeFlow, posterior: posterior,
                                                  settings: annealing, rng: rng, threads: budget.threads)
            run.share = Self.share(of: budget, count: run.populationCount - p, reserve: reserve(run), clock: clock,
                                   ledger: run.ledger)
        }
        guard var population = run.current else { return true }
        let share = run.share ?? budget

        // Stop before a stage the population's share cannot pay for.
        if let limit = share.refusal(forNext: n, evaluations: run.ledger.evaluations, seconds: clock.seconds) {
            let status: RunStatus = population.beta >= 1 ? .budgetExhausted(limit)
                : .stalled(beta: population.beta, evaluations: run.ledger.evaluations)
            return end(&run, posterior: posterior, population: population, status: status, threads: budget.threads)
        }

        // The mode search runs inside a stage and can take a large share of
        // the evaluations: it reports as it goes, on the last stage's row.
        // (A new population's first search follows the previous population's
        // last row; it is shown at its own β = 0 instead.)
        let lastRow = (population.stage > 0 ? run.trace.last : nil)
            ?? TraceRow(stage: run.globalStage, beta: population.beta, essFraction: .nan, poolSize: population.pool.count,
                        loss: .nan, evaluations: run.ledger.evaluations, seconds: clock.seconds)
        // The stage draws its n points before any search starts.
        let searchStart = run.ledger.evaluations + n
        let searchProgress: (Int) -> Void = { [name] evaluations in
            let start = min(searchStart, evaluations)
            var row = lastRow
            row.evaluations = evaluations
            row.seconds = clock.seconds
            progress(ProgressReport(backend: name, row: row,
                                    phase: .modeSearch(evaluations: evaluations - start, planned: nil)))
        }
        let report = try population.advance(posterior: posterior, threads: budget.threads, ledger: &run.ledger,
                                            evaluationAllowance: share.maxEvaluations.map { $0 - run.ledger.evaluations },
                                            searchProgress: searchProgress)
        run.globalStage += 1
        var row = TraceRow(stage: run.globalStage, beta: report.beta, essFraction: report.freshESS,
                           poolSize: report.poolSize, loss: report.loss,
                           evaluations: run.ledger.evaluations, seconds: clock.seconds)
        row.poolESS = report.poolESS
        var converged = false
        if report.beta >= 1 && !population.posteriorDraws.isEmpty {
            let pooled = population.evidence().ownProposal
            row.logEvidence = pooled.logEvidence
            row.logEvidenceError = pooled.standardError
            row.paretoK = pooled.paretoK ?? .nan
            // With P populations each stops at √P times the tolerance, so that
            // their merged estimate reaches it.
            let tolerance = annealing.stopping.evidenceTolerance * Double(run.populationCount).squareRoot()
            converged = population.posteriorDraws.count >= annealing.stopping.minimumPosteriorStages
                && pooled.standardError < tolerance
                && pooled.reliable
        }
        run.trace.append(row)
        var message = report.modes > 0 ? "\(report.modes) mode" + (report.modes == 1 ? "" : "s") : ""
        if run.populationCount > 1 {
            message += (message.isEmpty ? "" : ", ") + "population \(p + 1)/\(run.populationCount)"
                + (run.resumed != nil ? " with the modes the others found" : "")
        }
        progress(ProgressReport(backend: name, row: row, message: message.isEmpty ? nil : message))

        if converged {
            return end(&run, posterior: posterior, population: population, status: .converged, threads: budget.threads)
        }
        if population.stagesWithoutFiniteLikelihood >= Self.hopelessStages {
            run.warnings.append("no draw of the last \(Self.hopelessStages) stages had a finite log-likelihood "
                                + "(see the failed solves by reason): the model fails almost everywhere in the prior; "
                                + "check it with `flowcli loglik` at plausible parameters, or narrow the priors")
            return end(&run, posterior: posterior, population: population,
                       status: .stalled(beta: population.beta, evaluations: run.ledger.evaluations), threads: budget.threads)
        }
        if population.stage >= annealing.stopping.maxStages {
            let status: RunStatus = report.beta >= 1 ? .budgetExhausted(.stages(annealing.stopping.maxStages))
                : .stalled(beta: report.beta, evaluations: run.ledger.evaluations)
            return end(&run, posterior: posterior, population: population, status: status, threads: budget.threads)
        }
        run.current = population
        return false
    }

    /// Stages in a row without one finite log-likelihood before a population gives up.
    static var hopelessStages: Int { 3 }

    /// Each of `count` populations' equal share of what is left of `budget`
    /// (less `reserve` of it, kept for reconciliation).
    static func share(of budget: Budget, count: Int, reserve: Double, clock: RunClock,
                      ledger: EvaluationLedger) -> Budget {
        Budget(maxEvaluations: budget.maxEvaluations.map {
                   ledger.evaluations + Int(Double($0 - ledger.evaluations) * (1 - reserve)) / count },
               maxSeconds: budget.maxSeconds.map { clock.seconds + ($0 - clock.seconds) * (1 - reserve) / Double(count) },
               threads: budget.threads)
    }

    /// The budget fraction kept back for reconciliation (only with several populations).
    func reserve(_ run: AnnealedFlowRun<Flow>) -> Double {
        run.populationCount > 1 ? (annealing.robust?.reconciliation.budgetReserve ?? 0) : 0
    }

    /// Files the current population as finished with `status` (in its old
    /// place, when the sharing round resumed it); true once every population
    /// is and neither a sharing round nor reconciliation follows.
    private func end(_ run: inout AnnealedFlowRun<Flow>, posterior: Posterior, population: AnnealingPopulation<Flow>,
                     status: RunStatus, threads: Int) -> Bool {
        let p = run.resumed ?? run.populationIndex
        if let index = run.resumed {
            run.finished[index] = population
            run.statuses[index] = status
            run.resumed = nil
        } else {
            run.finished.append(population)
            run.statuses.append(status)
            run.populationIndex += 1
        }
        run.current = nil
        run.share = nil
        if case let .stalled(beta, evaluations) = status {
            run.warnings.append("population \(p + 1) stalled at β = \(String(format: "%.4g", beta)) after \(evaluations) evaluations")
        }
        guard run.populationIndex == run.populationCount, run.sharingQueue.isEmpty else { return false }
        if startSharing(&run, posterior: posterior, threads: threads) { return false }
        return !startReconciliation(&run, posterior: posterior)
    }

    /// The result: finished populations merged (an unfinished current one is
    /// included as interrupted).
    public func finish(_ run: AnnealedFlowRun<Flow>, posterior: Posterior, budget: Budget) -> InferenceResult {
        var populations = run.finished
        var statuses = run.statuses
        if let current = run.current {
            if let index = run.resumed {
                populations[index] = current
                statuses[index] = .interrupted
            } else {
                populations.append(current)
                statuses.append(.interrupted)
            }
        }
        return assemble(posterior: posterior, seed: run.seed, populations: populations, statuses: statuses,
                        reconciliation: run.reconciliation, trace: run.trace, ledger: run.ledger,
                        seconds: run.elapsedSeconds, warnings: run.warnings, threads: budget.threads)
    }
}

/// What a flow is for: the global annealing flow, or the flow of one found mode
/// (which only has to fit one basin, so it can be smaller).
public enum FlowRole: Sendable, Hashable {
    case global
    case mode
}

extension AnnealedFlowSampler where Flow == FlowProposal {
    /// The sampler with RealNVP flows of the shapes in `settings`.
    public static func realNVP(settings: AnnealingSettings) -> AnnealedFlowSampler<FlowProposal> {
        AnnealedFlowSampler(settings: settings) { d, role, rng in
            // The shapes were validated by `settings.problems()`; a failure here is a programming error.
            guard let flow = try? FlowProposal(dimension: d, settings: settings, role: role, rng: &rng) else {
                preconditionFailure("flow settings were validated")
            }
            return flow
        }
    }
}
