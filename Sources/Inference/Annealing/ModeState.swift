/// Everything a population keeps about one found mode, in one value: the
/// optimum as the search found it, the Student-t component the proposal draws
/// from (the Laplace approximation, later adapted to the basin's weighted
/// samples), the mode's own flow, and its basin's share of the current target.
///
/// A mode whose Laplace covariance is not positive definite never becomes a
/// `ModeState` (it is dropped when found), so nothing downstream has to skip it.
public struct ModeState<Flow: ProposalDensity & Codable>: Sendable, Codable {
    /// The optimum and its Laplace covariance, as found.
    public let optimum: FoundMode
    /// The proposal component (centre and scale adapted at β = 1).
    public internal(set) var component: EllipticalDensity
    /// Whether `component` has been re-fitted to the basin's samples.
    public internal(set) var adapted = false
    /// The mode's flow (nil when mode flows are off).
    public internal(set) var flow: Flow?
    /// Share of the current target's weight whose nearest mode this is …
    public internal(set) var share = 0.0
    /// … and its standard error (delta method for a self-normalised share).
    public internal(set) var shareError = Double.infinity
    /// How the mode was found.
    public let discovery: ModeDiscovery

    /// The mode with its Laplace component, or nil if the covariance is not positive definite.
    init?(optimum: FoundMode, shape: AnnealingSettings.ComponentShape, discovery: ModeDiscovery) {
        guard let component = try? EllipticalDensity(
            mean: optimum.center, covariance: optimum.covariance, inflation: shape.inflation,
            degreesOfFreedom: shape.degreesOfFreedom)
        else { return nil }
        self.optimum = optimum
        self.component = component
        self.discovery = discovery
    }

    /// Replaces the component's centre and scale matrix by the weighted mean
    /// and covariance of the basin's samples, never narrower than the Laplace
    /// covariance along the diagonal (so the component cannot collapse onto a
    /// few points). Keeps the old component if the result is not positive definite.
    mutating func adapt(points x: [Double], weights w: [Double]) {
        let d = optimum.center.count
        guard let moments = WeightedMoments(points: x, weights: w, dimension: d) else { return }
        var cov = moments.covariance
        let laplace = optimum.covariance
        for a in 0..<d where cov[a * d + a] < laplace[a * d + a] {
            // Scale row and column a up to the Laplace variance (keeps the matrix positive definite).
            let f = (laplace[a * d + a] / max(cov[a * d + a], 1e-300)).squareRoot()
            for b in 0..<d {
                cov[a * d + b] *= f
                cov[b * d + a] *= f
            }
        }
        guard let updated = try? EllipticalDensity(
            mean: moments.mean, covariance: cov, inflation: component.inflation,
            degreesOfFreedom: component.degreesOfFreedom)
        else { return }
        component = updated
        adapted = true
    }
}
