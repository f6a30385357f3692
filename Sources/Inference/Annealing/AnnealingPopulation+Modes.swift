import Foundation

extension AnnealingPopulation {
    /// The proposal the next stage draws from: the global flow alone (paper
    /// variant); or the flows, the defensive density and a Student-t Laplace
    /// component per mode. Fractions are whole numbers of draws per stage, so
    /// that the stratified draws match the mixture density exactly:
    /// the defensive density gets ε, the mode components share η, and the
    /// flows share the rest — each mode flow in proportion to its mode's share
    /// of the current target, the global flow the remainder (at least 10% of
    /// the flows' draws).
    public var currentProposal: ProposalMixture<Flow> {
        guard settings.variant == .robust else { return ProposalMixture(main: flows[0]) }
        let n = Double(settings.samplesPerStage)
        func whole(_ f: Double) -> Double { (f * n).rounded(.down) / n }
        var components = [wide]
        var componentFractions = [whole(settings.defensiveFraction)]
        let ts = modeComponents + studentComponents(satellites)
        if !ts.isEmpty {
            let each = whole(settings.modeFraction / Double(ts.count))
            components += ts
            componentFractions += [Double](repeating: each, count: ts.count)
        }
        let flowBudget = 1 - componentFractions.reduce(0, +)
        var flowFractions = [0.0]
        for k in 1..<flows.count {
            let share = k - 1 < modeShares.count ? modeShares[k - 1] : 0
            flowFractions.append(whole(flowBudget * 0.9 * share))
        }
        flowFractions[0] = 1 - componentFractions.reduce(0, +) - flowFractions.reduce(0, +)
        let drawn = flows.indices.map { $0 == 0 ? flows[0] : flows[$0].widened(settings.modeFlowWidening) }
        return ProposalMixture(flows: drawn, flowFractions: flowFractions,
                               components: components, componentFractions: componentFractions)
    }

    /// One Student-t Laplace component per mode.
    var modeComponents: [EllipticalDensity] { studentComponents(modes) }

    /// Student-t Laplace components of `optima`.
    func studentComponents(_ optima: [FoundMode]) -> [EllipticalDensity] {
        optima.compactMap {
            try? EllipticalDensity(mean: $0.center, covariance: $0.covariance, inflation: settings.modeInflation,
                                   degreesOfFreedom: settings.modeDegreesOfFreedom)
        }
    }

    /// Runs the mode search from the best draws of the first stage and gives
    /// each mode a flow, pre-fitted (without likelihood evaluations) to draws
    /// of its Laplace component.
    mutating func searchModes(stagePoints u: [Double], logL: [Double], logPrior: [Double], posterior: Posterior,
                              threads: Int, ledger: inout EvaluationLedger, allowance: Int?) throws {
        searchedModes = true
        let d = posterior.dimension
        var startCount = settings.modeSearchSettings.starts
        if let allowance {
            // At most a third of what is left of the budget.
            let affordable = Double(allowance) / 3 / settings.modeSearchSettings.evaluationsPerStart(dimension: d)
            startCount = min(startCount, Int(affordable))
        }
        guard startCount >= 2 * settings.modeSearchSettings.minimumContinued else { return }
        let order = logL.indices.filter { logL[$0].isFinite }.sorted { logL[$0] + logPrior[$0] > logL[$1] + logPrior[$1] }
        let starts = order.prefix(startCount).map { Array(u[($0 * d)..<(($0 + 1) * d)]) }
        let found = ModeSearch.discover(posterior: posterior, starts: starts, settings: settings.modeSearchSettings,
                                        threads: threads, ledger: &ledger)
        modes = Array(found.modes.prefix(settings.maximumModes))
        satellites = found.satellites
        modeShares = [Double](repeating: 0, count: modes.count)
        guard settings.modeFlows else { return }
        let count = max(2000, settings.samplesPerStage)
        for component in modeComponents {
            var f = template
            let x = component.sample(count: count, using: &rng, threads: threads).points
            _ = try f.fit(points: x, weights: [Double](repeating: 1, count: count), count: count, using: &rng, threads: threads)
            flows.append(f)
        }
    }

    /// Replaces mode `k`'s centre and covariance by the weighted mean and
    /// covariance of its cluster (never narrower than the Laplace covariance
    /// along the diagonal, so the component cannot collapse onto a few points).
    mutating func adaptComponent(_ k: Int, points x: [Double], weights w: [Double]) {
        let d = modes[k].center.count
        let total = w.reduce(0, +)
        guard total > 0 else { return }
        var mean = [Double](repeating: 0, count: d)
        for (i, wi) in w.enumerated() { for j in 0..<d { mean[j] += wi * x[i * d + j] } }
        for j in 0..<d { mean[j] /= total }
        var cov = [Double](repeating: 0, count: d * d)
        for (i, wi) in w.enumerated() {
            for a in 0..<d {
                let da = x[i * d + a] - mean[a]
                for b in 0...a { cov[a * d + b] += wi * da * (x[i * d + b] - mean[b]) }
            }
        }
        for a in 0..<d {
            for b in 0...a {
                cov[a * d + b] /= total
                cov[b * d + a] = cov[a * d + b]
            }
        }
        let laplace = modes[k].laplaceCovariance ?? modes[k].covariance
        for a in 0..<d where cov[a * d + a] < laplace[a * d + a] {
            // Scale row and column a up to the Laplace variance (keeps the matrix positive definite).
            let f = (laplace[a * d + a] / max(cov[a * d + a], 1e-300)).squareRoot()
            for b in 0..<d {
                cov[a * d + b] *= f
                cov[b * d + a] *= f
            }
        }
        guard Cholesky.factor(cov, dimension: d) != nil else { return }
        if modes[k].laplaceCovariance == nil { modes[k].laplaceCovariance = modes[k].covariance }
        modes[k].center = mean
        modes[k].covariance = cov
    }

    /// Assigns each pool point to its nearest mode (in the metric of the
    /// mode's component), or to none if it is far from all; returns the
    /// assignment (−1 for none).
    func nearestModes(points: [Double], count: Int) -> [Int] {
        let ts = modeComponents
        guard !ts.isEmpty else { return [Int](repeating: -1, count: count) }
        let distances = ts.map { $0.squaredDistances(of: points, count: count) }
        let radius = settings.modeRadius * settings.modeRadius * Double(flows[0].dimension)
        return (0..<count).map { i in
            var best = -1
            var bestDistance = radius
            for k in ts.indices where distances[k][i] < bestDistance {
                best = k
                bestDistance = distances[k][i]
            }
            return best
        }
    }

    /// Trains each mode flow on the pool samples nearest to its mode, weighted
    /// at the current β, if that cluster holds enough weight; updates the shares.
    ///
    /// The mode flows are small, so a batch of one flow cannot keep several
    /// cores busy: the flows train concurrently instead, one per core, each
    /// with a random stream of its own (the result depends on the seed and the
    /// thread count only).
    mutating func trainModeFlows(points: [Double], weights: [Double], threads: Int) throws {
        guard !modes.isEmpty else { return }
        let count = weights.count
        let nearest = nearestModes(points: points, count: count)
        var shares = [Double](repeating: 0, count: modes.count)
        for i in 0..<count where nearest[i] >= 0 { shares[nearest[i]] += weights[i] }
        modeShares = shares
        let d = flows[0].dimension
        // Component k depends on mode k only, which the loop adapts after using it.
        let components = modeComponents
        var jobs: [ModeFlowJob] = []
        for k in modes.indices where shares[k] >= settings.minimumModeShare {
            var x: [Double] = []
            var w: [Double] = []
            for i in 0..<count where nearest[i] == k && weights[i] > 0 {
                x += points[(i * d)..<((i + 1) * d)]
                w.append(weights[i])
            }
            let ess = LogWeights.effectiveSampleSize(w.map { Foundation.log($0) })
            // Adapt the mode's component to the weighted samples of its basin
            // (adaptive importance sampling): the Laplace approximation at the
            // optimum is too narrow along flat or curved directions.
            if beta >= 1 && shares[k] >= settings.adaptationShare && ess >= settings.adaptationESSPerDimension * Double(d),
               let component = components.indices.contains(k) ? components[k] : nil {
                // Only the points within a few scale units of the component (its basin, not
                // stray points that happen to be nearer to it than to another mode).
                let r2 = component.squaredDistances(of: x, count: w.count)
                let limit = 9.0 * Double(d)
                var xi: [Double] = [], wi: [Double] = []
                for i in 0..<w.count where r2[i] < limit {
                    xi += x[(i * d)..<((i + 1) * d)]
                    wi.append(w[i])
                }
                adaptComponent(k, points: xi, weights: wi)
            }
            if settings.modeFlows && flows.count == modes.count + 1 && ess >= Double(2 * d) {
                jobs.append(ModeFlowJob(flowIndex: k + 1, points: x, weights: w))
            }
        }
        guard !jobs.isEmpty else { return }
        let trained = try Self.fitConcurrently(jobs.map { flows[$0.flowIndex] }, jobs: jobs,
                                               seed: rng.next(), threads: threads)
        for (job, flow) in zip(jobs, trained) { flows[job.flowIndex] = flow }
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

/// One mode flow's training set: its cluster's points and weights.
struct ModeFlowJob: Sendable {
    var flowIndex: Int
    var points: [Double]
    var weights: [Double]
}
