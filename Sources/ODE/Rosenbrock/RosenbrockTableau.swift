/// A Rosenbrock method (linearly implicit Runge–Kutta), as a value.
///
/// In Hairer & Wanner's transformed form (*Solving ODE II*, IV.7, eq. 7.25),
/// with `J = ∂f/∂y(t₀, y₀)`, `f_t = ∂f/∂t(t₀, y₀)` and `M = I/(hγ) − J`,
/// stage `i = 1…s` solves one linear system with the same matrix:
///
///     M k_i = f(t₀ + c_i h, y₀ + Σ_{j<i} a_ij k_j) + Σ_{j<i} (C_ij / h) k_j + h d_i f_t,
///
///     y₁ = y₀ + Σ b_i k_i,        err = Σ e_i k_i.
///
/// (The stage vectors `k_i` are increments: they already carry the factor `h`.)
/// So a step costs `s` right-hand-side evaluations, one Jacobian, one LU
/// factorisation of the `n × n` matrix `M` and `s` triangular solves. Here `b`
/// is Hairer–Wanner's `m` and `e = m − m̂`.
///
/// The continuous extension (for the Rodas family) is
///
///     y(t₀ + θh) = (1 − θ) y₀ + θ y₁ + θ(1 − θ) Σ_r θ^r Σ_j H_rj k_j,   0 ≤ θ ≤ 1,
///
/// with row `r` of ``denseOutput`` holding `H_r1 … H_rs` (`r = 0, 1, …`).
/// It interpolates `y₀` and `y₁` exactly and needs no extra evaluations.
///
/// The stepper (``RosenbrockSolver``) is written against this value and runs any
/// tableau that passes the structural checks of the initialiser; the order
/// conditions are checked by the tests.
public struct RosenbrockTableau: Sendable, Hashable {
    /// A short human-readable name, e.g. "Rodas5P".
    public let name: String
    /// The diagonal coefficient `γ` (the same for every stage).
    public let gamma: Double
    /// Strictly lower-triangular stage-input coefficients: `a[i]` has `i` entries.
    public let a: [[Double]]
    /// Strictly lower-triangular coefficients of the `k_j / h` terms: `C[i]` has `i` entries.
    public let C: [[Double]]
    /// Nodes `c_i = Σ_j α_ij` (`stageCount` entries, `c[0] = 0`).
    public let c: [Double]
    /// Coefficients `d_i = Σ_j γ_ij` of the `h f_t` term (`stageCount` entries).
    public let d: [Double]
    /// Propagated weights `b` (Hairer–Wanner's `m`, `stageCount` entries).
    public let b: [Double]
    /// Error weights `e = b − b̂` (`stageCount` entries).
    public let errorWeights: [Double]
    /// Classical order of the propagated solution.
    public let order: Int
    /// Order of the embedded solution the error estimate compares against.
    public let embeddedOrder: Int
    /// Dense-output rows `H_r` (each `stageCount` entries); may be empty
    /// (then the continuous extension is the linear interpolant of `y₀`, `y₁`).
    public let denseOutput: [[Double]]

    /// Number of stages `s`.
    public var stageCount: Int { b.count }

    /// Builds a tableau after checking its shape.
    ///
    /// - Throws: ``RosenbrockTableauError`` for wrong lengths, a first node
    ///   other than 0, `γ ≤ 0`, orders below 1 or non-finite coefficients.
    public init(
        name: String, gamma: Double, a: [[Double]], C: [[Double]], c: [Double], d: [Double], b: [Double],
        errorWeights: [Double], order: Int, embeddedOrder: Int, denseOutput: [[Double]]
    ) throws(RosenbrockTableauError) {
        let s = b.count
        guard s >= 1 else { throw .noStages }
        guard a.count == s, C.count == s, c.count == s, d.count == s, errorWeights.count == s else {
            throw .inconsistentStageCount(expected: s)
        }
        for (i, row) in a.enumerated() where row.count != i { throw .malformedRow(stage: i, expected: i, found: row.count) }
        for (i, row) in C.enumerated() where row.count != i { throw .malformedRow(stage: i, expected: i, found: row.count) }
        guard c[0] == 0 else { throw .firstNodeNotZero(c[0]) }
        guard gamma > 0 else { throw .nonPositiveGamma(gamma) }
        guard order >= 1, embeddedOrder >= 1 else { throw .invalidOrder }
        guard denseOutput.allSatisfy({ $0.count == s }) else { throw .malformedDenseOutput }
        let all = [gamma] + a.joined() + C.joined() + c + d + b + errorWeights + denseOutput.joined()
        guard all.allSatisfy(\.isFinite) else { throw .nonFiniteCoefficient }
        self.name = name
        self.gamma = gamma
        self.a = a
        self.C = C
        self.c = c
        self.d = d
        self.b = b
        self.errorWeights = errorWeights
        self.order = order
        self.embeddedOrder = embeddedOrder
        self.denseOutput = denseOutput
    }
}

/// Why a ``RosenbrockTableau`` could not be built.
public enum RosenbrockTableauError: Error, Sendable, Hashable, CustomStringConvertible {
    case noStages
    case inconsistentStageCount(expected: Int)
    case malformedRow(stage: Int, expected: Int, found: Int)
    case firstNodeNotZero(Double)
    case nonPositiveGamma(Double)
    case invalidOrder
    case malformedDenseOutput
    case nonFiniteCoefficient

    public var description: String {
        switch self {
        case .noStages: return "a Rosenbrock tableau needs at least one stage"
        case .inconsistentStageCount(let s): return "a, C, c, d, b and error weights must all have \(s) stages"
        case let .malformedRow(stage, expected, found):
            return "row \(stage) of a and C must have \(expected) entries (strictly lower triangular), found \(found)"
        case .firstNodeNotZero(let c0): return "c[0] must be 0, found \(c0)"
        case .nonPositiveGamma(let g): return "gamma must be positive, found \(g)"
        case .invalidOrder: return "orders must be at least 1"
        case .malformedDenseOutput: return "every dense-output row needs one entry per stage"
        case .nonFiniteCoefficient: return "tableau coefficients must be finite"
        }
    }
}
