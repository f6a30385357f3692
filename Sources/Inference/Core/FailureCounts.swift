/// Why one likelihood evaluation failed (gave −∞ or a value that had to be
/// replaced by −∞).
///
/// An open set of named reasons rather than a closed enum: the likelihood
/// layer (an ODE model, a closure in a test) owns its own reasons — a sampler
/// must not know that ODE solves exist — and hands them over under stable
/// names. The reasons the samplers themselves create are the static members.
public struct FailureReason: RawRepresentable, Sendable, Hashable, Comparable, Codable, CustomStringConvertible {
    public let rawValue: String
    public init(rawValue: String) { self.rawValue = rawValue }

    /// The likelihood returned NaN or +∞ (replaced by −∞).
    public static let nonFiniteLikelihood = FailureReason(rawValue: "nonFiniteLikelihood")
    /// The likelihood returned −∞ without a reason of its own.
    public static let zeroLikelihood = FailureReason(rawValue: "zeroLikelihood")

    public var description: String { rawValue }
    public static func < (a: Self, b: Self) -> Bool { a.rawValue < b.rawValue }

    public init(from decoder: any Decoder) throws {
        rawValue = try decoder.singleValueContainer().decode(String.self)
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.singleValueContainer()
        try c.encode(rawValue)
    }
}

/// Failed evaluations counted by reason. Encodes as a JSON object
/// `{"reason": count, …}` in reason order.
public struct FailureCounts: Sendable, Hashable, Codable, CustomStringConvertible {
    private var counts: [FailureReason: Int] = [:]

    public init() {}

    public subscript(reason: FailureReason) -> Int {
        get { counts[reason] ?? 0 }
        set { counts[reason] = newValue > 0 ? newValue : nil }
    }

    /// Adds `count` failures of `reason`.
    public mutating func add(_ reason: FailureReason, count: Int = 1) {
        guard count > 0 else { return }
        counts[reason, default: 0] += count
    }

    /// Adds every count of `other`.
    public mutating func merge(_ other: FailureCounts) {
        for (reason, count) in other.counts { add(reason, count: count) }
    }

    /// All failures together.
    public var total: Int { counts.values.reduce(0, +) }

    /// The non-zero counts in reason order.
    public var sorted: [(reason: FailureReason, count: Int)] {
        counts.sorted { $0.key < $1.key }.map { ($0.key, $0.value) }
    }

    /// E.g. `"maxStepsReached 3, nonFiniteState 1"`, or `"none"`.
    public var description: String {
        total == 0 ? "none" : sorted.map { "\($0.reason) \($0.count)" }.joined(separator: ", ")
    }


    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: StringCodingKey.self)
        for key in c.allKeys {
            let n = try c.decode(Int.self, forKey: key)
            guard n >= 0 else {
                throw DecodingError.dataCorruptedError(forKey: key, in: c, debugDescription: "a failure count is negative")
            }
            add(FailureReason(rawValue: key.stringValue), count: n)
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: StringCodingKey.self)
        for (reason, count) in sorted { try c.encode(count, forKey: StringCodingKey(stringValue: reason.rawValue)) }
    }
}
