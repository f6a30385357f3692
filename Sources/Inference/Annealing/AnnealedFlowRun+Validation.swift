/// Why a decoded run state cannot be continued: a field out of its range, or
/// sizes that do not fit together or do not fit the posterior. Its
/// `description` names the field (e.g. `population 1: β = nan is not in [0, 1]`).
public struct StateProblem: Error, Sendable, Hashable, CustomStringConvertible {
    public var description: String
    public init(_ description: String) { self.description = description }
}

extension AnnealedFlowRun {
    /// Checks a decoded state (a checkpoint) before it is stepped: every
    /// number in range and finite where it must be, every array the size the
    /// others and the posterior's `dimension` imply, the populations' settings
    /// those of the sampler, generators not degenerate. A state the sampler
    /// itself wrote passes; anything that would crash, hang or silently
    /// continue another run does not. Cost: one density evaluation per
    /// stored proposal part, O(pool size · d) otherwise.
    public func validate(dimension d: Int, settings: AnnealingSettings) throws(StateProblem) {
        try check(populationCount == settings.populations,
                  "the run has \(populationCount) populations; the settings say \(settings.populations)")
        try check((0...populationCount).contains(populationIndex),
                  "population index \(populationIndex) is not in 0…\(populationCount)")
        try check(finished.count == statuses.count && finished.count <= populationIndex,
                  "\(finished.count) finished populations with \(statuses.count) statuses at population \(populationIndex)")
        try check(current == nil || populationIndex < populationCount || resumed != nil,
                  "a population is running after the last one")
        try check((resumed.map { [$0] } ?? []).allSatisfy { finished.indices.contains($0) }
                  && sharingQueue.allSatisfy { finished.indices.contains($0) } && (0...1).contains(sharingRounds),
                  "the sharing round names populations that have not run")
        try check(globalStage >= 0 && trace.count == globalStage, "\(trace.count) trace rows for \(globalStage) stages")
        try check(elapsedSeconds.isFinite && elapsedSeconds >= 0, "elapsed seconds \(elapsedSeconds) is not a duration")
        try check(ledger.evaluations >= 0 && ledger.likelihoodSeconds.isFinite && ledger.likelihoodSeconds >= 0
                  && ledger.failedEvaluations <= ledger.evaluations, "the evaluation ledger is inconsistent")
        var previous = 0
        for (k, row) in trace.enumerated() {
            try check(row.beta.isFinite && (0...1).contains(row.beta), "trace row \(k + 1): β = \(row.beta) is not in [0, 1]")
            try check(row.evaluations >= previous && row.evaluations <= ledger.evaluations,
                      "trace row \(k + 1): evaluations \(row.evaluations) out of order")
            previous = row.evaluations
        }
        for (k, status) in statuses.enumerated() {
            if case let .stalled(beta, _) = status {
                try check(beta.isFinite && (0...1).contains(beta), "population \(k + 1) stalled at β = \(beta)")
            }
        }
        if let share {
            try check(share.threads >= 1 && (share.maxEvaluations ?? 0) >= 0
                      && (share.maxSeconds.map { $0.isFinite && $0 >= 0 } ?? true), "the population's budget share is invalid")
        }
        for (k, population) in finished.enumerated() {
            try population.validate(dimension: d, settings: settings, label: "population \(k + 1)")
        }
        try current?.validate(dimension: d, settings: settings, label: "population \((resumed ?? populationIndex) + 1)")
    }
}

extension AnnealingPopulation {
    /// See ``AnnealedFlowRun/validate(dimension:settings:)``.
    func validate(dimension d: Int, settings expected: AnnealingSettings, label: String) throws(StateProblem) {
        func require(_ ok: Bool, _ what: @autoclosure () -> String) throws(StateProblem) {
            try check(ok, "\(label): \(what())")
        }
        try require(settings == expected, "its settings are not the run's")
        try require(beta.isFinite && (0...1).contains(beta), "β = \(beta) is not in [0, 1]")
        try require(stage >= 0 && stagesAtPosterior >= 0 && stagesAtPosterior <= stage && heldBack >= 0 && laterSearches >= 0,
                    "stage counters are inconsistent")
        try require(rng.isUsable, "its random generator's state is all zero")
        try require(lastFreshESS.isNaN || (lastFreshESS >= 0 && lastFreshESS <= 1 + 1e-9),
                    "the ESS fraction \(lastFreshESS) is not in [0, 1]")
        try require([timing.training, timing.proposalDensity, timing.modeSearch].allSatisfy { $0.isFinite && $0 >= 0 },
                    "its timings are not durations")
        try validateDensity(flow, d, "the global flow")
        try validateDensity(template, d, "the mode-flow template")
        try validateElliptical(wide, d, "the defensive component")

        // The pool: what every later weight is computed from.
        try require(pool.dimension == d, "the pool has dimension \(pool.dimension), the posterior \(d)")
        try require(stage == 0 || !pool.stages.isEmpty, "the pool is empty after \(stage) stages")
        try require(pool.stages.count <= max(stage, 0) && pool.stages.count <= settings.schedule.poolStages,
                    "the pool holds \(pool.stages.count) stages after \(stage) stages")
        try require(proposals.count == pool.stages.count,
                    "\(proposals.count) proposals for \(pool.stages.count) pool stages")
        for (k, s) in pool.stages.enumerated() {
            let n = s.count
            try require(n > 0 && s.points.count == n * d && s.logPrior.count == n,
                        "pool stage \(k + 1) has inconsistent sizes")
            try require(s.points.allSatisfy(\.isFinite), "pool stage \(k + 1) has a non-finite point")
            try require(s.logLikelihood.allSatisfy { !$0.isNaN && $0 != .infinity },
                        "pool stage \(k + 1) has a NaN or +∞ log-likelihood")
            try require(s.logPrior.allSatisfy { !$0.isNaN && $0 != .infinity }, "pool stage \(k + 1) has an invalid log prior")
            try require(s.logProposal.count == pool.stages.count && s.logProposal.allSatisfy { $0.count == n },
                        "pool stage \(k + 1) has proposal densities of the wrong size")
            try require(s.logProposal.allSatisfy { $0.allSatisfy { !$0.isNaN && $0 != .infinity } },
                        "pool stage \(k + 1) has a NaN or +∞ proposal density")
        }
        try require(posteriorDraws.count == max(0, stagesAtPosterior - settings.stopping.warmUpStages),
                    "\(posteriorDraws.count) stages of posterior draws for \(stagesAtPosterior) stages at β = 1")
        for (k, s) in posteriorDraws.enumerated() {
            let n = s.count
            try require(n > 0 && s.points.count == n * d && s.logLikelihood.count == n,
                        "posterior stage \(k + 1) has inconsistent sizes")
            try require(s.points.allSatisfy(\.isFinite), "posterior stage \(k + 1) has a non-finite point")
            try require(s.logLikelihood.allSatisfy { !$0.isNaN && $0 != .infinity }
                        && s.logWeight.allSatisfy { !$0.isNaN && $0 != .infinity },
                        "posterior stage \(k + 1) has a NaN or +∞ log-likelihood or weight")
        }
        for (k, p) in proposals.enumerated() {
            let fractions = p.flowFractions + p.componentFractions
            try require(!p.flows.isEmpty && p.flows.count == p.flowFractions.count
                        && p.components.count == p.componentFractions.count
                        && fractions.allSatisfy { $0.isFinite && $0 >= 0 } && abs(fractions.reduce(0, +) - 1) < 1e-9,
                        "the proposal of pool stage \(k + 1) has invalid mixture fractions")
            for f in p.flows { try validateDensity(f, d, "a flow of pool stage \(k + 1)") }
            for c in p.components { try validateElliptical(c, d, "a component of pool stage \(k + 1)") }
        }
        for (k, mode) in modes.enumerated() {
            try require(mode.optimum.center.count == d && mode.optimum.covariance.count == d * d
                        && mode.share.isFinite && mode.share >= 0 && mode.share <= 1 + 1e-9
                        && !mode.shareError.isNaN && mode.shareError >= 0
                        && mode.discovery.stage >= 0 && mode.discovery.beta.isFinite && (0...1).contains(mode.discovery.beta),
                        "mode \(k + 1) is inconsistent (centre, covariance, share or discovery)")
            try validateElliptical(mode.component, d, "the component of mode \(k + 1)")
            if let f = mode.flow { try validateDensity(f, d, "the flow of mode \(k + 1)") }
        }
        for (k, c) in satellites.enumerated() { try validateElliptical(c, d, "satellite component \(k + 1)") }

        func validateDensity(_ q: some ProposalDensity, _ d: Int, _ what: String) throws(StateProblem) {
            try require(q.dimension == d, "\(what) has dimension \(q.dimension), the posterior \(d)")
            let v = q.logDensity(of: [Double](repeating: 0, count: d), count: 1, threads: 1)
            try require(v.count == 1 && !v[0].isNaN, "\(what) has a NaN density")
        }
        func validateElliptical(_ e: EllipticalDensity, _ d: Int, _ what: String) throws(StateProblem) {
            try require(e.dimension == d && e.mean.count == d && e.cholesky.count == d * d,
                        "\(what) has dimension \(e.dimension), the posterior \(d)")
            try require(e.mean.allSatisfy(\.isFinite) && e.cholesky.allSatisfy(\.isFinite)
                        && (0..<d).allSatisfy { e.cholesky[$0 * d + $0] > 0 }
                        && e.inflation.isFinite && e.inflation > 0 && (e.degreesOfFreedom ?? 1) >= 1,
                        "\(what) is not a valid density")
            let v = e.logDensity(of: e.mean, count: 1, threads: 1)
            try require(v.count == 1 && v[0].isFinite, "\(what) has a non-finite density")
        }
    }
}

private func check(_ ok: Bool, _ what: @autoclosure () -> String) throws(StateProblem) {
    guard ok else { throw StateProblem(what()) }
}
