/// The memory of one batched solve, laid out as structure of arrays.
///
/// A per-lane state vector is stored component-major: component `i` of lane
/// `l` is at `i * laneCount + l`, the layout of ``BatchODESystem``. Everything is
/// carved out of two buffers the caller allocates once per solve (one of
/// `Double`, one of `Int`), so stepping never allocates. For `n` states, `L`
/// lanes and `s` stages the `Double` buffer holds `(s + 5)·n·L + 7·L + n + s`
/// values plus the tableau (`s² + 3s + s·d`): about 5 KiB for DP5 with n = 6, L = 8.
struct LaneWorkspace: ~Copyable {
    let stateCount: Int
    let laneCount: Int
    let stageCount: Int
    /// `stateCount * laneCount`: the length of one SoA state.
    let width: Int

    /// Accepted state of each lane.
    let y: UnsafeMutablePointer<Double>
    /// Candidate state `y₁` of the current attempt.
    let yNew: UnsafeMutablePointer<Double>
    /// Stage input, and scratch for the error vector.
    let yStage: UnsafeMutablePointer<Double>
    /// Scratch for the automatic initial step's probe derivative.
    let probe: UnsafeMutablePointer<Double>
    /// The lanes' step sizes repeated per component (SoA, like `y`).
    let hExpanded: UnsafeMutablePointer<Double>
    /// Stage derivatives `k_0 … k_{s−1}`, each `width` long.
    let k: UnsafeMutablePointer<Double>

    /// Per-lane times, step sizes and error bookkeeping (`laneCount` each).
    let t: UnsafeMutablePointer<Double>
    let tStage: UnsafeMutablePointer<Double>
    let h: UnsafeMutablePointer<Double>
    let hStep: UnsafeMutablePointer<Double>
    let errSq: UnsafeMutablePointer<Double>
    let logErrorMemory: UnsafeMutablePointer<Double>
    let laneScratch: UnsafeMutablePointer<Double>
    /// One contiguous state handed to `load` and to the observer.
    let output: UnsafeMutablePointer<Double>
    /// Dense-output weights of one evaluation (`stageCount`).
    let weights: UnsafeMutablePointer<Double>

    /// Per-lane integer state (`laneCount` each).
    let status: UnsafeMutablePointer<Int>
    let problem: UnsafeMutablePointer<Int>
    let nextOutput: UnsafeMutablePointer<Int>
    let attempts: UnsafeMutablePointer<Int>
    let accepted: UnsafeMutablePointer<Int>
    let rejected: UnsafeMutablePointer<Int>
    let afterReject: UnsafeMutablePointer<Int>
    let nonFiniteReject: UnsafeMutablePointer<Int>
    let lastStep: UnsafeMutablePointer<Int>
    /// 1 for a lane resumed from a ``StiffHandoff`` (it keeps its step size).
    let resumed: UnsafeMutablePointer<Int>

    /// Lane status values.
    static let idle = 0, starting = 1, active = 2

    static func doubleCount(stateCount n: Int, laneCount l: Int, stageCount s: Int) -> Int {
        (s + 5) * n * l + 7 * l + n + s
    }

    static func intCount(laneCount l: Int) -> Int { 10 * l }

    /// Partitions `doubles` and `ints` (of at least the counts above) and
    /// zero-initialises them.
    init(doubles: UnsafeMutablePointer<Double>, ints: UnsafeMutablePointer<Int>,
         stateCount n: Int, laneCount l: Int, stageCount s: Int) {
        stateCount = n
        laneCount = l
        stageCount = s
        width = n * l
        doubles.initialize(repeating: 0, count: Self.doubleCount(stateCount: n, laneCount: l, stageCount: s))
        ints.initialize(repeating: 0, count: Self.intCount(laneCount: l))
        var p = doubles
        func take(_ count: Int) -> UnsafeMutablePointer<Double> {
            defer { p += count }
            return p
        }
        y = take(width)
        yNew = take(width)
        yStage = take(width)
        probe = take(width)
        hExpanded = take(width)
        k = take(s * width)
        t = take(l)
        tStage = take(l)
        h = take(l)
        hStep = take(l)
        errSq = take(l)
        logErrorMemory = take(l)
        laneScratch = take(l)
        output = take(n)
        weights = take(s)
        status = ints
        problem = ints + l
        nextOutput = ints + 2 * l
        attempts = ints + 3 * l
        accepted = ints + 4 * l
        rejected = ints + 5 * l
        afterReject = ints + 6 * l
        nonFiniteReject = ints + 7 * l
        lastStep = ints + 8 * l
        resumed = ints + 9 * l
    }

    /// Stage derivative `k_j`.
    @inline(__always)
    func stage(_ j: Int) -> UnsafeMutablePointer<Double> { k + j * width }
}
