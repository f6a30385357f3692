import Foundation
import ODE

extension AnnealingPopulation {
    /// The proposal the next stage draws from: the global flow alone (paper's
    /// loop); or the flows, the defensive density and a Student-t component
    /// per mode and satellite. Fractions are whole numbers of draws per stage,
    /// so that the stratified draws match the mixture density exactly: the
    /// defensive density gets ε, the mode and satellite components share η,
    /// and the flows share the rest — the mode flows together at most
    /// `maximumFlowShare` of it, each in proportion to its basin's share of the
    /// current target, the global flow the remainder.
    public var currentProposal: ProposalMixture<Flow> {
        guard let robust = settings.robust else { return ProposalMixture(main: flow) }
        let n = Double(settings.schedule.samplesPerStage)
        func whole(_ f: Double) -> Double { (f * n).rounded(.down) / n }
        var components = [wide]
        var componentFractions = [whole(robust.defensive.fraction)]
        let ts = modes.map(\.component) + satellites
        if let modeOptions = robust.modes, !ts.isEmpty {
            let each = whole(modeOptions.fraction / Double(ts.count))
            components += ts
            componentFractions += [Double](repeating: each, count: ts.count)
        }
        let flowBudget = 1 - componentFractions.reduce(0, +)
        let maximumFlowShare = robust.modes?.flows?.maximumFlowShare ?? 0
        let widening = robust.modes?.flows?.widening ?? 1
        var flows = [flow]
        var flowFractions = [0.0]
        let allocation = modeAllocation
        let modeFlowTotal = flowBudget * maximumFlowShare * min(1, allocation.reduce(0, +))
        let allocationSum = allocation.reduce(0, +)
        for (k, mode) in modes.enumerated() {
            guard let f = mode.flow else { continue }
            flows.append(f.widened(widening))
            flowFractions.append(allocationSum > 0 ? whole(modeFlowTotal * allocation[k] / allocationSum) : 0)
        }
        flowFractions[0] = 1 - componentFractions.reduce(0, +) - flowFractions.reduce(0, +)
        return ProposalMixture(flows: flows, flowFractions: flowFractions,
                               components: components, componentFractions: componentFractions)
    }

    /// Each mode's claim on the mode flows' draws: its share of the weight,
    /// raised to `shareFloor / K` while the share is not confidently below that.
    var modeAllocation: [Double] {
        guard let floorFraction = settings.robust?.modes?.shareFloor, !modes.isEmpty else { return modes.map(\.share) }
        let floor = floorFraction / Double(modes.count)
        return modes.map { m in
            let confidentlyBelow = m.share + 3 * m.shareError < floor
            return confidentlyBelow ? m.share : max(m.share, floor)
        }
    }

    /// The first mode search, from the best draws of the first stage (at most
    /// a share of the remaining budget).
    mutating func searchModes(stagePoints u: [Double], logL: [Double], logPrior: [Double], posterior: Posterior,
                              options: AnnealingSettings.ModeOptions, threads: Int, ledger: inout EvaluationLedger,
                              allowance: Int?, progress: (Int) -> Void) throws {
        searchedModes = true
        progress(ledger.evaluations)
        let d = posterior.dimension
        var startCount = options.search.starts
        if let allowance {
            let affordable = Double(allowance) * options.searchBudgetShare / options.search.evaluationsPerStart(dimension: d)
            startCount = min(startCount, Int(affordable))
        }
        guard startCount >= 2 * options.search.minimumContinued else { return }
        var u = u, logL = logL, logPrior = logPrior
        if options.firstSearchPriorDraws > 0 {
            u = posterior.samplePrior(count: options.firstSearchPriorDraws, using: &rng)
            (logL, logPrior) = posterior.evaluate(unconstrained: u, count: options.firstSearchPriorDraws,
                                                  threads: threads, ledger: &ledger)
        }
        let order = logL.indices.filter { logL[$0].isFinite }.sorted { logL[$0] + logPrior[$0] > logL[$1] + logPrior[$1] }
        let starts = order.prefix(startCount).map { Array(u[($0 * d)..<(($0 + 1) * d)]) }
        let found = ModeSearch.discover(posterior: posterior, starts: starts, guesses: posterior.guessStarts(),
                                        settings: options.search,
                                        threads: threads, ledger: &ledger, progress: progress)
        try adopt(found, options: options, threads: threads)
    }

    /// A later search: from this stage's best draws (by the posterior density)
    /// that lie outside every known mode's basin, with the later-search budget.
    mutating func searchAgain(stagePoints u: [Double], logL: [Double], logPrior: [Double], posterior: Posterior,
                              options: AnnealingSettings.ModeOptions, threads: Int, ledger: inout EvaluationLedger,
                              allowance: Int?, progress: (Int) -> Void) throws {
        progress(ledger.evaluations)
        let d = posterior.dimension
        let n = logL.count
        var startCount = options.laterStarts
        if let allowance {
            let affordable = Double(allowance) * options.searchBudgetShare / options.search.evaluationsPerStart(dimension: d)
            startCount = min(startCount, Int(affordable))
        }
        guard startCount >= 2 * options.search.minimumContinued, modes.count < options.maximumModes else { return }
        let limit = options.adaptation.basinRadius * options.adaptation.basinRadius * Double(d)
        var outside = [Bool](repeating: true, count: n)
        for m in modes {
            let r2 = m.component.squaredDistances(of: u, count: n)
            for i in 0..<n where r2[i] < limit { outside[i] = false }
        }
        // Half the starts from this stage's draws outside the known basins,
        // half from partial restarts of the known modes; the best by f of each.
        let order = (0..<n).filter { outside[$0] && logL[$0].isFinite }
            .sorted { logL[$0] + logPrior[$0] > logL[$1] + logPrior[$1] }
        var starts = order.prefix(startCount / 2).map { Array(u[($0 * d)..<(($0 + 1) * d)]) }
        let restarts = ModeSearch.partialRestarts(of: modes.map(\.optimum), posterior: posterior, count: 6 * startCount,
                                                  settings: options.search, using: &rng)
        if !restarts.isEmpty {
            let (rl, rp) = posterior.evaluate(unconstrained: restarts.flatMap { $0 }, count: restarts.count,
                                              threads: threads, ledger: &ledger)
            let best = rl.indices.filter { rl[$0].isFinite }.sorted { rl[$0] + rp[$0] > rl[$1] + rp[$1] }
            starts += best.prefix(startCount - starts.count).map { restarts[$0] }
        }
        guard starts.count >= 2 * options.search.minimumContinued else { return }
        var search = options.search
        search.tryRelabellings = false
        search.continuedFraction = options.laterContinuedFraction
        let optima = ModeSearch.run(posterior: posterior, starts: starts, settings: search, threads: threads,
                                    ledger: &ledger, progress: progress)
        let merged = ModeSearch.merge(optima, into: modes.map(\.optimum), posterior: posterior, settings: search,
                                      threads: threads, ledger: &ledger)
        try adopt(merged, options: options, threads: threads)
    }

    /// Adds the modes and satellites of a search (modes up to the maximum),
    /// each mode with a flow pre-fitted (without likelihood evaluations) to
    /// draws of its component. Records how each was found, with the share of
    /// the current pool's weight already in its basin.
    mutating func adopt(_ found: ModeSearchResult, options: AnnealingSettings.ModeOptions, threads: Int,
                        sharedFrom: Int? = nil) throws {
        let d = flow.dimension
        let poolPoints = pool.points()
        let poolWeights = LogWeights.normalized(pool.logWeights(beta: beta))
        let limit = options.adaptation.basinRadius * options.adaptation.basinRadius * Double(d)
        let first = modes.count
        for optimum in found.modes where modes.count < options.maximumModes {
            guard let probe = ModeState<Flow>(optimum: optimum, shape: options.component,
                                              discovery: ModeDiscovery(stage: stage, beta: beta, poolShareBefore: 0))
            else { continue }
            let r2 = probe.component.squaredDistances(of: poolPoints, count: poolWeights.count)
            var before = 0.0
            for i in poolWeights.indices where r2[i] < limit { before += poolWeights[i] }
            let discovery = ModeDiscovery(stage: stage, beta: beta, poolShareBefore: before,
                                          byRelabelling: optimum.fromRelabelling, sharedFrom: sharedFrom,
                                          fromGuess: optimum.fromGuess)
            if let mode = ModeState<Flow>(optimum: optimum, shape: options.component, discovery: discovery) {
                modes.append(mode)
            }
        }
        satellites += found.satellites.compactMap {
            ModeState<Flow>(optimum: $0, shape: options.component,
                            discovery: ModeDiscovery(stage: stage, beta: beta, poolShareBefore: 0))?.component
        }
        guard let flows = options.flows else { return }
        let draws = max(flows.prefitDraws, settings.schedule.samplesPerStage)
        for k in first..<modes.count {
            var f = template
            let x = modes[k].component.sample(count: draws, using: &rng, threads: threads).points
            _ = try f.fit(points: x, weights: [Double](repeating: 1, count: draws), count: draws,
                          using: &rng, threads: threads)
            modes[k].flow = f
        }
    }

    /// Adopts modes another population found and this one did not (the
    /// sharing round after populations disagree): each gets its component and
    /// a pre-fitted flow as if this population's own search had found it, and
    /// the stages at β = 1 start again, so that the evidence and the
    /// convergence test only use draws whose proposal knew every mode.
    mutating func adoptShared(_ modes: [FoundMode], from population: Int, threads: Int) throws {
        guard let options = settings.robust?.modes, !modes.isEmpty else { return }
        try adopt(ModeSearchResult(modes: modes), options: options, threads: threads, sharedFrom: population)
        stagesAtPosterior = 0
        posteriorDraws = []
        heldBack = 0
    }

    /// Assigns each pool point to its nearest mode (in the metric of the
    /// mode's component), or to none if it is beyond the radius of all;
    /// returns the assignment (−1 for none).
    func nearestModes(points: [Double], count: Int) -> [Int] {
        guard !modes.isEmpty else { return [Int](repeating: -1, count: count) }
        let distances = modes.map { $0.component.squaredDistances(of: points, count: count) }
        let radius = settings.robust?.modes?.radius.map { $0 * $0 * Double(flow.dimension) } ?? .infinity
        return (0..<count).map { i in
            var best = -1
            var bestDistance = radius
            for k in modes.indices where distances[k][i] < bestDistance {
                best = k
                bestDistance = distances[k][i]
            }
            return best
        }
    }

    /// Updates each mode from the pool weighted at the current β: its share,
    /// its component (adapted to its basin at β = 1), and its flow (trained on
    /// the basin's samples if the basin holds enough weight).
    ///
    /// The mode flows are small, so a batch of one flow cannot keep several
    /// cores busy: the flows train concurrently instead, one per core, each
    /// with a random stream of its own (the result depends on the seed and the
    /// thread count only).
    mutating func updateModes(points: [Double], weights: [Double], threads: Int) throws {
        guard !modes.isEmpty, let options = settings.robust?.modes else { return }
        let count = weights.count
        let d = flow.dimension
        let nearest = nearestModes(points: points, count: count)
        var shares = [Double](repeating: 0, count: modes.count)
        for i in 0..<count where nearest[i] >= 0 { shares[nearest[i]] += weights[i] }
        // Delta-method variance of a self-normalised share: Σ w̄ᵢ² (1{i ∈ k} − share)².
        var variances = [Double](repeating: 0, count: modes.count)
        for i in 0..<count where weights[i] > 0 {
            for k in modes.indices {
                let r = (nearest[i] == k ? 1 : 0) - shares[k]
                variances[k] += weights[i] * weights[i] * r * r
            }
        }
        var jobs: [ModeFlowJob] = []
        for k in modes.indices {
            modes[k].share = shares[k]
            modes[k].shareError = variances[k].squareRoot()
            guard shares[k] >= (options.flows?.minimumShare ?? options.adaptation.minimumShare) else { continue }
            var x: [Double] = []
            var w: [Double] = []
            for i in 0..<count where nearest[i] == k && weights[i] > 0 {
                x += points[(i * d)..<((i + 1) * d)]
                w.append(weights[i])
            }
            let ess = LogWeights.effectiveSampleSize(w.map { Foundation.log($0) })
            // Adapt the mode's component to the weighted samples of its basin
            // (adaptive importance sampling): the Laplace approximation at the
            // optimum is too narrow along flat or curved directions. Only the
            // points within a few scale units of the component count (its
            // basin, not stray points that happen to be nearer to it than to
            // another mode).
            let adaptation = options.adaptation
            if beta >= 1 && shares[k] >= adaptation.minimumShare
                && ess >= adaptation.minimumESSPerDimension * Double(d) {
                let r2 = modes[k].component.squaredDistances(of: x, count: w.count)
                let limit = adaptation.basinRadius * adaptation.basinRadius * Double(d)
                var xi: [Double] = [], wi: [Double] = []
                for i in 0..<w.count where r2[i] < limit {
                    xi += x[(i * d)..<((i + 1) * d)]
                    wi.append(w[i])
                }
                modes[k].adapt(points: xi, weights: wi)
            }
            if let flows = options.flows, modes[k].flow != nil, shares[k] >= flows.minimumShare,
               ess >= flows.minimumESSPerDimension * Double(d) {
                jobs.append(ModeFlowJob(mode: k, points: x, weights: w))
            }
        }
        guard !jobs.isEmpty else { return }
        let trained = try Self.fitConcurrently(jobs.map { modes[$0.mode].flow! }, jobs: jobs,
                                               seed: rng.next(), threads: threads)
        for (job, f) in zip(jobs, trained) { modes[job.mode].flow = f }
    }

    /// Fits `flows[j]` to `jobs[j]`, up to `threads` flows at a time, each
    /// with `RandomSource(seed: seed).stream(j)`.
    static func fitConcurrently(_ flows: [Flow], jobs: [ModeFlowJob], seed: UInt64, threads: Int) throws -> [Flow] {
        var flows = flows
        var failures = [(any Error)?](repeating: nil, count: jobs.count)
        let concurrent = min(max(threads, 1), jobs.count)
        let perFlowThreads = max(1, threads / concurrent)
        flows.withUnsafeMutableBufferPointer { fb in
            failures.withUnsafeMutableBufferPointer { eb in
                let f = SharedPointer(fb.baseAddress!), e = SharedPointer(eb.baseAddress!)
                let fit: @Sendable (Int) -> Void = { j in
                    var rng = RandomSource(seed: seed).stream(j)
                    do {
                        _ = try f.base[j].fit(points: jobs[j].points, weights: jobs[j].weights,
                                              count: jobs[j].weights.count, using: &rng, threads: perFlowThreads)
                    } catch {
                        e.base[j] = error
                    }
                }
                Parallel.run(workers: concurrent) { worker in
                    for j in stride(from: worker, to: jobs.count, by: concurrent) { fit(j) }
                }
            }
        }
        if let failure = failures.compactMap({ $0 }).first { throw failure }
        return flows
    }
}

/// One mode flow's training set: its basin's points and weights.
struct ModeFlowJob: Sendable {
    var mode: Int
    var points: [Double]
    var weights: [Double]
}
