import Foundation

/// The ESS-annealed normalizing-flow sampler as an ``InferenceBackend``.
///
/// Runs ``AnnealingSettings/populations`` independent annealing populations
/// (one in the paper variant), each until its pooled log-evidence standard
/// error at β = 1 is below the tolerance or its share of the budget is spent,
/// then merges them by multiple importance sampling over the mixture of all
/// their pool proposals. The headline evidence is the merged (or, with one
/// population, the pooled-and-pruned) estimate.
public struct AnnealedFlowSampler<Flow: ProposalDensity & Codable>: ResumableBackend {
    public let name = "flow"
    public var annealing: AnnealingSettings
    /// Builds a fresh flow of the given dimension for a role.
    public let makeFlow: @Sendable (Int, FlowRole, inout RandomSource) -> Flow

    public init(settings: AnnealingSettings, makeFlow: @escaping @Sendable (Int, FlowRole, inout RandomSource) -> Flow) {
        self.annealing = settings
        self.makeFlow = makeFlow
    }

    public var settings: [Setting] { annealing.asSettings }

    public func start(_ posterior: Posterior, seed: UInt64, budget: Budget) throws -> AnnealedFlowRun<Flow> {
        let problems = annealing.problems()
        guard problems.isEmpty else { throw SamplerConfigurationError(messages: problems) }
        return AnnealedFlowRun(seed: seed, populationCount: annealing.variant == .robust ? annealing.populations : 1)
    }

    /// One stage of the current population (creating it first if needed).
    public func step(_ run: inout AnnealedFlowRun<Flow>, posterior: Posterior, budget: Budget,
                     progress: ProgressSink) throws -> Bool {
        guard run.populationIndex < run.populationCount else { return true }
        let clock = RunClock()
        defer { run.elapsedSeconds += clock.seconds }
        let p = run.populationIndex
        let remaining = run.populationCount - p
        if run.current == nil {
            var rng = RandomSource(seed: run.seed).stream(p)
            let flow = makeFlow(posterior.dimension, .global, &rng)
            let modeFlow = makeFlow(posterior.dimension, .mode, &rng)
            run.current = try AnnealingPopulation(flow: flow, modeFlow: modeFlow, posterior: posterior,
                                                  settings: annealing, rng: rng, threads: budget.threads)
            // Each population gets an equal share of what is left.
            run.shareEvaluations = budget.maxEvaluations.map { run.ledger.evaluations + ($0 - run.ledger.evaluations) / remaining }
            run.shareSeconds = budget.maxSeconds.map { run.elapsedSeconds + ($0 - run.elapsedSeconds) / Double(remaining) }
        }
        guard var population = run.current else { return true }
        let before = run.elapsedSeconds
        func now() -> Double { before + clock.seconds }
        let report = try population.advance(posterior: posterior, threads: budget.threads, ledger: &run.ledger,
                                            evaluationAllowance: run.shareEvaluations.map { $0 - run.ledger.evaluations })
        run.globalStage += 1
        var row = TraceRow(stage: run.globalStage, beta: report.beta, essFraction: report.freshESS,
                           poolSize: report.poolSize, loss: report.loss,
                           evaluations: run.ledger.evaluations, seconds: now())
        var converged = false
        if report.beta >= 1 {
            let pooled = population.evidence().pooled
            row.logEvidence = pooled.logEvidence
            row.logEvidenceError = pooled.standardError
            row.paretoK = pooled.paretoK ?? .nan
            converged = population.stagesAtPosterior >= annealing.minimumPosteriorStages
                && pooled.standardError < annealing.evidenceTolerance
                && pooled.reliable
        }
        run.trace.append(row)
        var message = report.modes > 0 ? "\(report.modes) modes" : ""
        if run.populationCount > 1 { message += (message.isEmpty ? "" : ", ") + "population \(p + 1)/\(run.populationCount)" }
        progress(ProgressReport(backend: name, row: row, message: message.isEmpty ? nil : message))

        var status: RunStatus?
        let populationBudget = Budget(maxEvaluations: run.shareEvaluations, maxSeconds: run.shareSeconds, threads: budget.threads)
        if converged {
            status = .converged
        } else if let reason = populationBudget.isExhausted(evaluations: run.ledger.evaluations, seconds: now()) {
            status = report.beta >= 1 ? .budgetExhausted(reason: reason) : .stalled(beta: report.beta, evaluations: run.ledger.evaluations)
        } else if population.stage >= annealing.maxStages {
            status = report.beta >= 1 ? .budgetExhausted(reason: "\(annealing.maxStages) stages")
                : .stalled(beta: report.beta, evaluations: run.ledger.evaluations)
        }
        guard let status else {
            run.current = population
            return false
        }
        run.finished.append(population)
        run.statuses.append(status)
        run.current = nil
        run.populationIndex += 1
        if case let .stalled(beta, evaluations) = status {
            run.warnings.append("population \(p + 1) stalled at β = \(formatBeta(beta)) after \(evaluations) evaluations")
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

    private func formatBeta(_ b: Double) -> String { String(format: "%.4g", b) }

    /// Merges populations that reached β = 1 and builds the result.
    private func assemble(posterior: Posterior, seed: UInt64, populations: [AnnealingPopulation<Flow>],
                          statuses: [RunStatus], trace: [TraceRow], ledger: EvaluationLedger, seconds: Double,
                          warnings: [String], threads: Int) -> InferenceResult {
        var warnings = warnings
        let reached = populations.indices.filter { statuses[$0].reachedPosterior }
        let overall: RunStatus
        if reached.isEmpty {
            let best = populations.map(\.beta).max() ?? 0
            overall = .stalled(beta: best, evaluations: ledger.evaluations)
        } else if statuses.contains(.interrupted) {
            overall = .interrupted
        } else if reached.allSatisfy({ statuses[$0] == .converged }) {
            overall = .converged
        } else {
            overall = reached.compactMap { if case let .budgetExhausted(r) = statuses[$0] { return RunStatus.budgetExhausted(reason: r) } else { return nil } }.first ?? .converged
        }

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
                estimators.append(renamed(pooled, "pooled_mixture_population_\(p + 1)"))
                estimators.append(renamed(last, "final_flow_is_population_\(p + 1)"))
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
        var headline = EvidenceEstimate(
            method: populations.count > 1 ? "merged_populations" : "pooled_mixture",
            logEvidence: z, standardError: se, effectiveSampleSize: ess, sampleCount: logW.count, paretoK: k,
            reliable: ess >= annealing.minimumReliableESS && !(k >= annealing.maximumParetoK) && overall.reachedPosterior)
        if !overall.reachedPosterior {
            headline.reliable = false
            headline.note = "β never reached 1: this is not an estimate of the evidence"
        } else if ess < annealing.minimumReliableESS {
            headline.note = "ESS \(Int(ess)) is below \(Int(annealing.minimumReliableESS)): unreliable"
            warnings.append("the final ESS (\(Int(ess))) is tiny: the evidence estimate is unreliable")
        } else if k >= annealing.maximumParetoK {
            headline.note = String(format: "Pareto k̂ = %.2f ≥ %.2f: the weights' tail is too heavy for the error bar to be trusted", k, annealing.maximumParetoK)
            warnings.append(headline.note!)
        }
        if populations.count > 1 { estimators.insert(headline, at: 0) }

        // Samples in natural units.
        let d = posterior.dimension
        let u = stages.flatMap(\.points)
        var x = [Double](repeating: 0, count: u.count)
        var logPriorNatural = [Double](repeating: 0, count: logW.count)
        for i in 0..<logW.count {
            for j in 0..<d { x[i * d + j] = posterior.priors[j].natural(u[i * d + j]) }
            logPriorNatural[i] = x.withUnsafeBufferPointer {
                posterior.logPrior(natural: UnsafeBufferPointer(rebasing: $0[(i * d)..<((i + 1) * d)]))
            }
        }
        let samples = WeightedSamples(parameterNames: posterior.parameterNames, values: x, logWeights: logW,
                                      logLikelihoods: stages.flatMap(\.logLikelihood), logPriors: logPriorNatural)
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

    private func renamed(_ e: EvidenceEstimate, _ method: String) -> EvidenceEstimate {
        var e = e
        e.method = method
        return e
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

/// Invalid sampler settings.
public struct SamplerConfigurationError: Error, Sendable, CustomStringConvertible {
    public var messages: [String]
    public init(messages: [String]) { self.messages = messages }
    public var description: String { messages.joined(separator: "; ") }
}

/// Wall-clock seconds since creation (monotonic).
struct RunClock {
    let start = DispatchTime.now().uptimeNanoseconds
    var seconds: Double { Double(DispatchTime.now().uptimeNanoseconds - start) * 1e-9 }
}
