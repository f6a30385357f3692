/// The stiff method's memory beyond ``LaneWorkspace``, structure of arrays
/// like it, carved out of caller-allocated buffers (no allocation while
/// stepping). For `n` states and `L` lanes: `2·n²·L + 6·n·L + 3·L` doubles
/// and `n·L + 2n² + 3` ints (about 10 KiB for n = 8, L = 8).
struct RosenbrockWorkspace: ~Copyable {
    /// `∂f/∂y`, entry `(i, j)` of lane `l` at `(i·n + j)·L + l`.
    let jacobian: UnsafeMutablePointer<Double>
    /// `I/(hγ) − J`, then its LU factors (``LaneLU``).
    let matrix: UnsafeMutablePointer<Double>
    /// `∂f/∂t` (like a state).
    let timeDerivative: UnsafeMutablePointer<Double>
    /// `f(t, y)` at the start of the step.
    let derivative: UnsafeMutablePointer<Double>
    /// `f` at the current stage.
    let stageDerivative: UnsafeMutablePointer<Double>
    /// `Σ_j C_ij k_j` of the current stage.
    let sum: UnsafeMutablePointer<Double>
    /// `1/h` per lane, repeated per component.
    let inverseStepExpanded: UnsafeMutablePointer<Double>
    /// All ones, `n·L` (the "step" of increments that already carry `h`).
    let unitExpanded: UnsafeMutablePointer<Double>
    /// All ones, `L`.
    let unitLanes: UnsafeMutablePointer<Double>
    /// Per-lane scratch (`1/(hγ)`; the pivot search).
    let laneScratch: UnsafeMutablePointer<Double>
    let pivotScratch: UnsafeMutablePointer<Double>
    let pivots: UnsafeMutablePointer<Int>
    /// The factors' non-zero pattern (``LaneLU/patternCount(n:)``).
    let pattern: UnsafeMutablePointer<Int>

    static func doubleCount(stateCount n: Int, laneCount l: Int) -> Int { 2 * n * n * l + 6 * n * l + 3 * l }
    static func intCount(stateCount n: Int, laneCount l: Int) -> Int { n * l + LaneLU.patternCount(n: n) }

    init(doubles: UnsafeMutablePointer<Double>, ints: UnsafeMutablePointer<Int>, stateCount n: Int, laneCount l: Int) {
        doubles.initialize(repeating: 0, count: Self.doubleCount(stateCount: n, laneCount: l))
        ints.initialize(repeating: 0, count: Self.intCount(stateCount: n, laneCount: l))
        var p = doubles
        func take(_ count: Int) -> UnsafeMutablePointer<Double> {
            defer { p += count }
            return p
        }
        jacobian = take(n * n * l)
        matrix = take(n * n * l)
        timeDerivative = take(n * l)
        derivative = take(n * l)
        stageDerivative = take(n * l)
        sum = take(n * l)
        inverseStepExpanded = take(n * l)
        unitExpanded = take(n * l)
        unitLanes = take(l)
        laneScratch = take(l)
        pivotScratch = take(l)
        pivots = ints
        pattern = ints + n * l
        unitExpanded.update(repeating: 1, count: n * l)
        unitLanes.update(repeating: 1, count: l)
    }
}
