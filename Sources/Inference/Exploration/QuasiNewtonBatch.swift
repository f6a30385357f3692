import Foundation

/// Many BFGS ascents of f(u) = log p_u(u) + log L(x(u)) advanced in lock-step,
/// so that every iteration costs one batched likelihood call.
public struct QuasiNewtonBatch {
    public struct Run {
        public var u: [Double]
        public var f: Double
        public var logL: Double
        var gradient: [Double]
        /// Inverse Hessian of −f, row-major.
        var inverseHessian: [Double]
        var converged = false
        /// Forward differences for this run's gradients.
        var forward = false
        /// Factor on the trial step lengths (``shrinkOnFailure``).
        var scale = 1.0
    }

    let posterior: Posterior
    let step: Double
    public var runs: [Run]
    /// Forward differences (d + 1 evaluations per gradient instead of 2d + 1)
    /// for every run: cheaper and less accurate; used while screening.
    public var forwardDifferences: Bool {
        get { runs.allSatisfy(\.forward) }
        set { for b in runs.indices { runs[b].forward = newValue } }
    }
    /// A run that stops improving on forward-difference gradients switches to
    /// central ones and goes on until it stops again: the climb costs d + 5
    /// evaluations per iteration instead of 2d + 5, and the optimum is as
    /// accurate as with central differences all the way (their O(h²) error
    /// against forward differences' O(h·f″), which near a narrow optimum can
    /// stop the ascent short of it).
    public var polishWithCentralDifferences = false
    public var stepLengths = [1.0, 0.3, 0.1, 0.02]
    /// Longest move allowed per iteration (in u): keeps early steps sane.
    public var maxMove = 2.0
    public var initialInverseHessian = 0.1
    /// A run none of whose trial steps improves f shrinks its step lengths by
    /// 50× and tries again (down to 10⁻⁸ of ``maxMove``) before it counts as
    /// converged; a success at the longest trial step grows them back 10×.
    /// Without it a start next to a sharp optimum — narrower than the
    /// shortest trial step, 0.02 of the first move — stops where it started
    /// (a published optimum used as a guess: Elowitz_Nature2000's nominal
    /// point, whose first steps of 0.04–2 in u all lose likelihood).
    public var shrinkOnFailure = false

    public init(posterior: Posterior, starts: [[Double]], step: Double) {
        self.posterior = posterior
        self.step = step
        let d = posterior.dimension
        var h = [Double](repeating: 0, count: d * d)
        for i in 0..<d { h[i * d + i] = 1 }
        runs = starts.map { Run(u: $0, f: -.infinity, logL: -.infinity, gradient: [Double](repeating: 0, count: d), inverseHessian: h) }
    }

    var allConverged: Bool { runs.allSatisfy(\.converged) }

    /// f and its finite-difference gradient at each point, forward differences
    /// (d + 1 evaluations) where `forward[b]`, central (2d + 1) elsewhere: one
    /// batched call.
    func valuesAndGradients(_ points: [[Double]], forward: [Bool], threads: Int, ledger: inout EvaluationLedger)
        -> [(f: Double, logL: Double, gradient: [Double])] {
        let d = posterior.dimension
        var offsets: [Int] = []
        var count = 0
        for b in points.indices {
            offsets.append(count)
            count += forward[b] ? d + 1 : 2 * d + 1
        }
        var flat: [Double] = []
        flat.reserveCapacity(count * d)
        for (b, p) in points.enumerated() {
            flat += p
            for i in 0..<d {
                var q = p
                q[i] += step
                flat += q
                if !forward[b] {
                    q[i] -= 2 * step
                    flat += q
                }
            }
        }
        let (l, lp) = posterior.evaluate(unconstrained: flat, count: count, threads: threads, ledger: &ledger)
        return points.indices.map { b in
            let base = offsets[b]
            let f0 = l[base] + lp[base]
            var g = [Double](repeating: 0, count: d)
            for i in 0..<d {
                if forward[b] {
                    let fp = l[base + 1 + i] + lp[base + 1 + i]
                    g[i] = fp.isFinite && f0.isFinite ? (fp - f0) / step : 0
                } else {
                    let fp = l[base + 1 + 2 * i] + lp[base + 1 + 2 * i]
                    let fm = l[base + 2 + 2 * i] + lp[base + 2 + 2 * i]
                    g[i] = fp.isFinite && fm.isFinite ? (fp - fm) / (2 * step) : 0
                }
            }
            return (f0, l[base], g)
        }
    }

    public mutating func initialise(threads: Int, ledger: inout EvaluationLedger) {
        let d = posterior.dimension
        for b in runs.indices { for i in 0..<d { runs[b].inverseHessian[i * d + i] = initialInverseHessian } }
        let values = valuesAndGradients(runs.map(\.u), forward: runs.map(\.forward), threads: threads, ledger: &ledger)
        for b in runs.indices {
            runs[b].f = values[b].f
            runs[b].logL = values[b].logL
            runs[b].gradient = values[b].gradient
            if !values[b].f.isFinite { runs[b].converged = true }
        }
    }

    /// One quasi-Newton iteration of every live run.
    public mutating func iterate(threads: Int, ledger: inout EvaluationLedger) {
        let d = posterior.dimension
        let live = runs.indices.filter { !runs[$0].converged }
        guard !live.isEmpty else { return }
        let lengths = stepLengths
        var directions: [[Double]] = []
        var trials: [Double] = []
        for b in live {
            var p = [Double](repeating: 0, count: d)
            for i in 0..<d { for j in 0..<d { p[i] += runs[b].inverseHessian[i * d + j] * runs[b].gradient[j] } }
            var norm = 0.0
            for v in p { norm += v * v }
            norm = norm.squareRoot()
            if norm > maxMove { p = p.map { $0 * maxMove / norm } }
            directions.append(p)
            let scale = runs[b].scale
            for a in lengths { for i in 0..<d { trials.append(runs[b].u[i] + scale * a * p[i]) } }
        }
        let (tl, tp) = posterior.evaluate(unconstrained: trials, count: live.count * lengths.count, threads: threads, ledger: &ledger)
        var moved: [Int] = []
        var refresh: [Int] = []
        var newPoints: [[Double]] = []
        for (k, b) in live.enumerated() {
            var best = -1
            var bestF = runs[b].f
            for s in 0..<lengths.count {
                let v = tl[k * lengths.count + s] + tp[k * lengths.count + s]
                if v > bestF { bestF = v; best = s }
            }
            if best < 0 || bestF - runs[b].f < 1e-7 {
                if runs[b].forward && polishWithCentralDifferences {
                    runs[b].forward = false
                    refresh.append(b)
                    continue
                }
                if shrinkOnFailure && runs[b].scale > 1e-8 {
                    runs[b].scale *= 0.02
                    continue
                }
                runs[b].converged = true
            } else {
                moved.append(b)
                let scale = runs[b].scale
                newPoints.append((0..<d).map { runs[b].u[$0] + scale * lengths[best] * directions[k][$0] })
                if best == 0 { runs[b].scale = min(1, 10 * scale) }
            }
        }
        if !refresh.isEmpty {
            let values = valuesAndGradients(refresh.map { runs[$0].u }, forward: refresh.map { _ in false },
                                            threads: threads, ledger: &ledger)
            for (k, b) in refresh.enumerated() { runs[b].gradient = values[k].gradient }
        }
        guard !moved.isEmpty else { return }
        let values = valuesAndGradients(newPoints, forward: moved.map { runs[$0].forward }, threads: threads,
                                        ledger: &ledger)
        for (k, b) in moved.enumerated() {
            let s = (0..<d).map { newPoints[k][$0] - runs[b].u[$0] }
            let y = (0..<d).map { runs[b].gradient[$0] - values[k].gradient[$0] }   // gradient change of −f
            bfgsUpdate(&runs[b].inverseHessian, s: s, y: y, d: d)
            runs[b].u = newPoints[k]
            runs[b].f = values[k].f
            runs[b].logL = values[k].logL
            runs[b].gradient = values[k].gradient
        }
    }

    func results() -> [(u: [Double], f: Double, logL: Double, inverseHessian: [Double])] {
        runs.map { ($0.u, $0.f, $0.logL, $0.inverseHessian) }
    }

    private func bfgsUpdate(_ h: inout [Double], s: [Double], y: [Double], d: Int) {
        var sy = 0.0
        for i in 0..<d { sy += s[i] * y[i] }
        guard sy > 1e-12 else { return }
        var hy = [Double](repeating: 0, count: d)
        for i in 0..<d { for j in 0..<d { hy[i] += h[i * d + j] * y[j] } }
        var yhy = 0.0
        for i in 0..<d { yhy += y[i] * hy[i] }
        for i in 0..<d {
            for j in 0..<d {
                h[i * d + j] += (sy + yhy) * s[i] * s[j] / (sy * sy) - (hy[i] * s[j] + s[i] * hy[j]) / sy
            }
        }
    }
}
