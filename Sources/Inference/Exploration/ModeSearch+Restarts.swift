extension ModeSearch {
    /// Candidate starts for finding basins next to known ones: `count` copies
    /// of the known modes' centres (round-robin), each with a random subset of
    /// ``ModeSearchSettings/restartCoordinates`` coordinates redrawn from the
    /// prior, keeping those outside every known mode's Laplace region (radius
    /// 6 s.d.). When modes differ in a few parameters only — a swap of two rate
    /// constants, a sign, genes relabelled — the other parameters already sit at
    /// good values, so a local search from such a point reaches the other basin
    /// far more often than from a prior draw. No symmetry of the priors is
    /// assumed. Costs no likelihood evaluations.
    public static func partialRestarts(of modes: [FoundMode], posterior: Posterior, count: Int,
                                       settings: ModeSearchSettings, using rng: inout RandomSource) -> [[Double]] {
        let d = posterior.dimension
        guard !modes.isEmpty, d > 0, count > 0 else { return [] }
        let redraw = posterior.samplePrior(count: count, using: &rng)
        let lower = min(max(settings.restartCoordinates.lowerBound, 1), d)
        let upper = min(max(settings.restartCoordinates.upperBound, lower), d)
        var out: [[Double]] = []
        for r in 0..<count {
            var x = modes[r % modes.count].center
            let k = lower + Int(rng.uniform() * Double(upper - lower + 1)) % (upper - lower + 1)
            var chosen = Set<Int>()
            while chosen.count < k { chosen.insert(Int(rng.uniform() * Double(d)) % d) }
            for j in chosen { x[j] = redraw[r * d + j] }
            if !modes.contains(where: { Laplace.contains($0, point: x, radius: 6) }) { out.append(x) }
        }
        return out
    }
}
