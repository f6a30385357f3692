import Foundation
import Inference
import ModelDSL
import Testing

/// `check` accepts a prior ⇔ the sampler's prior works with it (issue 12,
/// item 5). "Works" is measured on what `fit` does with a prior
/// (Inference's `Prior`): it can be built; its most extreme draws (quantiles
/// 2⁻⁵³ and 1 − 2⁻⁵³, the ends of a 53-bit open uniform) are finite
/// (positive on log scales) with finite squares (and on log scales finite
/// reciprocal squares); its quantiles 10⁻⁶ … 1 − 10⁻⁶ map to a finite
/// unconstrained coordinate with a finite density that maps back to the same
/// value (to 10⁻⁶ of the quartile spread); 4096 seeded draws are finite,
/// have a finite non-zero variance in both coordinates (the flow standardises
/// by it) and are resolved (≥ 99% distinct). The cases stay clear of the
/// narrow bands where the checker is deliberately stricter than these probes
/// (it keeps 2²³ of headroom for sums of squares, and asks for 2²⁰ resolvable
/// values); each case also states which side it is on, so that a rule that
/// refused (or accepted) everything would fail.
@Suite struct PriorUsabilityTests {
    struct Case: CustomTestStringConvertible, Sendable {
        var distribution: Prior.Distribution
        var truncation: ClosedRange<Double>?
        var usable: Bool
        var testDescription: String { text }

        var text: String {
            let (name, a, b): (String, Double, Double)
            switch distribution {
            case let .uniform(lo, hi): (name, a, b) = ("Uniform", lo, hi)
            case let .logUniform(lo, hi): (name, a, b) = ("LogUniform", lo, hi)
            case let .normal(m, s): (name, a, b) = ("Normal", m, s)
            case let .logNormal(m, s): (name, a, b) = ("LogNormal", m, s)
            }
            return "\(name)(\(a), \(b))" + (truncation.map { " in [\($0.lowerBound), \($0.upperBound)]" } ?? "")
        }
    }

    static let cases: [Case] = [
        // Ordinary and wide-but-representable priors.
        Case(distribution: .normal(mean: 1, sd: 0.5), usable: true),
        Case(distribution: .uniform(lower: 0, upper: 10), usable: true),
        Case(distribution: .logUniform(lower: 1e-3, upper: 1e3), usable: true),
        Case(distribution: .logNormal(mu: 0, sigma: 1), usable: true),
        Case(distribution: .normal(mean: 0, sd: 1e-100), usable: true),
        Case(distribution: .normal(mean: 1e6, sd: 1e-3), usable: true),
        Case(distribution: .normal(mean: 1, sd: 1e-8), usable: true),
        Case(distribution: .normal(mean: 0, sd: 1e149), usable: true),
        Case(distribution: .logNormal(mu: 0, sigma: 40), usable: true),
        Case(distribution: .logNormal(mu: 0, sigma: 1e-6), usable: true),
        Case(distribution: .logUniform(lower: 1e-150, upper: 1e150), usable: true),
        Case(distribution: .uniform(lower: -1e150, upper: 1e150), usable: true),
        Case(distribution: .uniform(lower: 0, upper: 1e-140), usable: true),
        Case(distribution: .normal(mean: 0, sd: 1), truncation: 5...6, usable: true),
        Case(distribution: .normal(mean: 0, sd: 1), truncation: 6...7, usable: true),
        Case(distribution: .logNormal(mu: 0, sigma: 1), truncation: 0.001...1000, usable: true),
        // The issue's three, and each way a prior can be out of double precision's reach.
        Case(distribution: .logNormal(mu: 0, sigma: 1e300), usable: false),
        Case(distribution: .normal(mean: 1, sd: 0x1p-1063), usable: false),  // ≈ 1.01e-320, a subnormal
        Case(distribution: .uniform(lower: -1e200, upper: 1e200), usable: false),
        Case(distribution: .normal(mean: 0, sd: 1e160), usable: false),
        Case(distribution: .logNormal(mu: 0, sigma: 60), usable: false),
        Case(distribution: .logUniform(lower: 1e-200, upper: 1), usable: false),
        Case(distribution: .logUniform(lower: 1, upper: 1e160), usable: false),
        Case(distribution: .normal(mean: 0, sd: 1e-200), usable: false),
        Case(distribution: .uniform(lower: 0, upper: 1e-300), usable: false),
        Case(distribution: .normal(mean: 1, sd: 1e-13), usable: false),
        Case(distribution: .logNormal(mu: 0, sigma: 1e-13), usable: false),
        Case(distribution: .uniform(lower: 1, upper: 1 + 1e-12), usable: false),
        Case(distribution: .logUniform(lower: 1, upper: 1 + 1e-12), usable: false),
        Case(distribution: .normal(mean: 1e6, sd: 1e-9), usable: false),
        Case(distribution: .normal(mean: 0, sd: 1e-200), truncation: -1...1, usable: false),
        Case(distribution: .normal(mean: 0, sd: 1), truncation: 10...11, usable: false),
        Case(distribution: .normal(mean: 0, sd: 1), truncation: 8.5...9, usable: false),
    ]

    /// Whether `check` accepts the prior in a minimal model.
    static func checkAccepts(_ c: Case) -> Bool {
        let text = "model m\nx = 1\nx' = -k*x\nprior k ~ \(c.text)\nobserve y = x ~ Normal(0.1)\n"
        do {
            _ = try LoadedModel.load(source: ModelSource(path: "prior.model", text: text), readData: false)
            return true
        } catch {
            #expect(error.diagnostics.allSatisfy { $0.line == 4 && $0.column >= 11 }, "\(error)")
            return false
        }
    }

    /// Whether the sampler's prior works (see the suite's comment); the first failure, or nil.
    static func samplerProblem(_ c: Case) -> String? {
        guard let prior = try? Prior(c.distribution, truncation: c.truncation) else { return "Prior refuses it" }
        let log = prior.isLogScale
        func working(_ x: Double) -> Double { log ? Foundation.log(x) : x }
        let quartileSpread = working(prior.quantile(0.75)) - working(prior.quantile(0.25))
        // The most extreme draws inversion with 53-bit uniforms can make: representable.
        for p in [0x1p-53, 1 - 0x1p-53] {
            let x = prior.quantile(p)
            guard x.isFinite, !log || x > 0 else { return "quantile(\(p)) = \(x)" }
            guard (x * x).isFinite, !log || (1 / (x * x)).isFinite else { return "quantile(\(p)) = \(x) squares out of range" }
        }
        // Inside the support: the transform and its inverse agree.
        for p in [1e-6, 0.25, 0.5, 0.75, 1 - 1e-6] {
            let x = prior.quantile(p)
            guard x.isFinite, !log || x > 0 else { return "quantile(\(p)) = \(x)" }
            let u = prior.unconstrained(x)
            guard u.isFinite, prior.logDensity(unconstrained: u).isFinite else { return "u(\(x)) = \(u)" }
            let back = prior.natural(u)
            guard abs(working(back) - working(x)) <= 1e-6 * quartileSpread else {
                return "round trip \(x) → \(u) → \(back) (quartile spread \(quartileSpread))"
            }
        }
        var rng = RandomSource(seed: 20_261_204)
        let draws = (0..<4096).map { _ in prior.sample(using: &rng) }
        let us = draws.map { prior.unconstrained($0) }
        guard draws.allSatisfy(\.isFinite), us.allSatisfy(\.isFinite),
              us.allSatisfy({ prior.logDensity(unconstrained: $0).isFinite }) else { return "a non-finite draw" }
        func variance(_ v: [Double]) -> Double {
            let mean = v.reduce(0, +) / Double(v.count)
            return v.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(v.count - 1)
        }
        for (name, v) in [("x", draws), ("u", us)] {
            let s2 = variance(v)
            guard s2.isFinite, s2 > 0 else { return "variance of \(name) = \(s2)" }
        }
        let distinct = Set(draws).count
        guard distinct >= 4055 else { return "only \(distinct) distinct draws of 4096" }
        return nil
    }

    @Test(arguments: cases)
    func checkAcceptsExactlyWhatTheSamplerCanUse(_ c: Case) {
        let problem = Self.samplerProblem(c)
        let accepted = Self.checkAccepts(c)
        #expect(accepted == (problem == nil), "check \(accepted ? "accepts" : "refuses"); sampler: \(problem ?? "works")")
        #expect(accepted == c.usable)
    }
}
