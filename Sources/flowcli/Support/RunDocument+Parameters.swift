import Foundation
import Inference

extension RunDocument {
    /// Weighted posterior summaries, one per parameter, in the samples' column
    /// order. Written as an object `{name: {mean, sd, q05, q16, q50, q84, q95}}`
    /// (JSON objects are unordered: a decoded table is in name order).
    struct Parameters: Codable, Sendable, Equatable {
        struct Entry: Sendable, Equatable {
            var name: String
            var stats: Stats
        }

        var entries: [Entry]

        init(_ entries: [Entry] = []) {
            self.entries = entries
        }

        /// The summaries of `samples`, by the one weighted-quantile definition
        /// (``WeightedQuantile``: linear interpolation of the weighted CDF at
        /// the midpoints of the samples' weights).
        /// A parameter with no usable sample (no positive weight, no finite
        /// value) gets nil statistics, never zeros.
        init(_ samples: WeightedSamples) {
            let w = LogWeights.normalized(samples.logWeights)
            entries = samples.parameterNames.indices.map {
                Entry(name: samples.parameterNames[$0], stats: Stats(values: samples.column($0), weights: w))
            }
        }

        var names: [String] { entries.map(\.name) }

        subscript(name: String) -> Stats? { entries.first { $0.name == name }?.stats }

        private struct Key: CodingKey {
            var stringValue: String
            var intValue: Int? { nil }
            init(stringValue: String) { self.stringValue = stringValue }
            init?(intValue: Int) { nil }
        }

        init(from decoder: any Decoder) throws {
            let c = try decoder.container(keyedBy: Key.self)
            entries = try c.allKeys.map(\.stringValue).sorted().map {
                Entry(name: $0, stats: try c.decode(Stats.self, forKey: Key(stringValue: $0)))
            }
        }

        func encode(to encoder: any Encoder) throws {
            var c = encoder.container(keyedBy: Key.self)
            for e in entries { try c.encode(e.stats, forKey: Key(stringValue: e.name)) }
        }
    }

    /// Mean, sd and the quantiles at ``levels`` of one parameter; nil where
    /// there is nothing to summarise (no positive weight).
    struct Stats: Codable, Sendable, Equatable {
        /// The quantile levels (``ParameterSummary/quantileLevels``), written as `q05`, `q16`, ….
        static let levels = ParameterSummary.quantileLevels

        var mean: Double?
        var sd: Double?
        /// At ``levels``, in order.
        var quantiles: [Double?]

        init(mean: Double?, sd: Double?, quantiles: [Double?]) {
            precondition(quantiles.count == Self.levels.count, "one quantile per level")
            self.mean = mean
            self.sd = sd
            self.quantiles = quantiles
        }

        init(_ s: ParameterSummary) {
            self.init(mean: finite(s.mean), sd: finite(s.sd), quantiles: s.quantiles.map(finite))
        }

        /// The summary of `values` with (unnormalised) `weights`; non-positive
        /// weights and non-finite values take no part.
        init(values: [Double], weights: [Double]) {
            let usable = zip(values, weights).filter { $0.1 > 0 && $0.1.isFinite && $0.0.isFinite }
            let total = usable.reduce(0) { $0 + $1.1 }
            guard total > 0, total.isFinite else {
                self.init(mean: nil, sd: nil, quantiles: Self.levels.map { _ in nil })
                return
            }
            self.init(ParameterSummary(name: "", values: usable.map(\.0), weights: usable.map { $0.1 / total }))
        }

        /// The median (nil when absent).
        var median: Double? { quantiles[Self.levels.firstIndex(of: 0.5) ?? 2] }

        /// `q05` for 0.05.
        static func key(_ level: Double) -> String {
            String(format: "q%02d", Int((level * 100).rounded()))
        }

        private struct Key: CodingKey {
            var stringValue: String
            var intValue: Int? { nil }
            init(stringValue: String) { self.stringValue = stringValue }
            init?(intValue: Int) { nil }
        }

        init(from decoder: any Decoder) throws {
            let c = try decoder.container(keyedBy: Key.self)
            func number(_ key: String) throws -> Double? { try c.decode(Nullable<Double>.self, forKey: Key(stringValue: key)).wrappedValue }
            mean = try number("mean")
            sd = try number("sd")
            quantiles = try Self.levels.map { try number(Self.key($0)) }
        }

        func encode(to encoder: any Encoder) throws {
            var c = encoder.container(keyedBy: Key.self)
            try c.encode(Nullable(wrappedValue: mean), forKey: Key(stringValue: "mean"))
            try c.encode(Nullable(wrappedValue: sd), forKey: Key(stringValue: "sd"))
            for (level, q) in zip(Self.levels, quantiles) {
                try c.encode(Nullable(wrappedValue: q), forKey: Key(stringValue: Self.key(level)))
            }
        }
    }
}
