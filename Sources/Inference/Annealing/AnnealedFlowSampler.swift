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
        guard run.populationIndex < run.populationCount else { return true }
        let clock = RunClock(budget: budget, elapsedBefore: run.elapsedSeconds)
        defer { run.elapsedSeconds = clock.seconds }
        let n = annealing.schedule.samplesPerStage
        let p = run.populationIndex
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
            // Each population gets an equal share of what is left.
            let remaining = run.populationCount - p
            run.share = Budget(
                maxEvaluations: budget.maxEvaluations.map { run.ledger.evaluations + ($0 - run.ledger.evaluations) / remaining },
                maxSeconds: budget.maxSeconds.map { clock.seconds + ($0 - clock.seconds) / Double(remaining) },
                threads: budget.threads)
        }
        guard var population = run.current else { return true }
        let share = run.share ?? budget

        // Stop before a stage the population's share cannot pay for.
        if let limit = share.refusal(forNext: n, evaluations: run.ledger.evaluations, seconds: clock.seconds) {
            let status: RunStatus = population.beta >= 1 ? .budgetExhausted(limit)
                : .stalled(beta: population.beta, evaluations: run.ledger.evaluations)
            return end(&run, population: population, status: status)
        }

        let report = try population.advance(posterior: posterior, threads: budget.threads, ledger: &run.ledger,
                                            evaluationAllowance: share.maxEvaluations.map { $0 - run.ledger.evaluations })
        run.globalStage += 1
        var row = TraceRow(stage: run.globalStage, beta: report.beta, essFraction: report.freshESS,
                           poolSize: report.poolSize, loss: report.loss,
                           evaluations: run.ledger.evaluations, seconds: clock.seconds)
        var converged = false
        if report.beta >= 1 {
            let pooled = population.evidence().ownProposal
            row.logEvidence = pooled.logEvidence
            row.logEvidenceError = pooled.standardError
            row.paretoK = pooled.paretoK ?? .nan
            // With P populations each stops at √P times the tolerance, so that
            // their merged estimate reaches it.
            let tolerance = annealing.stopping.evidenceTolerance * Double(run.populationCount).squareRoot()
            converged = population.stagesAtPosterior >= annealing.stopping.minimumPosteriorStages
                && pooled.standardError < tolerance
                && pooled.reliable
        }
        run.trace.append(row)
        var message = report.modes > 0 ? "\(report.modes) modes" : ""
        if run.populationCount > 1 { message += (message.isEmpty ? "" : ", ") + "population \(p + 1)/\(run.populationCount)" }
        progress(ProgressReport(backend: name, row: row, message: message.isEmpty ? nil : message))

        if converged { return end(&run, population: population, status: .converged) }
        if population.stagesWithoutFiniteLikelihood >= Self.hopelessStages {
            run.warnings.append("no draw of the last \(Self.hopelessStages) stages had a finite log-likelihood "
                                + "(see the failed solves by reason): the model fails almost everywhere in the prior; "
                                + "check it with `flowcli loglik` at plausible parameters, or narrow the priors")
            return end(&run, population: population,
                       status: .stalled(beta: population.beta, evaluations: run.ledger.evaluations))
        }
        if population.stage >= annealing.stopping.maxStages {
            let status: RunStatus = report.beta >= 1 ? .budgetExhausted(.stages(annealing.stopping.maxStages))
                : .stalled(beta: report.beta, evaluations: run.ledger.evaluations)
            return end(&run, population: population, status: status)
        }
        run.current = population
        return false
    }

    /// Stages in a row without one finite log-likelihood before a population gives up.
    static var hopelessStages: Int { 3 }

    /// Files the current population as finished with `status`; true once every population is.
    private func end(_ run: inout AnnealedFlowRun<Flow>, population: AnnealingPopulation<Flow>, status: RunStatus) -> Bool {
        let p = run.populationIndex
        run.finished.append(population)
        run.statuses.append(status)
        run.current = nil
        run.share = nil
        run.populationIndex += 1
        if case let .stalled(beta, evaluations) = status {
            run.warnings.append("population \(p + 1) stalled at β = \(String(format: "%.4g", beta)) after \(evaluations) evaluations")
        }
        return run.populationIndex == run.populationCount
    }

    /// The result: finished populations merged (an unfinished current one is
    /// included as interrupted).
    public func finish(_ run: AnnealedFlowRun<Flow>, posterior: Posterior, budget: Budget) -> InferenceResult {
        var populations = run.finished
        var statuses = run.statuses
        if let current = run.current {
            populations.append(current)
            statuses.append(.interrupted)
        }
        return assemble(posterior: posterior, seed: run.seed, populations: populations, statuses: statuses,
                        trace: run.trace, ledger: run.ledger, seconds: run.elapsedSeconds, warnings: run.warnings,
                        threads: budget.threads)
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
