import Foundation
import Testing
import ODE

/// A Rosenbrock tableau in Hairer & Wanner's original form (ODE II, IV.7):
/// from the transformed coefficients, `Γ⁻¹ = I/γ − C`, `α = a Γ`, `b = m Γ`.
private struct RosenbrockStandardForm {
    let s: Int
    let gamma: Double
    /// `α_ij` and `Γ = (γ_ij)` (lower triangular, diagonal γ), full `s × s`.
    let alpha: [[Double]]
    let Gamma: [[Double]]

    init(_ t: RosenbrockTableau) {
        s = t.stageCount
        gamma = t.gamma
        let pad = { (row: [Double]) in row + Array(repeating: 0.0, count: t.stageCount - row.count) }
        let a = t.a.map(pad), C = t.C.map(pad)
        // Γ⁻¹ is lower triangular: Γ by forward substitution, column by column.
        var inverse = C.map { $0.map { -$0 } }
        for i in 0..<s { inverse[i][i] = 1 / t.gamma }
        var g = Array(repeating: Array(repeating: 0.0, count: s), count: s)
        for j in 0..<s {
            for i in j..<s {
                var rhs = i == j ? 1.0 : 0.0
                for k in j..<i { rhs -= inverse[i][k] * g[k][j] }
                g[i][j] = rhs / inverse[i][i]
            }
        }
        Gamma = g
        var al = Array(repeating: Array(repeating: 0.0, count: s), count: s)
        for i in 0..<s { for j in 0..<s { for k in 0..<s { al[i][j] += a[i][k] * g[k][j] } } }
        alpha = al
    }

    func times(_ w: [Double], _ m: [[Double]]) -> [Double] {
        (0..<s).map { j in (0..<s).reduce(0.0) { $0 + w[$1] * m[$1][j] } }
    }

    /// The weights `b = m Γ` of the transformed weights `m`.
    func standardWeights(_ m: [Double]) -> [Double] { times(m, Gamma) }

    /// Residuals of the conditions for orders 1…4 (HW Table IV.7.1), with
    /// `α_i = Σ α_ij`, `β_ij = α_ij + γ_ij` (strictly lower part), `β'_i = Σ_j β_ij`.
    func residuals(weights b: [Double]) -> [[Double]] {
        var beta = Array(repeating: Array(repeating: 0.0, count: s), count: s)
        for i in 0..<s { for j in 0..<i { beta[i][j] = alpha[i][j] + Gamma[i][j] } }
        func apply(_ m: [[Double]], _ v: [Double]) -> [Double] { m.map { zip($0, v).map(*).reduce(0, +) } }
        func dot(_ v: [Double]) -> Double { zip(b, v).map(*).reduce(0, +) }
        let al = alpha.map { $0.reduce(0, +) }
        let bp = beta.map { $0.reduce(0, +) }
        let g = gamma
        let al2 = al.map { $0 * $0 }
        let al3 = al.map { $0 * $0 * $0 }
        let ones = Array(repeating: 1.0, count: s)
        let alphaBp = zip(al, apply(alpha, bp)).map(*)
        let third: Double = 1.0 / 6 - g + g * g
        let fourth: Double = 1.0 / 24 - g / 2 + 1.5 * g * g - g * g * g
        return [
            [dot(ones) - 1],
            [dot(bp) - (0.5 - g)],
            [dot(al2) - 1.0 / 3, dot(apply(beta, bp)) - third],
            [dot(al3) - 0.25, dot(alphaBp) - (1.0 / 8 - g / 3), dot(apply(beta, al2)) - (1.0 / 12 - g / 3),
             dot(apply(beta, apply(beta, bp))) - fourth],
        ]
    }
}

@Suite struct RosenbrockTableauTests {
    static let tableaus: [RosenbrockTableau] = [.rodas4, .rodas5P]

    @Test(arguments: tableaus)
    func nodesAndTimeCoefficientsMatchTheStandardForm(tableau: RosenbrockTableau) {
        let form = RosenbrockStandardForm(tableau)
        for i in 0..<tableau.stageCount {
            #expect(abs(form.alpha[i].reduce(0, +) - tableau.c[i]) < 1e-13, "c[\(i)]")
            #expect(abs(form.Gamma[i].reduce(0, +) - tableau.d[i]) < 1e-13, "d[\(i)]")
        }
    }

    @Test(arguments: tableaus)
    func propagatedAndEmbeddedSolutionsHaveTheirOrders(tableau: RosenbrockTableau) {
        let form = RosenbrockStandardForm(tableau)
        let b = form.standardWeights(tableau.b)
        let bHat = form.standardWeights(zip(tableau.b, tableau.errorWeights).map(-))
        for (order, conditions) in form.residuals(weights: b).enumerated() {
            for (k, r) in conditions.enumerated() { #expect(abs(r) < 1e-12, "b: order \(order + 1) tree \(k): \(r)") }
        }
        for (order, conditions) in form.residuals(weights: bHat).enumerated() where order + 1 <= tableau.embeddedOrder {
            for (k, r) in conditions.enumerated() { #expect(abs(r) < 1e-12, "b̂: order \(order + 1) tree \(k): \(r)") }
        }
        if tableau.embeddedOrder == 3 {
            // A genuine third-order estimator violates some fourth-order condition.
            #expect(form.residuals(weights: bHat)[3].contains { abs($0) > 1e-4 })
        }
    }

    /// L-stability: the stability function `R(z) = 1 + z bᵀ(I − zB)⁻¹𝟙`
    /// (`B = α + Γ`) tends to 0 as `z → −∞`; for these stiffly accurate
    /// methods it is exactly 0 there. Checked at `z = −1e8`.
    @Test(arguments: tableaus)
    func stabilityFunctionVanishesAtInfinity(tableau: RosenbrockTableau) {
        let form = RosenbrockStandardForm(tableau)
        let s = tableau.stageCount
        let z = -1e8
        let B = (0..<s).map { i in (0..<s).map { j in form.alpha[i][j] + form.Gamma[i][j] } }
        // Solve (I − zB) x = 𝟙 (lower triangular).
        var x = Array(repeating: 0.0, count: s)
        for i in 0..<s {
            var rhs = 1.0
            for j in 0..<i { rhs += z * B[i][j] * x[j] }
            x[i] = rhs / (1 - z * B[i][i])
        }
        let b = form.standardWeights(tableau.b)
        let r = 1 + z * zip(b, x).map(*).reduce(0, +)
        #expect(abs(r) < 1e-6, "R(-1e8) = \(r)")
    }

    @Test func malformedTableausAreRejected() {
        #expect(throws: RosenbrockTableauError.noStages) {
            try RosenbrockTableau(name: "x", gamma: 0.5, a: [], C: [], c: [], d: [], b: [], errorWeights: [],
                                  order: 1, embeddedOrder: 1, denseOutput: [])
        }
        #expect(throws: RosenbrockTableauError.nonPositiveGamma(0)) {
            try RosenbrockTableau(name: "x", gamma: 0, a: [[]], C: [[]], c: [0], d: [0], b: [1], errorWeights: [1],
                                  order: 1, embeddedOrder: 1, denseOutput: [])
        }
        #expect(throws: RosenbrockTableauError.malformedRow(stage: 1, expected: 1, found: 0)) {
            try RosenbrockTableau(name: "x", gamma: 0.5, a: [[], []], C: [[], [1]], c: [0, 1], d: [0, 0], b: [1, 0],
                                  errorWeights: [1, 0], order: 1, embeddedOrder: 1, denseOutput: [])
        }
        #expect(throws: RosenbrockTableauError.malformedDenseOutput) {
            try RosenbrockTableau(name: "x", gamma: 0.5, a: [[]], C: [[]], c: [0], d: [0], b: [1], errorWeights: [1],
                                  order: 1, embeddedOrder: 1, denseOutput: [[1, 2]])
        }
    }
}

extension RosenbrockTableau: CustomTestStringConvertible {
    public var testDescription: String { name }
}
