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
}
