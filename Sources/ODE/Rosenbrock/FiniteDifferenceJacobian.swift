/// The Jacobian of any ``BatchODESystem`` by forward differences: the fallback
/// for systems that cannot differentiate themselves (e.g. a hand-written
/// Swift right-hand side), and for the columns a compiled model could not
/// differentiate symbolically.
///
/// Column `j` of lane `l` is `(f(t, y + δ e_j) − f(t, y)) / δ` with
/// `δ = √(u · max(10⁻⁵, |y_j|))` (`u` the unit roundoff, as in Hairer &
/// Wanner's codes), rounded so that `y_j + δ` is exact; `∂f/∂t` likewise with
/// `δ_t = √(u · max(10⁻⁵, |t|))`. Forward differences carry an error of about
/// `√u ≈ 1e-8` relative, far below what a Rosenbrock step needs.
///
/// Cost: one `evaluate` call over all lanes per column, plus one for `∂f/∂t`.
public struct FiniteDifferenceJacobian<Base: BatchODESystem>: BatchJacobianSystem {
    /// The wrapped system.
    public var base: Base
    private var scratch: FiniteDifferenceScratch

    public init(_ base: Base) {
        self.base = base
        scratch = FiniteDifferenceScratch()
    }

    public var stateCount: Int { base.stateCount }

    public mutating func load(problem: Int, lane: Int, initialState: UnsafeMutablePointer<Double>) {
        base.load(problem: problem, lane: lane, initialState: initialState)
    }

    public mutating func evaluate(
        t: UnsafePointer<Double>, y: UnsafePointer<Double>, dydt: UnsafeMutablePointer<Double>, laneCount: Int
    ) {
        base.evaluate(t: t, y: y, dydt: dydt, laneCount: laneCount)
    }

    public mutating func evaluateJacobian(
        t: UnsafePointer<Double>, y: UnsafePointer<Double>, dydt: UnsafePointer<Double>,
        jacobian: UnsafeMutablePointer<Double>, timeDerivative: UnsafeMutablePointer<Double>, laneCount: Int
    ) -> Int {
        let n = base.stateCount
        if !isKnownUniquelyReferenced(&scratch) { scratch = FiniteDifferenceScratch() }
        let work = scratch.reserve(Self.scratchCount(stateCount: n, laneCount: laneCount))
        return Self.approximate(
            columns: 0..<n, timeDerivative: true, system: &base, t: t, y: y, dydt: dydt,
            jacobian: jacobian, timeDerivativeOutput: timeDerivative, scratch: work, laneCount: laneCount)
    }

    /// Scratch `Double`s ``approximate(columns:timeDerivative:system:t:y:dydt:jacobian:timeDerivativeOutput:scratch:laneCount:)``
    /// needs: `2·n·L + 2·L`.
    public static func scratchCount(stateCount n: Int, laneCount l: Int) -> Int { 2 * n * l + 2 * l }

    /// Overwrites the given columns of `jacobian` (and `∂f/∂t` when
    /// `timeDerivative` is set) with forward differences of `system`; other
    /// entries are left alone.
    ///
    /// - Parameters:
    ///   - scratch: at least ``scratchCount(stateCount:laneCount:)`` values.
    /// - Returns: the number of `evaluate` calls made.
    public static func approximate<S: BatchODESystem, Columns: Sequence<Int>>(
        columns: Columns, timeDerivative: Bool, system: inout S, t: UnsafePointer<Double>, y: UnsafePointer<Double>,
        dydt: UnsafePointer<Double>, jacobian: UnsafeMutablePointer<Double>,
        timeDerivativeOutput: UnsafeMutablePointer<Double>, scratch: UnsafeMutablePointer<Double>, laneCount l: Int
    ) -> Int {
        let n = system.stateCount, width = n * l
        let yShifted = scratch, fShifted = scratch + width, step = scratch + 2 * width, tShifted = step + l
        let u = Double.ulpOfOne
        var calls = 0
        yShifted.update(from: y, count: width)
        for j in columns {
            let row = yShifted + j * l
            for lane in 0..<l {
                let yj = y[j * l + lane]
                let delta = (u * Swift.max(1e-5, abs(yj))).squareRoot()
                row[lane] = yj + delta
                step[lane] = row[lane] - yj
            }
            system.evaluate(t: t, y: yShifted, dydt: fShifted, laneCount: l)
            calls += 1
            for i in 0..<n {
                let out = jacobian + (i * n + j) * l, shifted = fShifted + i * l, base = dydt + i * l
                for lane in 0..<l { out[lane] = (shifted[lane] - base[lane]) / step[lane] }
            }
            for lane in 0..<l { row[lane] = y[j * l + lane] }
        }
        if timeDerivative {
            for lane in 0..<l {
                let delta = (u * Swift.max(1e-5, abs(t[lane]))).squareRoot()
                tShifted[lane] = t[lane] + delta
                step[lane] = tShifted[lane] - t[lane]
            }
            system.evaluate(t: tShifted, y: y, dydt: fShifted, laneCount: l)
            calls += 1
            for i in 0..<width { timeDerivativeOutput[i] = (fShifted[i] - dydt[i]) / step[i % l] }
        }
        return calls
    }
}

/// Copies may go to other threads: the scratch is replaced before first use
/// by a copy that does not hold it alone (`isKnownUniquelyReferenced`), so no
/// two copies write the same memory.
extension FiniteDifferenceJacobian: @unchecked Sendable where Base: Sendable {}

/// Growable scratch memory of a ``FiniteDifferenceJacobian`` (a class so
/// that it is freed once; replaced when shared, so copies stay independent).
final class FiniteDifferenceScratch {
    private var pointer: UnsafeMutablePointer<Double>
    private var capacity: Int

    init() {
        capacity = 1
        pointer = .allocate(capacity: 1)
        pointer.initialize(to: 0)
    }

    deinit { pointer.deallocate() }

    /// A pointer to at least `count` values, valid until the next call.
    func reserve(_ count: Int) -> UnsafeMutablePointer<Double> {
        if count > capacity {
            pointer.deallocate()
            capacity = count
            pointer = .allocate(capacity: count)
            pointer.initialize(repeating: 0, count: count)
        }
        return pointer
    }
}
