import ODE
import Foundation

/// Loss and gradient of the weighted negative log-likelihood
/// `L = −Σ_r ω_r log q(x_r)` by hand-written backpropagation through the
/// flow's inverse pass (`z = f⁻¹(x)`, `−log q = ½|z|² + (d/2)log 2π − log|det ∂z/∂x|`).
///
/// Rows are cut into at most 16 blocks of ≤ 64 rows (more rows per block for
/// larger batches); the cut depends only on the row count. Each block runs
/// the inverse pass (caching conditioner activations), then the backward
/// pass, which writes every entry of its own partial gradient once; workers take blocks round-robin, and
/// the partials are summed in block order. Hence the result is bit-identical
/// for any thread count. All memory is allocated once, at construction, for
/// up to `maxRows` rows; `evaluate` allocates nothing.
///
/// `@unchecked Sendable`: workers write only their own workspace and their
/// own blocks' partial gradients; the shared transposed weights are written
/// before the parallel section.
final class FlowGradientEngine: @unchecked Sendable {
    struct Plan {
        let conditionStart: Int, conditionCount: Int
        let transformStart: Int, transformCount: Int
        let shape: NetworkShape
        let maxLogScale: Double
        let parameterOffset: Int, transposedOffset: Int
        let aOffset: Int, hiddenOffset: Int, slopeOffset: Int, sOffset: Int, zOffset: Int
    }

    /// One layer of the flow's composition, in base → data order (the
    /// order comes from ``RealNVP/bijection``, the one place it is defined).
    enum Step {
        case coupling(Plan)
        /// Offsets of the forward and inverse index lists in `ints`.
        case permutation(forward: Int, inverse: Int)
        /// The diagonal affine layer; its parameters are the first 2d of the flat vector.
        case affine
    }

    static let maxBlocks = 16

    let dimension: Int
    let parameterCount: Int
    let threads: Int
    let maxRows: Int
    let blockCapacity: Int
    private let plans: [Plan]
    private let steps: [Step]
    private let ints: UnsafeMutablePointer<Int>
    private let intCount: Int
    private let doubles: UnsafeMutablePointer<Double>
    private let doubleCount: Int
    private let transposed: UnsafeMutablePointer<Double>
    private let partials: UnsafeMutablePointer<Double>
    private let blockLoss: UnsafeMutablePointer<Double>
    /// `∂L/∂θ` after `evaluate`, `parameterCount` doubles.
    let gradient: UnsafeMutablePointer<Double>
    private let workspaces: UnsafeMutablePointer<Double>
    private let workerStride: Int
    private let yOffset = 0
    private let gradOffset: Int, logDetOffset: Int, affineOffset: Int
    private let outOffset: Int, permOffset: Int, backwardOffset: Int

    static func blockCount(rows: Int) -> Int { min(maxBlocks, max(1, (rows + 63) / 64)) }

    init(flow: RealNVP, maxRows: Int, threads: Int) {
        let d = flow.dimension, rCap = max(64, (maxRows + Self.maxBlocks - 1) / Self.maxBlocks)
        dimension = d
        parameterCount = flow.parameterCount
        self.threads = max(1, threads)
        self.maxRows = maxRows
        blockCapacity = rCap
        // Index lists, in layer order: each coupling's A and B, each permutation's forward and inverse.
        var indexList: [Int] = []
        var plans: [Plan] = []
        var transposedTotal = 0
        // Worker layout: y, grad, logDet, affine output, coupling output,
        // permutation scratch, backward scratch, then per-coupling caches.
        var maxOut = 0, maxBackward = 0
        for c in flow.couplings {
            maxOut = max(maxOut, 2 * c.transformIndices.count)
            maxBackward = max(maxBackward, 2 * c.transformIndices.count + c.conditionIndices.count + 2 * c.network.hidden)
        }
        gradOffset = rCap * d
        logDetOffset = gradOffset + rCap * d
        affineOffset = logDetOffset + rCap
        outOffset = affineOffset + rCap * d
        permOffset = outOffset + rCap * maxOut
        backwardOffset = permOffset + d
        var cursor = backwardOffset + rCap * maxBackward
        var steps: [Step] = []
        var couplingIndex = 0
        for layer in flow.bijection.steps {
            switch layer {
            case let c as AffineCoupling:
                let k = couplingIndex
                couplingIndex += 1
                let shape = c.network
                let cs = indexList.count
                indexList += c.conditionIndices
                let ts = indexList.count
                indexList += c.transformIndices
                let aOff = cursor
                let hOff = aOff + rCap * shape.inputs
                let slopeOff = hOff + rCap * shape.hiddenLayers * shape.hidden
                let sOff = slopeOff + rCap * shape.hiddenLayers * shape.hidden
                let zOff = sOff + rCap * c.transformIndices.count
                cursor = zOff + rCap * c.transformIndices.count
                let plan = Plan(
                    conditionStart: cs, conditionCount: c.conditionIndices.count,
                    transformStart: ts, transformCount: c.transformIndices.count,
                    shape: shape, maxLogScale: c.maxLogScale,
                    parameterOffset: flow.couplingOffset(k), transposedOffset: transposedTotal,
                    aOffset: aOff, hiddenOffset: hOff, slopeOffset: slopeOff, sOffset: sOff, zOffset: zOff)
                plans.append(plan)
                steps.append(.coupling(plan))
                transposedTotal += shape.weightCount
            case let p as Permutation:
                let forward = indexList.count
                indexList += p.indices
                let inverse = indexList.count
                indexList += p.inverseIndices
                steps.append(.permutation(forward: forward, inverse: inverse))
            case is DiagonalAffine:
                steps.append(.affine)
            default:
                preconditionFailure("FlowGradientEngine: no gradient for layer \(type(of: layer))")
            }
        }
        self.steps = steps
        self.plans = plans
        workerStride = (cursor + 7) / 8 * 8
        intCount = max(1, indexList.count)
        ints = .allocate(capacity: intCount)
        ints.initialize(repeating: 0, count: intCount)
        for (i, v) in indexList.enumerated() { ints[i] = v }
        let p = parameterCount
        let transposedCount = (transposedTotal + 7) / 8 * 8
        let partialCount = Self.maxBlocks * ((p + 7) / 8 * 8)
        doubleCount = transposedCount + partialCount + 8 + p + self.threads * workerStride
        doubles = .allocate(capacity: doubleCount)
        doubles.initialize(repeating: 0, count: doubleCount)
        transposed = doubles
        partials = doubles + transposedCount
        blockLoss = partials + partialCount
        gradient = blockLoss + 8
        workspaces = gradient + p
    }

    deinit {
        ints.deallocate()
        doubles.deallocate()
    }

    private var partialStride: Int { (parameterCount + 7) / 8 * 8 }

    private func geometry(_ plan: Plan) -> CouplingGeometry {
        CouplingGeometry(
            dimension: dimension,
            condition: UnsafeBufferPointer(start: ints + plan.conditionStart, count: plan.conditionCount),
            transform: UnsafeBufferPointer(start: ints + plan.transformStart, count: plan.transformCount),
            shape: plan.shape, maxLogScale: plan.maxLogScale)
    }

    private func indices(at offset: Int) -> UnsafeBufferPointer<Int> {
        UnsafeBufferPointer(start: ints + offset, count: dimension)
    }

    /// Loss `Σ_r ω_r·(−log q(x_r))` over `rows ≤ maxRows` rows of `x`
    /// (row-major, `rows × dimension`); writes `∂L/∂θ` to `gradient`.
    func evaluate(
        parameters: UnsafePointer<Double>, x: UnsafePointer<Double>, omega: UnsafePointer<Double>, rows: Int
    ) -> Double {
        for plan in plans {
            ConditionerKernels.transposeWeights(
                plan.shape, parameters: parameters + plan.parameterOffset, into: transposed + plan.transposedOffset)
        }
        let blocks = Self.blockCount(rows: rows)
        let workers = min(threads, blocks)
        let args = (SharedPointer(UnsafeMutablePointer(mutating: parameters)),
                    SharedPointer(UnsafeMutablePointer(mutating: x)),
                    SharedPointer(UnsafeMutablePointer(mutating: omega)))
        Parallel.run(workers: workers) { w in
            var b = w
            while b < blocks {
                self.processBlock(
                    b, rows: Parallel.block(b, of: blocks, count: rows), worker: w,
                    parameters: args.0.base, x: args.1.base, omega: args.2.base)
                b += workers
            }
        }
        let p = parameterCount, stride = partialStride
        let g = SharedPointer(gradient), parts = SharedPointer(partials)
        Parallel.run(workers: workers) { w in
            for i in Parallel.block(w, of: workers, count: p) {
                var s = 0.0
                for b in 0..<blocks { s += parts.base[b * stride + i] }
                g.base[i] = s
            }
        }
        var loss = 0.0
        for b in 0..<blocks { loss += blockLoss[b] }
        return loss
    }

    private func processBlock(
        _ b: Int, rows range: Range<Int>, worker: Int,
        parameters: UnsafeMutablePointer<Double>, x: UnsafeMutablePointer<Double>,
        omega: UnsafeMutablePointer<Double>
    ) {
        let d = dimension, rows = range.count
        let ws = workspaces + worker * workerStride
        let y = ws + yOffset, grad = ws + gradOffset, logDet = ws + logDetOffset
        let affineOut = ws + affineOffset, out = ws + outOffset
        let permScratch = ws + permOffset, backward = ws + backwardOffset
        let partial = partials + b * partialStride
        let om = omega + range.lowerBound
        y.update(from: x + range.lowerBound * d, count: rows * d)
        logDet.update(repeating: 0, count: rows)

        // Inverse pass x → z (data side first), caching what backprop needs.
        for step in steps.reversed() {
            switch step {
            case .affine:
                DiagonalAffine.inverse(y, rows: rows, dimension: d, shift: parameters, logScale: parameters + d,
                                       logDet: logDet)
                affineOut.update(from: y, count: rows * d)
            case .permutation(_, let inverse):
                Permutation.gather(y, rows: rows, by: indices(at: inverse), scratch: permScratch)
            case .coupling(let plan):
                CouplingKernels.inverse(
                    geometry(plan), parameters: parameters + plan.parameterOffset, batch: y, rows: rows,
                    logDet: logDet, a: ws + plan.aOffset, hidden: ws + plan.hiddenOffset, out: out,
                    saveS: ws + plan.sOffset, saveZ: ws + plan.zOffset, saveSlopes: ws + plan.slopeOffset)
            }
        }
        // Loss and ∂ℓ/∂z = ω z.
        let halfLog2Pi = 0.5 * Double(d) * Foundation.log(2 * Double.pi)
        var loss = 0.0
        for r in 0..<rows {
            var q = 0.0
            for j in 0..<d {
                let z = y[r * d + j]
                q += z * z
                grad[r * d + j] = om[r] * z
            }
            loss += om[r] * (0.5 * q + halfLog2Pi - logDet[r])
        }
        blockLoss[b] = loss
        // Backward through the layers, base side first.
        for step in steps {
            switch step {
            case .coupling(let plan):
                CouplingKernels.inverseBackward(
                    geometry(plan), transposed: transposed + plan.transposedOffset, rows: rows, omega: om,
                    a: ws + plan.aOffset, hidden: ws + plan.hiddenOffset, slopes: ws + plan.slopeOffset,
                    savedS: ws + plan.sOffset, savedZ: ws + plan.zOffset,
                    grad: grad, gradient: partial + plan.parameterOffset, scratch: backward)
            case .permutation(let forward, _):
                Permutation.gather(grad, rows: rows, by: indices(at: forward), scratch: permScratch)
            case .affine:
                // Diagonal affine u = (x − μ)e^{−λ}, loss term +ω Σλ:
                // ∂ℓ/∂μ = −e^{−λ}·∂ℓ/∂u,  ∂ℓ/∂λ = −u·∂ℓ/∂u + ω.
                for j in 0..<d {
                    let inv = Foundation.exp(-parameters[d + j])
                    var gShift = 0.0, gLog = 0.0
                    for r in 0..<rows {
                        let gu = grad[r * d + j]
                        gShift -= gu * inv
                        gLog += om[r] - gu * affineOut[r * d + j]
                    }
                    partial[j] = gShift
                    partial[d + j] = gLog
                }
            }
        }
    }
}
