import Foundation

/// A RealNVP flow with its training settings, as the sampler's ``ProposalDensity``.
///
/// `fit` runs up to `training.optimiser.steps` Adam steps warm-started from the current
/// parameters (and optimizer moments): each stage refines the previous
/// stage's flow rather than starting over. Training is early-stopped on a
/// held-out fifth of the weighted samples (every fifth point): the weighted
/// loss on it is checked every `training.validationInterval` steps, training stops after
/// `training.patience` checks without improvement, and the best flow is kept. With
/// importance weights whose ESS is a few percent of the sample, a flow of
/// tens of thousands of parameters otherwise memorises the heaviest points and
/// its fresh draws lose coverage.
public struct FlowProposal: ProposalDensity, Codable {
    public var flow: RealNVP
    public var training: AnnealingSettings.FlowTraining
    /// Proposals draw the base point from N(0, s² I) instead of N(0, I) (and
    /// evaluate the density accordingly): s > 1 widens the flow's draws in
    /// every direction of its own geometry, so that tails the flow has not yet
    /// learned keep receiving draws. Training always uses s = 1.
    public var baseScale = 1.0

    public init(flow: RealNVP, training: AnnealingSettings.FlowTraining = .init()) {
        self.flow = flow
        self.training = training
    }

    /// A new flow (the identity map of N(0, I)) of the shape in `settings` for `role`.
    public init(dimension: Int, settings: AnnealingSettings, role: FlowRole = .global, rng: inout RandomSource) throws(FlowError) {
        let shape = role == .global ? settings.flow : (settings.robust?.modes?.flows?.shape ?? settings.flow)
        flow = try RealNVP(dimension: dimension, layers: shape.layers, hidden: shape.hidden,
                           hiddenLayers: shape.hiddenLayers, rng: &rng)
        training = settings.training
    }

    public var dimension: Int { flow.dimension }

    public func sample(count: Int, using rng: inout RandomSource, threads: Int) -> (points: [Double], logDensity: [Double]) {
        guard let (x, logq) = try? flow.sample(count: count, baseScale: baseScale, rng: &rng, threads: threads) else {
            return ([], [])   // unreachable: count ≥ 0, threads ≥ 1 and baseScale > 0 are guaranteed by callers
        }
        return (x.storage, logq)
    }

    public func logDensity(of points: [Double], count: Int, threads: Int) -> [Double] {
        guard count > 0,
              let m = try? Matrix(rows: count, columns: dimension, storage: points),
              let v = try? flow.logDensity(of: m, baseScale: baseScale, threads: threads)
        else { return [Double](repeating: -.infinity, count: count) }
        return v
    }

    public func widened(_ scale: Double) -> FlowProposal {
        var copy = self
        copy.baseScale = scale
        return copy
    }

    /// Without Adam's moments (training again would restart them).
    public func densityOnly() -> FlowProposal {
        var copy = self
        copy.flow.optimizer = AdamState(parameterCount: 0)
        return copy
    }

    public mutating func fit(points: [Double], weights: [Double], count: Int,
                             using rng: inout RandomSource, threads: Int) throws -> Double {
        let options = training.optimiser
        guard options.steps > 0 else { return .nan }
        let d = dimension
        var trainX: [Double] = [], trainW: [Double] = [], validX: [Double] = [], validW: [Double] = []
        for i in 0..<count {
            if i % 5 == 4 {
                validX += points[(i * d)..<((i + 1) * d)]
                validW.append(weights[i])
            } else {
                trainX += points[(i * d)..<((i + 1) * d)]
                trainW.append(weights[i])
            }
        }
        let validTotal = validW.reduce(0, +)
        guard trainW.reduce(0, +) > 0 else { throw DensityError.invalidWeights }
        let trainM = try Matrix(rows: trainW.count, columns: d, storage: trainX)
        guard validTotal > 0, training.validationInterval > 0 else {
            return try flow.train(on: trainM, weights: trainW, options: options, threads: threads, rng: &rng).finalLoss
        }
        let validM = try Matrix(rows: validW.count, columns: d, storage: validX)
        func validationLoss(_ f: RealNVP) throws -> Double {
            let lq = try f.logDensity(of: validM, threads: threads)
            var loss = 0.0
            for (w, l) in zip(validW, lq) where w > 0 { loss -= w / validTotal * l }
            return loss
        }
        var best = flow
        var bestLoss = try validationLoss(flow)
        var stale = 0
        var done = 0
        var chunk = options
        while done < options.steps && stale < training.patience {
            chunk.steps = min(training.validationInterval, options.steps - done)
            _ = try flow.train(on: trainM, weights: trainW, options: chunk, threads: threads, rng: &rng)
            done += chunk.steps
            let loss = try validationLoss(flow)
            if loss < bestLoss {
                bestLoss = loss
                best = flow
                stale = 0
            } else {
                stale += 1
            }
        }
        flow = best
        return bestLoss
    }
}
