import Foundation
import ModelDSL

/// The displayed parameters of a report and their axes: shared by every run
/// (so that runs of a comparison line up), log-scaled where the model's prior
/// is LogUniform/LogNormal — or, without a model, where the weighted values
/// are all positive and their central 99% spans more than 1.5 decades.
struct ParameterAxes: Sendable {
    var names: [String]
    var scales: [AxisScale]
    /// Why each axis is logarithmic or not ("prior", "data").
    var reasons: [String]

    static let decadeThreshold = 1.5

    /// Axes for the parameters of `runs` (the first run's order, then names
    /// only later runs have), fitted to every run's weighted samples and
    /// widened to show `truths`. Parameters no run has usable samples of
    /// are left out.
    static func make(runs: [ReportRun], model: CheckedModel?, truths: [String: Double]) -> ParameterAxes {
        var order: [String] = []
        for run in runs { for name in run.parameterNames where !order.contains(name) { order.append(name) } }
        var axes = ParameterAxes(names: [], scales: [], reasons: [])
        for name in order {
            var samples: [(values: [Double], weights: [Double])] = []
            for run in runs {
                guard let s = run.samples, let j = s.parameterNames.firstIndex(of: name) else { continue }
                let w = s.weighted(j)
                if !w.values.isEmpty { samples.append(w) }
            }
            guard !samples.isEmpty else { continue }
            let (isLog, reason) = logDecision(name, model: model, samples: samples)
            var scale: AxisScale?
            for s in samples {
                guard let fitted = AxisScale.fitting(values: s.values, weights: s.weights, isLog: isLog,
                                                     include: truths[name].map { [$0] } ?? []) else { continue }
                scale = scale.map { $0.union(fitted) } ?? fitted
            }
            guard let scale else { continue }
            axes.names.append(name)
            axes.scales.append(scale)
            axes.reasons.append(reason)
        }
        return axes
    }

    static func logDecision(_ name: String, model: CheckedModel?,
                            samples: [(values: [Double], weights: [Double])]) -> (Bool, String) {
        if let p = model?.parameters.first(where: { $0.name == name }) {
            switch p.prior.kind {
            case .logUniform, .logNormal: return (true, "prior \(p.prior.kind.rawValue)")
            case .uniform, .normal: return (false, "prior \(p.prior.kind.rawValue)")
            }
        }
        return (spansDecades(samples), "data")
    }

    /// All values positive and the weighted 0.5–99.5% range wider than
    /// ``decadeThreshold`` decades (in some run).
    static func spansDecades(_ samples: [(values: [Double], weights: [Double])]) -> Bool {
        var wide = false
        for s in samples {
            guard s.values.allSatisfy({ $0 > 0 }) else { return false }
            if let q = SampleTable.quantiles(s.values, weights: s.weights, levels: [0.005, 0.995]),
               q[0] > 0, (q[1] / q[0]) > pow(10, decadeThreshold) { wide = true }
        }
        return wide
    }
}
