import Foundation
import Testing
import ODE

/// Order of convergence and dense-output accuracy of the Rosenbrock methods
/// against closed forms.
@Suite struct RosenbrockConvergenceTests {
    /// Global error at `T = 2` after `steps` fixed steps: the step is pinned by
    /// `initialStep = maxStepSize = T/steps` and a tolerance so loose that
    /// every step is accepted.
    func fixedStepError(_ system: ExactJacobianSystem, exact: (Double) -> [Double], tableau: RosenbrockTableau,
                        steps: Int) throws -> Double {
        let end = 2.0
        let h = end / Double(steps)
        let options = SolverOptions(relativeTolerance: 0, absoluteTolerance: 1e10, initialStep: h, maxStepSize: h)
        let (observer, stats) = try solveOne(system, times: [end], options: options, tableau: tableau)
        #expect(stats.acceptedSteps == steps && stats.rejectedSteps == 0)
        return zip(observer.states[0], exact(end)).map { abs($0 - $1) }.max() ?? .nan
    }

    /// Halving the step divides the global error by `2^p`: on the nonlinear
    /// logistic equation the observed order `log2(e_h / e_{h/2})` is within
    /// 0.3 of `p` (4 for Rodas4, 5 for Rodas5P) for steps 1/8 … 1/64. On
    /// linear problems only the stability function `R(z)` matters, and
    /// Rodas5P's approximates `e^z` to order 6 (`R(z) − e^z = O(z⁷)`, checked
    /// with numpy), so there the observed order is at least `p − 0.3` — on an
    /// autonomous rotation and on a non-autonomous forced decay (which needs
    /// the `h d_i ∂f/∂t` terms; without them the order drops to 1).
    @Test(arguments: [RosenbrockTableau.rodas4, .rodas5P])
    func observedOrderMatchesTheTableau(tableau: RosenbrockTableau) throws {
        let cases: [(String, ExactJacobianSystem, (Double) -> [Double], Bool)] = [
            ("logistic", .logistic, ExactJacobianSystem.logisticExact, true),
            ("rotation", .rotation, ExactJacobianSystem.rotationExact, false),
            ("forced", .forced, ExactJacobianSystem.forcedExact, false),
        ]
        for (name, system, exact, sharp) in cases {
            let errors = try [16, 32, 64, 128].map {
                try fixedStepError(system, exact: exact, tableau: tableau, steps: $0)
            }
            for k in 1..<errors.count where errors[k] > 1e-13 {
                let order = log2(errors[k - 1] / errors[k])
                let p = Double(tableau.order)
                #expect(sharp ? abs(order - p) < 0.3 : order > p - 0.3,
                        "\(tableau.name) \(name): observed order \(order) between \(16 << (k - 1)) and \(16 << k) steps; errors \(errors)")
            }
        }
    }

    /// Dense output between the steps is as accurate as the steps: on the
    /// rotation over 3 periods with `atol = rtol·1e-2`, the largest global
    /// error at 1001 output times is at most 10 tolerance units (as
    /// AccuracyTests requires of Dormand–Prince), and the outputs strictly
    /// inside steps are no worse than 3× the error at the step ends.
    @Test(arguments: [RosenbrockTableau.rodas4, .rodas5P], [1e-5, 1e-7])
    func denseOutputIsAsAccurateAsTheSteps(tableau: RosenbrockTableau, rtol: Double) throws {
        let end = 6.0
        let times = grid(0, end, count: 1001)
        let options = SolverOptions(relativeTolerance: rtol, absoluteTolerance: rtol * 1e-2)
        let (observer, stats) = try solveOne(ExactJacobianSystem.rotation, times: times, options: options, tableau: tableau)
        #expect(stats.succeeded == 1)
        var worst = 0.0
        for (k, t) in times.enumerated() {
            let exact = ExactJacobianSystem.rotationExact(t)
            for i in 0..<2 {
                let error = abs(observer.states[0][2 * k + i] - exact[i])
                worst = max(worst, error / (options.absoluteTolerance + rtol * 1))
            }
        }
        #expect(worst <= 10, "\(tableau.name) rtol \(rtol): worst scaled error \(worst)")
        // The step ends alone (a solve whose only outputs are the step ends is the same solve).
        let endOnly = try solveOne(ExactJacobianSystem.rotation, times: [end], options: options, tableau: tableau).0
        let exactEnd = ExactJacobianSystem.rotationExact(end)
        let endError = zip(endOnly.states[0], exactEnd).map { abs($0 - $1) }.max()! / (options.absoluteTolerance + rtol)
        #expect(worst <= 3 * max(endError, 1), "dense \(worst) vs step end \(endError)")
    }
}
