import Foundation
import Inference
import ModelDSL

/// The compiled model's likelihood for the sampler. It and the prior mapping below mirror
/// flowcli's adapter (Support/ModelPosterior.swift), which an executable target cannot export.
struct ModelLL: LogLikelihood {
    let likelihood: ModelLikelihood
    func evaluate(_ points: UnsafeBufferPointer<Double>, count: Int, threads: Int) -> LikelihoodBatch {
        LikelihoodBatch(values: likelihood.logLikelihoods(parameters: points, count: count, threads: threads).logLikelihoods)
    }
}

let args = CommandLine.arguments
guard args.count == 4, let first = Int(args[2]), let last = Int(args[3]) else {
    print("usage: search-bench MODEL FIRST_SEED LAST_SEED"); exit(2)
}
let env = ProcessInfo.processInfo.environment
var settings = ModeSearchSettings()
if let s = env["STARTS"].flatMap(Int.init) { settings.starts = s }
if let s = env["CONT"].flatMap(Double.init) { settings.continuedFraction = s }
if let s = env["SPREAD"].flatMap(Double.init) { settings.spreadFraction = s }
if let s = env["SCREEN"].flatMap(Int.init) { settings.screeningIterations = s }
if let s = env["ITER"].flatMap(Int.init) { settings.iterations = s }
if let s = env["FORWARD"] { settings.forwardDifferencesUntilConverged = s == "1" }
let draws = env["N"].flatMap(Int.init) ?? 2000

let loaded = try LoadedModel.load(path: args[1])
let model = loaded.model
let priors: [Prior] = try model.parameters.map { p in
    let s = p.prior
    switch s.kind {
    case .uniform: return try Prior(.uniform(lower: s.first, upper: s.second), truncation: s.truncation)
    case .logUniform: return try Prior(.logUniform(lower: s.first, upper: s.second), truncation: s.truncation)
    case .normal: return try Prior(.normal(mean: s.first, sd: s.second), truncation: s.truncation)
    case .logNormal: return try Prior(.logNormal(mu: s.first, sigma: s.second), truncation: s.truncation)
    }
}
let names = model.parameters.map(\.name)
// GUESS=1: the nominal point is a guess of the first search (flowcli's --guess nominal).
let posterior = Posterior(parameterNames: names, priors: priors,
                          likelihood: ModelLL(likelihood: try ModelLikelihood(model: model, data: loaded.data!)),
                          guesses: env["GUESS"] == "1" ? [model.parameters.map { $0.nominal ?? 1 }] : [])
let d = posterior.dimension
// The repressilator's modes are cyclic relabellings of the genes: a mode is
// named by which of a1, a2, a3 is largest.
let ai = ["a1", "a2", "a3"].compactMap { names.firstIndex(of: $0) }
func label(_ u: [Double]) -> Int {
    let x = posterior.natural(u)
    let a = ai.map { x[$0] }
    return a.indices.max { a[$0] < a[$1] } ?? 0
}

// NOMINAL=1: the log target (in u) at the model's nominal point, and at that
// point with every coordinate clamped to |u| <= c: how high the posterior
// density is near a published optimum whose parameters sit at their bounds
// (u = ±∞), to compare with the modes a search finds (TOP=1 prints them).
if env["NOMINAL"] == "1" {
    let u0 = posterior.unconstrained(model.parameters.map { $0.nominal ?? 1 })
    for c in [Double.infinity, 12, 10, 8, 6, 5, 4] {
        let uc = u0.map { max(-c, min(c, $0)) }
        var ledger = EvaluationLedger()
        let (l, lp) = posterior.evaluate(unconstrained: uc, count: 1, threads: 1, ledger: &ledger)
        print(String(format: "nominal, |u| <= %@: log L %.2f, log target %.2f", c.isFinite ? "\(Int(c))" : "∞", l[0], l[0] + lp[0]))
    }
}

if env["GUESSDEBUG"] == "1" {
    var ledger = EvaluationLedger()
    var b = QuasiNewtonBatch(posterior: posterior, starts: posterior.guessStarts(), step: settings.gradientStep)
    b.forwardDifferences = true
    b.polishWithCentralDifferences = true
    b.shrinkOnFailure = true
    b.initialise(threads: 2, ledger: &ledger)
    for it in 0..<settings.iterations {
        let r = b.runs[0]
        if it % 10 == 0 { print("it \(it): f \(r.f) logL \(r.logL) evaluations \(ledger.evaluations) u \(r.u.map { String(format: "%.2f", $0) })") }
        b.iterate(threads: 2, ledger: &ledger)
    }
    exit(0)
}

var histogram = [Int](repeating: 0, count: 4)
var total = 0
for seed in first...last {
    var labels = Set<Int>()
    var cost = 0
    if env["FIT"] == "1" {
        var annealing = AnnealingSettings()
        if let k = env["PRIORSTARTS"].flatMap(Int.init) { annealing.robust?.modes?.firstSearchPriorDraws = k }
        let sampler = AnnealedFlowSampler<FlowProposal>.realNVP(settings: annealing)
        var run = try sampler.start(posterior, seed: UInt64(seed), budget: Budget(threads: 2))
        _ = try sampler.step(&run, posterior: posterior, budget: Budget(threads: 2), progress: { _ in })
        let modes = run.current?.modes ?? []
        for m in modes { labels.insert(label(m.optimum.center)) }
        cost = run.ledger.evaluations
    } else {
        var rng = RandomSource(seed: UInt64(seed))
        var u = posterior.samplePrior(count: draws, using: &rng)
        // WIDE=w: the prior draws scaled by w in u (a start distribution wider
        // or narrower than the prior, as the sampler's first-stage proposal is).
        if let w = env["WIDE"].flatMap(Double.init) { u = u.map { $0 * w } }
        var ledger = EvaluationLedger()
        let (l, lp) = posterior.evaluate(unconstrained: u, count: draws, threads: 2, ledger: &ledger)
        let order = l.indices.filter { l[$0].isFinite }.sorted { l[$0] + lp[$0] > l[$1] + lp[$1] }
        let starts = order.prefix(settings.starts).map { Array(u[($0 * d)..<(($0 + 1) * d)]) }
        let before = ledger.evaluations
        let found = ModeSearch.discover(posterior: posterior, starts: starts, guesses: posterior.guessStarts(),
                                        settings: settings, threads: 2, ledger: &ledger)
        let best = found.modes.first?.logTarget ?? -.infinity
        if env["TOP"] == "1" {
            for m in found.modes.prefix(8) {
                print(String(format: "  mode: log target %.2f, log L %.2f", m.logTarget, m.logLikelihood)
                      + (m.fromGuess ? " (from the guess)" : ""))
            }
        }
        for m in found.modes where m.logTarget > best - 3 { labels.insert(label(m.center)) }
        cost = ledger.evaluations - before
    }
    total += cost
    histogram[min(labels.count, 3)] += 1
    print("seed \(seed): \(cost) evaluations, modes \(labels.sorted())")
}
print("mean evaluations \(total / (last - first + 1)); searches finding 0/1/2/3 of the modes: \(histogram)")
