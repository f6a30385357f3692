/// Hairer's stiffness test for Dormand–Prince (DOPRI5; Hairer & Wanner,
/// *Solving ODE II*, IV.2, "Automatic stiffness detection"), per lane.
///
/// The last two stages of DOPRI5 are both evaluated at `t + h`, on `u₆` and
/// on `y₁`, so `ρ = ‖f(y₁) − f(u₆)‖ / ‖y₁ − u₆‖` estimates the dominant
/// eigenvalue `|λ|` of the Jacobian along the step. The explicit method is
/// stable only for `h|λ|` up to about 3.3 on the negative real axis, and a
/// step that keeps `h·ρ` near that bound is limited by stability, not
/// accuracy. After ``stiffStepsToSwitch`` (15) accepted steps with
/// `h·ρ > ` ``threshold``, not interrupted by ``nonStiffStepsToReset`` (6)
/// consecutive ordinary ones, the problem is declared stiff.
///
/// DOPRI5 uses the threshold 3.25 and runs the test from its 1000th step on.
/// Here it runs from the first step, and the threshold is 2.5: with PI step
/// control the step creeps up to the stability bound from below instead of
/// oscillating across it, so 3.25 is crossed late (measured on Robertson at
/// rtol 1e-8: `h·ρ` = 2.4 after 100 steps, 3.0 after 1500, 3.25 only after
/// 3900). An accuracy-limited step of a 5th-order method at rtol ≤ 1e-4
/// cannot have `h|λ|` ≈ 2.5 on a component that still matters (its local
/// error would be ~1e-3 of it). Measured maxima on non-stiff problems at rtol
/// 1e-6: the shipped models at their nominal values 0.31 (SIR) to 0.69
/// (Lotka–Volterra), the damped oscillators of the tests 1.1. A false alarm costs speed, never
/// correctness: the stiff method solves non-stiff problems too.
///
/// Cost per accepted step: two passes over the `n·L` values. It only reads
/// the stages, so the explicit results are unchanged by watching them.
struct StiffnessMonitor {
    static let threshold = 2.5
    static let stiffStepsToSwitch = 15
    static let nonStiffStepsToReset = 6

    let numerator: UnsafeMutablePointer<Double>
    let denominator: UnsafeMutablePointer<Double>
    let stiffSteps: UnsafeMutablePointer<Int>
    let nonStiffSteps: UnsafeMutablePointer<Int>

    static func doubleCount(laneCount l: Int) -> Int { 2 * l }
    static func intCount(laneCount l: Int) -> Int { 2 * l }

    /// Carves the monitor's per-lane counters out of `doubles` and `ints` (zeroed).
    init(doubles: UnsafeMutablePointer<Double>, ints: UnsafeMutablePointer<Int>, laneCount l: Int) {
        doubles.initialize(repeating: 0, count: Self.doubleCount(laneCount: l))
        ints.initialize(repeating: 0, count: Self.intCount(laneCount: l))
        numerator = doubles
        denominator = doubles + l
        stiffSteps = ints
        nonStiffSteps = ints + l
    }

    func reset(lane: Int) {
        stiffSteps[lane] = 0
        nonStiffSteps[lane] = 0
    }

    /// `numerator_l = ‖f_last − f_prev‖²`, `denominator_l = ‖u_last − u_prev‖²` (sums over components).
    func measure(
        lastInput: UnsafeMutablePointer<Double>, lastDerivative: UnsafeMutablePointer<Double>,
        previousInput: UnsafeMutablePointer<Double>, previousDerivative: UnsafeMutablePointer<Double>,
        stateCount: Int, laneCount: Int
    ) {
        numerator.update(repeating: 0, count: laneCount)
        denominator.update(repeating: 0, count: laneCount)
        var offset = 0
        for _ in 0..<stateCount {
            let u1 = lastInput + offset, f1 = lastDerivative + offset
            let u0 = previousInput + offset, f0 = previousDerivative + offset
            for lane in 0..<laneCount {
                let df = f1[lane] - f0[lane], du = u1[lane] - u0[lane]
                numerator[lane] += df * df
                denominator[lane] += du * du
            }
            offset += laneCount
        }
    }

    /// Updates the lane's counters with the accepted step `h`.
    /// - Returns: `true` when the lane has just been declared stiff.
    func acceptedStepIsStiff(lane: Int, step h: Double) -> Bool {
        let den = denominator[lane]
        guard den > 0 else { return false }
        let hRho = h * (numerator[lane] / den).squareRoot()
        if hRho > Self.threshold {
            nonStiffSteps[lane] = 0
            stiffSteps[lane] += 1
            return stiffSteps[lane] >= Self.stiffStepsToSwitch
        }
        nonStiffSteps[lane] += 1
        if nonStiffSteps[lane] >= Self.nonStiffStepsToReset { stiffSteps[lane] = 0 }
        return false
    }
}
