extension AnnealedFlowSampler {
    /// The distinct modes over the populations `used` (the first population's
    /// state of each as its representative), and for each, the populations
    /// that hold it with how they found it. Two modes are the same when their
    /// optima coincide (``Laplace/sameMode``) or either lies within the basin
    /// radius of the other's component.
    func modeRepresentatives(populations: [AnnealingPopulation<Flow>], used: [Int],
                             options: AnnealingSettings.ModeOptions, dimension d: Int)
        -> (representatives: [ModeState<Flow>], findings: [[(population: Int, discovery: ModeDiscovery)]])
    {
        let radius2 = options.adaptation.basinRadius * options.adaptation.basinRadius * Double(d)
        var representatives: [ModeState<Flow>] = []
        var findings: [[(population: Int, discovery: ModeDiscovery)]] = []
        for p in used {
            for mode in populations[p].modes {
                let match = representatives.firstIndex { r in
                    Laplace.sameMode(r.optimum, mode.optimum)
                        || r.component.squaredDistances(of: mode.optimum.center, count: 1)[0] < radius2
                        || mode.component.squaredDistances(of: r.optimum.center, count: 1)[0] < radius2
                }
                if let match {
                    if !findings[match].contains(where: { $0.population == p }) { findings[match].append((p, mode.discovery)) }
                } else {
                    representatives.append(mode)
                    findings.append([(p, mode.discovery)])
                }
            }
        }
        return (representatives, findings)
    }

    /// The modes of every used population merged into one list, each with
    /// its share of the final weights (± s.e.) and who found it, plus the
    /// disagreements between populations about the modes: a mode holding at
    /// least `minimumWeight` of the merged posterior whose share in some
    /// population's own weights differs from the merged share by more than
    /// max(0.05, 3 s.e.) — that population missed it or starved it.
    ///
    /// Two optima are one mode if they are the same basin by their Laplace
    /// approximations or either lies within `basinRadius·√d` of the other's
    /// (adapted) component. Samples are assigned to the nearest mode in the
    /// metric of its component; `outside` is the weight beyond every listed
    /// mode's basin (``ModeCoverage``).
    func mergedModes(populations: [AnnealingPopulation<Flow>], used: [Int], posterior: Posterior,
                     points u: [Double], logWeights logW: [Double], minimumWeight: Double = 0.05)
        -> (modes: [ModeSummary], disagreements: [String], outside: Double)
    {
        let d = posterior.dimension
        guard let options = annealing.robust?.modes else { return ([], [], 0) }
        let (representatives, findings) = modeRepresentatives(populations: populations, used: used,
                                                              options: options, dimension: d)
        guard !representatives.isEmpty else { return ([], [], 0) }
        func shares(points: [Double], logWeights: [Double]) -> (share: [Double], error: [Double]) {
            let n = logWeights.count
            let w = LogWeights.normalized(logWeights)
            let distances = representatives.map { $0.component.squaredDistances(of: points, count: n) }
            var share = [Double](repeating: 0, count: representatives.count)
            var nearest = [Int](repeating: 0, count: n)
            for i in 0..<n {
                var best = 0
                for k in representatives.indices where distances[k][i] < distances[best][i] { best = k }
                nearest[i] = best
                share[best] += w[i]
            }
            var variance = [Double](repeating: 0, count: representatives.count)
            for i in 0..<n where w[i] > 0 {
                for k in representatives.indices {
                    let r = (nearest[i] == k ? 1.0 : 0.0) - share[k]
                    variance[k] += w[i] * w[i] * r * r
                }
            }
            return (share, variance.map { $0.squareRoot() })
        }
        let merged = shares(points: u, logWeights: logW)
        var perPopulation: [Int: (share: [Double], error: [Double])] = [:]
        for p in used {
            let population = populations[p]
            let draws = population.posteriorDraws
            guard !draws.isEmpty else { continue }
            perPopulation[p] = shares(points: draws.flatMap(\.points), logWeights: draws.flatMap(\.logWeight))
        }
        var summaries: [ModeSummary] = []
        var disagreements: [String] = []
        for k in representatives.indices {
            let center = posterior.natural(representatives[k].optimum.center)
            let foundBy = findings[k].map { p, discovery in
                ModeFinding(population: p + 1, discovery: discovery, populationWeight: perPopulation[p]?.share[k] ?? 0)
            }
            summaries.append(ModeSummary(center: center, logTarget: representatives[k].optimum.logTarget,
                                         weight: merged.share[k], weightError: merged.error[k], foundBy: foundBy))
            guard used.count > 1, merged.share[k] >= minimumWeight else { continue }
            for p in used {
                guard let own = perPopulation[p] else { continue }
                let gap = abs(own.share[k] - merged.share[k])
                let tolerance = max(0.05, 3 * (own.error[k] * own.error[k] + merged.error[k] * merged.error[k]).squareRoot())
                if gap > tolerance {
                    let found = findings[k].contains { $0.0 == p } ? "found it but gave it" : "did not find it and gave it"
                    disagreements.append("population \(p + 1) \(found) \(Self.percent(own.share[k])) of its weight; "
                                         + "the merged estimate gives it \(Self.percent(merged.share[k])) "
                                         + "(mode at \(Self.point(center, names: posterior.parameterNames)))")
                }
            }
        }
        let order = summaries.indices.sorted { summaries[$0].weight > summaries[$1].weight }
        // In the metric of each optimum's Laplace approximation, not of its
        // adapted component: a component adapts to the samples credited to
        // it, so one credited with another basin's mass grows to cover it.
        let laplace = representatives.map { r in
            (try? EllipticalDensity(mean: r.optimum.center, covariance: r.optimum.covariance)) ?? r.component
        }
        let outside = ModeCoverage.shareOutside(points: u, logWeights: logW, components: laplace,
                                                radius: options.adaptation.basinRadius, dimension: d)
        return (order.map { summaries[$0] }, disagreements, outside)
    }

    static func percent(_ x: Double) -> String {
        let v = (x * 1000).rounded() / 10
        return "\(v) %"
    }

    static func point(_ x: [Double], names: [String]) -> String {
        zip(names, x).map { "\($0)=\(ReliabilityRules.short($1))" }.joined(separator: ", ")
    }
}

extension AnnealedFlowSampler {
    /// The incidence of the merged modes over the `populations` that were
    /// merged: how many found each by their own search (not by sharing).
    static func unseenModes(_ modes: [ModeSummary], populations: Int) -> UnseenModes {
        let incidence = modes.map(\.foundByOwnSearch.count).filter { $0 > 0 }
        return UnseenModes(populations: populations, incidence: incidence)
    }

    /// A warning per mode that only one population's own search found (with
    /// several populations): such a mode was hard to find, so others may have
    /// been missed by all of them, which no estimate of this run can show.
    static func fragileDiscoveries(_ modes: [ModeSummary], unseen: UnseenModes, names: [String]) -> [String] {
        guard unseen.populations >= 2 else { return [] }
        var warnings: [String] = []
        for m in modes {
            let own = m.foundByOwnSearch
            guard own.count == 1 else { continue }
            let finder = own[0].population
            warnings.append("the mode at \(point(m.center, names: names)) (\(percent(m.weight)) of the posterior) was found "
                            + "by the search of only 1 of \(unseen.populations) populations (population \(finder)); "
                            + "modes as hard to find may have been missed by all of them, and the evidence would then "
                            + "be too low by their mass (estimated number of modes no population found: "
                            + "\(ReliabilityRules.short(unseen.estimate)), Chao2). More populations (--populations "
                            + "\(unseen.populations + 2)) make a missed mode less likely")
        }
        return warnings
    }
}
