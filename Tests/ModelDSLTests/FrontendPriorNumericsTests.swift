import Foundation
import Testing
@testable import ModelDSL

/// Priors that pass the validity rules but that `fit` cannot use in double
/// precision (issue 12, item 5) are refused by the checker, located at the
/// argument at fault; the thresholds are the documented closed forms
/// (reach 8.3 sd, range 2⁵⁰⁰, resolution 2²⁰ ulps or 2⁻³² on log scales,
/// truncated mass 2⁻³³). `CLITests/PriorUsabilityTests` checks the rule
/// against what the sampler's prior actually does.
@Suite struct FrontendPriorNumericsTests {
    static func model(_ prior: String) -> String {
        "model m\nx = 1\nx' = -k*x\nprior k ~ \(prior)\nobserve y = x ~ Normal(0.1)\n"
    }

    /// The single error checking `prior` gives, or nil when it is accepted.
    static func error(_ prior: String) -> Diagnostic? {
        let errors = Frontend.errors(model(prior))
        #expect(errors.count <= 1, "\(errors)")
        return errors.first
    }

    struct Refused: CustomTestStringConvertible, Sendable {
        var prior: String
        var column: Int
        var message: String
        var testDescription: String { prior }
    }

    /// The three priors and one of each rule, with the column of the
    /// argument the message points at (line 4, `prior k ~ ` is 10 columns).
    static let refused: [Refused] = [
        Refused(prior: "LogNormal(0, 1e300)", column: 24,
                message: "LogNormal(0, 1e+300): log x reaches 8.3e+300 (mean ± 8.3 sd), beyond ±346.6: x outside [3.05e-151, 3.27e+150] overflows double-precision arithmetic (squares, sums of squares); use an sd of at most 41.7"),
        Refused(prior: "Normal(1, 1e-320)", column: 21,
                message: "Normal(1, 1e-320): the sd 1e-320 is too small to resolve at 1 in double precision (fewer than 10^6 representable values; need at least 2.33e-10); give the parameter a fixed value instead of a prior, or widen the prior"),
        Refused(prior: "Uniform(-1e200, 1e200)", column: 11,
                message: "Uniform(-1e+200, 1e+200): values reach 1e+200, beyond ±3.27e+150 where double-precision arithmetic (squares, sums of squares) overflows; rescale the parameter (measure it in other units) or narrow the prior"),
        Refused(prior: "Uniform(1, 1e200)", column: 11,
                message: "Uniform(1, 1e+200): values reach 1e+200, beyond ±3.27e+150 where double-precision arithmetic (squares, sums of squares) overflows; rescale the parameter (measure it in other units) or narrow the prior; for a positive quantity spanning many orders of magnitude use LogUniform"),
        Refused(prior: "Normal(0, 1e-200)", column: 21,
                message: "Normal(0, 1e-200): the sd 1e-200 is below 3.05e-151, where squared deviations underflow"),
        Refused(prior: "Uniform(0, 1e-300)", column: 11, message: "Uniform(0, 1e-300): the width 1e-300 is below 3.05e-151"),
        Refused(prior: "LogUniform(1e-200, 1)", column: 11, message: "LogUniform(1e-200, 1): log x reaches -461"),
        Refused(prior: "LogUniform(1, 1.000000000001)", column: 11,
                message: "LogUniform(1, 1.000000000001): the width 1e-12 of log x is too small to resolve in double precision (fewer than 10^6 representable values; need at least 2.33e-10)"),
        Refused(prior: "Uniform(1e6, 1e6 + 1e-6)", column: 11,
                message: "Uniform(1000000, 1000000.000001): the width 1e-06 is too small to resolve at 1e+06 in double precision"),
        Refused(prior: "Normal(0, 1) in [10, 11]", column: 28,
                message: "truncation [10, 11] keeps only 7.62e-24 of the probability of Normal(0, 1); at least 1.16e-10 is needed"),
        Refused(prior: "Normal(0, 1) in [-30, -6.5]", column: 28, message: "truncation [-30, -6.5] keeps only 4.02e-11 of"),
        Refused(prior: "Normal(0, 1e-200) in [-1, 1]", column: 21,
                message: "Normal(0, 1e-200): the sd 1e-200 is too small to resolve at 1 in double precision"),
        Refused(prior: "Normal(0, 1) in [0, 1e-12]", column: 28, message: "truncation [0, 1e-12] keeps only 3.99e-13 of"),
        Refused(prior: "Normal(1e6, 1) in [1e6, 1e6 + 1e-9]", column: 30,
                message: "Normal(1000000, 1): the truncated range 1.05e-09 is too small to resolve at 1e+06"),
    ]

    @Test(arguments: refused)
    func refusedWithLocation(_ c: Refused) throws {
        let d = try #require(Self.error(c.prior), "accepted \(c.prior)")
        #expect(d.message.hasPrefix(c.message), "\(d.message)")
        #expect((d.line, d.column) == (4, c.column), "\(d)")
    }

    /// Priors near the edges that `fit` can use are accepted.
    @Test(arguments: [
        "Normal(1, 0.5)", "Normal(0, 1e-100)", "Normal(1e6, 1e-3)", "Normal(1, 1e-8)", "Normal(0, 1e149)",
        "LogNormal(0, 41.7)", "LogNormal(300, 5)", "LogNormal(0, 1e-6)", "LogUniform(1e-150, 1e150)",
        "Uniform(-1e150, 1e150)", "Uniform(0, 1e-150)", "Normal(0, 1) in [5, 6]", "Normal(0, 1) in [-6.3, -6]",
        "LogNormal(0, 1) in [0.001, 1000]", "Normal(3, 1e-9) in [2, 4]", "Uniform(0, 1) in [0.5, 2]",
    ])
    func accepted(_ prior: String) {
        #expect(Self.error(prior) == nil, "\(prior)")
    }

    /// The thresholds sit where their closed forms put them: reach 8.3·sd
    /// against 500·ln 2 ≈ 346.57 on log scales; 2²⁰·ulp(1) = 2⁻³² ≈ 2.328e-10
    /// for the resolution at 1; 2⁵⁰⁰ ≈ 3.273e150 for the range; 2⁻³³ ≈ 1.164e-10
    /// for the truncated mass (Φ(-6.3) ≈ 1.49e-10 and Φ(-6.4) ≈ 7.8e-11).
    @Test func thresholdsAreTheClosedForms() {
        #expect(Self.error("LogNormal(0, 41.75)") == nil)  // 346.5
        #expect(Self.error("LogNormal(0, 41.76)") != nil)  // 346.6
        #expect(Self.error("Normal(1, 2.33e-10)") == nil)
        #expect(Self.error("Normal(1, 2.32e-10)") != nil)
        #expect(Self.error("Normal(0, 3.94e149)") == nil)  // 8.3 sd = 3.27e150
        #expect(Self.error("Normal(0, 3.95e149)") != nil)
        #expect(Self.error("Uniform(0, 3.27e150)") == nil)
        #expect(Self.error("Uniform(0, 3.28e150)") != nil)
        #expect(Self.error("Normal(0, 1) in [-100, -6.3]") == nil)
        #expect(Self.error("Normal(0, 1) in [-100, -6.4]") != nil)
        #expect(Self.error("Normal(0, 1) in [6.3, 100]") == nil)
        #expect(Self.error("Normal(0, 1) in [6.4, 100]") != nil)
    }

    /// The tail masses the truncation rule uses agree with closed forms.
    @Test func normalMassIsAccurateInBothTails() {
        // Φ(-10) = 7.619853024160526e-24 (mpmath).
        #expect(abs(PriorReach.normalMass(from: -.infinity, to: -10) / 7.619853024160526e-24 - 1) < 1e-12)
        #expect(abs(PriorReach.normalMass(from: 10, to: .infinity) / 7.619853024160526e-24 - 1) < 1e-12)
        // Φ(1) − Φ(−1) = erf(1/√2) = 0.6826894921370859.
        #expect(abs(PriorReach.normalMass(from: -1, to: 1) - 0.6826894921370859) < 1e-15)
        #expect(PriorReach.normalMass(from: -.infinity, to: .infinity) == 1)
    }
}
