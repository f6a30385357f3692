/// A ``BatchODESystem`` that also supplies its Jacobian `∂f/∂y` and its
/// explicit time derivative `∂f/∂t`, as the stiff solver needs them.
///
/// Layouts (with `n = stateCount`, `L = laneCount`): entry `(i, j) = ∂f_i/∂y_j`
/// of lane `l` at `jacobian[(i·n + j)·L + l]`; `∂f_i/∂t` of lane `l` at
/// `timeDerivative[i·L + l]` (like a state). Every entry must be written.
///
/// The solver knows nothing of where the derivatives come from: a compiled
/// model differentiates its expressions symbolically; a hand-written system
/// may write them by hand; any other system is wrapped in
/// ``FiniteDifferenceJacobian``. Like `evaluate`, this is called for all
/// lanes, including idle ones holding arbitrary values, and must not trap.
public protocol BatchJacobianSystem: BatchODESystem {
    /// Writes `∂f/∂y` and `∂f/∂t` at `(t, y)` for lanes `0..<laneCount`.
    ///
    /// - Parameters:
    ///   - dydt: `f(t, y)` for the same lanes, already evaluated by the solver
    ///     (finite differences start from it).
    /// - Returns: the number of right-hand-side `evaluate` calls the Jacobian
    ///   cost (0 when it is exact; `n + 1` for finite differences), so that
    ///   the solver's statistics count them.
    mutating func evaluateJacobian(
        t: UnsafePointer<Double>, y: UnsafePointer<Double>, dydt: UnsafePointer<Double>,
        jacobian: UnsafeMutablePointer<Double>, timeDerivative: UnsafeMutablePointer<Double>,
        laneCount: Int) -> Int

    /// Writes `f(t, y)` into `dydt` and then `∂f/∂y` and `∂f/∂t` as
    /// ``evaluateJacobian(t:y:dydt:jacobian:timeDerivative:laneCount:)``
    /// does: what the stiff solver needs at the start of every step. A system
    /// whose right-hand side and derivatives share subexpressions (a compiled
    /// model's Hill term `x^n` appears in both) may compute them in one pass.
    ///
    /// - Returns: the number of right-hand-side `evaluate` calls the
    ///   Jacobian cost beyond `f(t, y)` itself (as for `evaluateJacobian`).
    mutating func evaluateWithJacobian(
        t: UnsafePointer<Double>, y: UnsafePointer<Double>, dydt: UnsafeMutablePointer<Double>,
        jacobian: UnsafeMutablePointer<Double>, timeDerivative: UnsafeMutablePointer<Double>,
        laneCount: Int) -> Int
}

extension BatchJacobianSystem {
    /// `evaluate`, then `evaluateJacobian`.
    public mutating func evaluateWithJacobian(
        t: UnsafePointer<Double>, y: UnsafePointer<Double>, dydt: UnsafeMutablePointer<Double>,
        jacobian: UnsafeMutablePointer<Double>, timeDerivative: UnsafeMutablePointer<Double>,
        laneCount: Int
    ) -> Int {
        evaluate(t: t, y: y, dydt: dydt, laneCount: laneCount)
        return evaluateJacobian(t: t, y: y, dydt: dydt, jacobian: jacobian, timeDerivative: timeDerivative,
                                laneCount: laneCount)
    }
}
