import Foundation

/// The data arranged for the solver's observer: the experiments (one ODE
/// solve each per parameter vector), and their measurements grouped by
/// output-time index, each with the constant part of its log-density
/// precomputed and its placeholder values bound.
///
/// With `ỹ`, `μ̃` the measurement and prediction (their logs for the log
/// kinds) and `r = (ỹ − μ̃)/s`:
/// - Normal: `log p = −½log(2π) − log s − ½r²`;
/// - Laplace: `log p = −log 2 − log s − |r|`;
/// - the log kinds (PEtab's log-normal, log-Laplace): the same minus `log y`,
///   the density of `y` itself.
///
/// The sum runs experiment by experiment (in order of first measurement),
/// within one by time, then file order, so it does not depend on lanes,
/// chunks or threads.
struct MeasurementSchedule: Sendable, Hashable {
    struct Entry: Sendable, Hashable {
        var observable: Int
        /// `y`, or `log y` for the log kinds.
        var transformedValue: Double
        /// `−½log(2π)` (Normal) or `−log 2` (Laplace), minus `log y` for the log kinds.
        var constant: Double
        var isLaplace: Bool
        var isLogScale: Bool
        /// Index into `DataSet.measurements`.
        var measurement: Int
        /// The entry's placeholder values are `bindings[bindingStart..<bindingEnd]`.
        var bindingStart: Int
        var bindingEnd: Int
    }

    /// One placeholder value: slot `slot` after the row gets `value`, or
    /// free parameter `parameter` of the point when that is ≥ 0.
    struct Binding: Sendable, Hashable {
        var slot: Int
        var value: Double
        var parameter: Int
    }

    /// The experiments, in order of their first measurement.
    let experiments: [Experiment]
    /// The solver's output times: the distinct measurement times of all
    /// experiments, ascending.
    let times: [Double]
    /// Entries by experiment, then time index, then file order.
    let entries: [Entry]
    /// Entries of experiment `e` at time index `k` are
    /// `entries[start[e * times.count + k]..<start[e * times.count + k + 1]]`.
    let start: [Int]
    /// Per experiment, the last time index with an entry (its solve can stop there).
    let lastTime: [Int]
    let bindings: [Binding]

    static let halfLogTwoPi = 0.5 * Foundation.log(2 * Double.pi)

    init(model: CheckedModel, data: DataSet) throws(LikelihoodSetupError) {
        guard !data.measurements.isEmpty else { throw .noMeasurements(source: data.source) }
        for m in data.measurements {
            guard m.observable >= 0 && m.observable < model.observables.count else {
                throw .unknownObservable(line: m.line, index: m.observable)
            }
            guard m.time.isFinite && m.value.isFinite else { throw .nonFiniteMeasurement(line: m.line) }
            let o = model.observables[m.observable]
            if o.noise.isLogScale, !(m.value > 0) {
                throw .nonPositiveLogNormalMeasurement(line: m.line, observable: o.name, value: m.value)
            }
            for c in [m.condition, m.preequilibration] {
                if let c, !(c >= 0 && c < model.conditions.count) { throw .unknownCondition(line: m.line, index: c) }
            }
            guard m.observableParameters.count == o.observableParameters.count,
                  m.noiseParameters.count == o.noiseParameters.count else {
                throw .placeholderCount(line: m.line, observable: o.name,
                                        expected: o.placeholders.count, got: m.observableParameters.count + m.noiseParameters.count)
            }
            for v in m.observableParameters + m.noiseParameters {
                switch v {
                case .number(let x): guard x.isFinite else { throw .nonFiniteMeasurement(line: m.line) }
                case .parameter(let k): guard k >= 0 && k < model.parameters.count else {
                    throw .placeholderCount(line: m.line, observable: o.name, expected: o.placeholders.count, got: -1)
                }
                }
            }
        }
        experiments = data.experiments
        times = data.times
        let experimentIndex = Dictionary(experiments.enumerated().map { ($1, $0) }, uniquingKeysWith: { a, _ in a })
        let t = times.count
        var groups = [[Entry]](repeating: [], count: experiments.count * t)
        var bindings: [Binding] = []
        var last = [Int](repeating: 0, count: experiments.count)
        for (index, m) in data.measurements.enumerated() {
            // times is sorted and contains m.time exactly.
            var lo = 0, hi = t - 1
            while lo < hi { let mid = (lo + hi) / 2; if times[mid] < m.time { lo = mid + 1 } else { hi = mid } }
            let e = experimentIndex[m.experiment] ?? 0
            last[e] = Swift.max(last[e], lo)
            let noise = model.observables[m.observable].noise
            var laplace = false
            if case .laplace = noise { laplace = true }
            if case .logLaplace = noise { laplace = true }
            let base = laplace ? -Foundation.log(2.0) : -Self.halfLogTwoPi
            let logY = noise.isLogScale ? Foundation.log(m.value) : 0
            let first = bindings.count
            for (slot, v) in (m.observableParameters + m.noiseParameters).enumerated() {
                switch v {
                case .number(let x): bindings.append(Binding(slot: slot, value: x, parameter: -1))
                case .parameter(let k): bindings.append(Binding(slot: slot, value: .nan, parameter: k))
                }
            }
            groups[e * t + lo].append(Entry(
                observable: m.observable, transformedValue: noise.isLogScale ? logY : m.value, constant: base - logY,
                isLaplace: laplace, isLogScale: noise.isLogScale, measurement: index,
                bindingStart: first, bindingEnd: bindings.count))
        }
        entries = groups.flatMap { $0 }
        var s = [0]
        for group in groups { s.append(s[s.count - 1] + group.count) }
        start = s
        lastTime = last
        self.bindings = bindings
    }

    /// The entries of experiment `e` at time index `k`.
    @inline(__always)
    func range(experiment e: Int, time k: Int) -> Range<Int> {
        let g = e * times.count + k
        return start[g]..<start[g + 1]
    }

    /// The log-density of one entry given the prediction `mu` and spread
    /// `sigma` (sd or Laplace scale), with the standardised residual `r`,
    /// or the reason it is −∞.
    @inline(__always)
    static func logDensity(_ e: Entry, mu: Double, sigma: Double) -> Result<(value: Double, residual: Double), LikelihoodFailureReason> {
        guard mu.isFinite else { return .failure(.nonFinitePrediction) }
        guard sigma.isFinite && sigma > 0 else { return .failure(.invalidNoise) }
        let location: Double
        if e.isLogScale {
            guard mu > 0 else { return .failure(.nonPositivePrediction) }
            location = Foundation.log(mu)
        } else {
            location = mu
        }
        let r = (e.transformedValue - location) / sigma
        let value = e.isLaplace
            ? e.constant - Foundation.log(sigma) - Swift.abs(r)
            : e.constant - Foundation.log(sigma) - 0.5 * (r * r)
        guard value > -Double.infinity else { return .failure(.densityUnderflow) }
        return .success((value, r))
    }
}
