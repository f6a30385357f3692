import Foundation

/// The inverse temperatures of a parallel-tempering run.
///
/// Both evidence estimators need β = 0 (the prior, where stepping stone
/// starts and thermodynamic integration's integral begins) and β = 1 (the
/// posterior). Because E_β[log L] changes fastest at small β, the default
/// places the interior temperatures geometrically: β = 0 followed by
/// `count − 1` values β_min · r^k, k = 0…count−2, ending at 1.
public enum TemperatureLadder: Sendable, Hashable, Codable {
    /// β = 0 and `count − 1` geometrically spaced values from `minimumBeta` to 1.
    case geometric(count: Int, minimumBeta: Double)
    /// An explicit, strictly increasing ladder that starts at 0 and ends at 1.
    case explicit([Double])

    /// The default: 16 temperatures, β_min = 10⁻⁶ (ratio ≈ 2.68 between neighbours).
    public static let standard = TemperatureLadder.geometric(count: 16, minimumBeta: 1e-6)

    /// The validated β values, 0 = β₀ < β₁ < … < β_{K−1} = 1.
    public func betas() throws(BaselineError) -> [Double] {
        switch self {
        case let .geometric(count, minimumBeta):
            guard count >= 2 else {
                throw .invalidSetting(name: "temperatures", value: "\(count)", requirement: "need at least 2 (β = 0 and β = 1)")
            }
            guard minimumBeta.isFinite, minimumBeta > 0, minimumBeta < 1 || count == 2 else {
                throw .invalidSetting(name: "minimum β", value: "\(minimumBeta)", requirement: "must lie in (0, 1)")
            }
            if count == 2 { return [0, 1] }
            let n = count - 1
            let logMin = Foundation.log(minimumBeta)
            var betas: [Double] = [0]
            for k in 0..<(n - 1) {
                let fraction = Double(n - 1 - k) / Double(n - 1)
                betas.append(Foundation.exp(logMin * fraction))
            }
            betas.append(1)
            return betas
        case let .explicit(betas):
            guard betas.count >= 2, betas.first == 0, betas.last == 1,
                  zip(betas, betas.dropFirst()).allSatisfy({ $0 < $1 }) else {
                throw .invalidSetting(name: "temperature ladder", value: "\(betas)",
                                      requirement: "must be strictly increasing from 0 to 1 with at least 2 entries")
            }
            return betas
        }
    }
}
