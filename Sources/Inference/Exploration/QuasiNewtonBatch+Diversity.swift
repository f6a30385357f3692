extension QuasiNewtonBatch {
    /// Keeps `count` runs for further iterations, spread over the space rather
    /// than bunched in the basin that happens to be ahead.
    ///
    /// The best `count − spread` runs by f are kept; then `spread =
    /// round(spreadFraction · count)` more are added one at a time, each the run
    /// farthest from every kept run (Euclidean distance in coordinates scaled
    /// by the runs' own standard deviations), among all runs with a finite f.
    /// After a few screening iterations starts heading into different basins
    /// are already apart, so the farthest-point picks keep a start in each
    /// basin that a top-k cut by f alone would drop (a basin that attracts few
    /// starts, or a lighter one, ranks low on f). Cost O(count · runs · d).
    mutating func retainDiverse(_ count: Int, spreadFraction: Double) {
        let sorted = runs.sorted { $0.f > $1.f }
        guard count < sorted.count, let d = sorted.first?.u.count, d > 0 else {
            runs = sorted
            return
        }
        let spread = min(count, max(0, Int((spreadFraction * Double(count)).rounded())))
        var kept = Array(sorted.prefix(count - spread))
        var pool = sorted[(count - spread)...].filter { $0.f.isFinite }
        // Per-coordinate scale from all runs.
        var mean = [Double](repeating: 0, count: d), scale = [Double](repeating: 0, count: d)
        for r in sorted { for j in 0..<d { mean[j] += r.u[j] } }
        for j in 0..<d { mean[j] /= Double(sorted.count) }
        for r in sorted { for j in 0..<d { scale[j] += (r.u[j] - mean[j]) * (r.u[j] - mean[j]) } }
        for j in 0..<d { scale[j] = max((scale[j] / Double(sorted.count)).squareRoot(), 1e-12) }
        func distance(_ a: [Double], _ b: [Double]) -> Double {
            var s = 0.0
            for j in 0..<d { let t = (a[j] - b[j]) / scale[j]; s += t * t }
            return s
        }
        var nearest = pool.map { p in kept.map { distance($0.u, p.u) }.min() ?? .infinity }
        while kept.count < count && !pool.isEmpty {
            var best = 0
            for i in pool.indices where nearest[i] > nearest[best] { best = i }
            let chosen = pool.remove(at: best)
            nearest.remove(at: best)
            for i in pool.indices { nearest[i] = min(nearest[i], distance(chosen.u, pool[i].u)) }
            kept.append(chosen)
        }
        runs = kept
    }
}
