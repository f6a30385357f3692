/// How much of a weighted sample lies outside the basins of the modes a run
/// lists: Σ w̄ᵢ over the points whose squared distance, in the metric of
/// every listed mode's component, exceeds `radius² · d`.
///
/// A run's mode table gives every sample to its nearest listed mode, so when
/// the annealing reached mass that no mode search found (a basin with no
/// listed optimum) the table credits that mass to whichever listed mode is
/// least far — possibly a basin holding none of it. This share says how much
/// of the table is such credit. `radius` is the basin radius the modes are
/// merged and adapted with (`AnnealingSettings.ModeAdaptation.basinRadius`,
/// 3: for a Gaussian basin in d = 8 the chance of a point beyond it is
/// below 1e-9; real basins curve, so some of their mass lies beyond it in a
/// Laplace metric). Cost: one distance per point and component.
enum ModeCoverage {
    static func shareOutside(points: [Double], logWeights: [Double], components: [EllipticalDensity],
                             radius: Double, dimension d: Int) -> Double {
        let n = logWeights.count
        guard n > 0, !components.isEmpty else { return 0 }
        let w = LogWeights.normalized(logWeights)
        let limit = radius * radius * Double(d)
        let distances = components.map { $0.squaredDistances(of: points, count: n) }
        var outside = 0.0
        for i in 0..<n where w[i] > 0 && distances.allSatisfy({ $0[i] > limit }) { outside += w[i] }
        return outside
    }
}
