import Foundation

extension Posterior {
    /// Largest |u| of a guess's coordinate: a guess at a prior bound (a
    /// published optimum often has parameters there, at u = ±∞) starts at
    /// |u| = 12 instead, e^(−12) ≈ 6·10⁻⁶ of the prior's working range from the
    /// bound (5·10⁻⁵ decades for a LogUniform prior over 8 decades). Not
    /// further: on Elowitz_Nature2000 the nominal point clamped to |u| ≤ 20
    /// fails to solve (log L = −∞, where the climb cannot start), while at
    /// |u| ≤ 12 its log L equals the nominal point's (63.20).
    public static let guessEdge = 12.0

    /// The guesses as unconstrained starting points, each coordinate clamped to
    /// |u| ≤ ``guessEdge``. Guesses outside the prior's support are dropped.
    public func guessStarts() -> [[Double]] {
        guesses.compactMap { x in
            guard x.count == dimension else { return nil }
            var u: [Double] = []
            for j in 0..<dimension {
                guard priors[j].admits(x[j]) else { return nil }
                let s = priors[j].support
                let uj = priors[j].unconstrained(min(max(x[j], s.lowerBound), s.upperBound))
                guard !uj.isNaN else { return nil }
                u.append(min(max(uj, -Self.guessEdge), Self.guessEdge))
            }
            return u
        }
    }
}

extension Prior {
    /// Whether `x` lies in the support, allowing a relative 1e-12 beyond its
    /// ends: a bound written in a file (1e-9) and the support computed from
    /// its logarithm (exp(log 1e-9)) may differ in the last bit.
    public func admits(_ x: Double) -> Bool {
        guard x.isFinite else { return false }
        let s = support
        return x >= s.lowerBound - 1e-12 * abs(s.lowerBound) && x <= s.upperBound + 1e-12 * abs(s.upperBound)
    }
}
