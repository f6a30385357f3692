/// How many modes no population found, estimated from how often the found
/// ones were found: species richness from incidence data (Chao 1987; the
/// "Chao2" estimator of ecology, where the samples are quadrats and the
/// species are the modes).
///
/// Each of m independent populations searches for modes on its own. A mode
/// found by every population's own search is easy to find; one found by
/// only one of them (a *singleton*) says that some basins are found rarely,
/// and then some may not have been found at all. With Q₁ singletons and Q₂
/// modes found by exactly two populations, the expected number of modes
/// that none found is
///
///     f̂₀ = (m − 1)/m · Q₁² / (2 Q₂)            if Q₂ > 0,
///     f̂₀ = (m − 1)/m · Q₁ (Q₁ − 1) / 2        if Q₂ = 0 (bias-corrected form),
///
/// a lower-bound estimator (it assumes the unseen modes are no harder to
/// find than the rarest seen ones). Modes a population only took from
/// another (the sharing round) do not count as found by it.
///
/// Cost: O(modes).
public struct UnseenModes: Sendable, Hashable, Codable {
    /// Populations that searched (m).
    public var populations: Int
    /// For each found mode, how many populations' own searches found it (1…m).
    public var incidence: [Int]

    public init(populations: Int, incidence: [Int]) {
        self.populations = populations
        self.incidence = incidence
    }

    /// Modes found by exactly one population (Q₁).
    public var singletons: Int { incidence.filter { $0 == 1 }.count }
    /// Modes found by exactly two populations (Q₂).
    public var doubletons: Int { incidence.filter { $0 == 2 }.count }

    /// f̂₀, the estimated number of modes no population found; 0 with fewer
    /// than two populations (nothing to compare).
    public var estimate: Double {
        guard populations >= 2 else { return 0 }
        let m = Double(populations)
        let q1 = Double(singletons), q2 = Double(doubletons)
        return q2 > 0 ? (m - 1) / m * q1 * q1 / (2 * q2) : (m - 1) / m * q1 * (q1 - 1) / 2
    }
}
