import Foundation
import Inference

/// A run's weighted posterior sample (`samples.csv`): parameter values in
/// natural units with unnormalised log importance weights.
struct SampleTable: Sendable {
    var parameterNames: [String]
    /// `columns[j][i]`: parameter `j` of sample `i`.
    var columns: [[Double]]
    var logWeights: [Double]
    var logLikelihoods: [Double]
    /// Normalised weights (sum 1). A sample whose log-weight is NaN or −∞, or
    /// any of whose parameter values is not finite, has weight 0. `nil` when
    /// no sample has a positive weight.
    var weights: [Double]?

    var count: Int { logWeights.count }

    /// Kish's effective sample size `(Σw)²/Σw²` of the usable weights (0 if none).
    var effectiveSampleSize: Double {
        guard let w = weights else { return 0 }
        let s2 = w.reduce(0) { $0 + $1 * $1 }
        return s2 > 0 ? 1 / s2 : 0
    }

    static let leadingColumns = ["log_weight", "log_likelihood", "log_prior"]

    /// Reads `samples.csv`.
    /// - Throws: ``ReportError`` for a malformed file or header.
    static func load(path: String) throws(ReportError) -> SampleTable {
        let table = try CSVTable.load(path: path)
        guard table.header.count >= 3, Array(table.header.prefix(3)) == leadingColumns else {
            throw .malformedCSV(path: path, line: table.headerLine,
                                reason: "the header must start with \(leadingColumns.joined(separator: ","))")
        }
        let names = Array(table.header.dropFirst(3))
        let duplicates = Dictionary(grouping: names, by: { $0 }).filter { $0.value.count > 1 }.keys.sorted()
        guard duplicates.isEmpty else {
            throw .malformedCSV(path: path, line: table.headerLine, reason: "duplicate columns \(duplicates.joined(separator: ", "))")
        }
        let columns = names.indices.map { table.values($0 + 3) }
        return SampleTable(parameterNames: names, columns: columns, logWeights: table.values(0),
                           logLikelihoods: table.values(1))
    }

    /// The table of samples still in memory (what samples.csv holds).
    init(_ s: WeightedSamples) {
        self.init(parameterNames: s.parameterNames, columns: (0..<s.dimension).map { s.column($0) },
                  logWeights: s.logWeights, logLikelihoods: s.logLikelihoods)
    }

    init(parameterNames: [String], columns: [[Double]], logWeights: [Double], logLikelihoods: [Double]) {
        self.parameterNames = parameterNames
        self.columns = columns
        self.logWeights = logWeights
        self.logLikelihoods = logLikelihoods
        var usable = logWeights.map { $0.isFinite || $0 == .infinity }
        for column in columns {
            for (i, x) in column.enumerated() where !x.isFinite { usable[i] = false }
        }
        weights = Self.normalise(logWeights, usable: usable)
    }

    /// `w_i = exp(ℓ_i − max ℓ) / Σ` over the usable samples; `+∞` log-weights
    /// share the mass equally among themselves. Cost O(n).
    static func normalise(_ logWeights: [Double], usable: [Bool]) -> [Double]? {
        var top = -Double.infinity
        for (l, ok) in zip(logWeights, usable) where ok { top = max(top, l) }
        guard top > -.infinity else { return nil }
        var w = [Double](repeating: 0, count: logWeights.count)
        var total = 0.0
        for i in logWeights.indices where usable[i] {
            let v = top == .infinity ? (logWeights[i] == .infinity ? 1 : 0) : _exp(logWeights[i] - top)
            w[i] = v
            total += v
        }
        guard total > 0, total.isFinite else { return nil }
        for i in w.indices { w[i] /= total }
        return w
    }

    @inline(__always) private static func _exp(_ x: Double) -> Double { x < -745 ? 0 : Foundation.exp(x) }

    /// The values of parameter `j` and their weights, restricted to samples of
    /// positive weight (finite by construction).
    func weighted(_ j: Int) -> (values: [Double], weights: [Double]) {
        guard let w = weights else { return ([], []) }
        var xs: [Double] = [], ws: [Double] = []
        for i in w.indices where w[i] > 0 {
            xs.append(columns[j][i])
            ws.append(w[i])
        }
        return (xs, ws)
    }
}

extension SampleTable {
    /// Weighted quantiles at `levels` by the one definition the run document
    /// uses (``WeightedQuantile``); nil when no value has a positive weight.
    static func quantiles(_ values: [Double], weights: [Double], levels: [Double]) -> [Double]? {
        let q = WeightedQuantile.quantiles(values: values, weights: weights, levels: levels)
        return q.allSatisfy(\.isFinite) ? q : nil
    }
}
