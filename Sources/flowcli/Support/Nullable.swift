/// A value that is written as JSON `null` when absent, rather than left out.
///
/// Synthesised `Codable` drops an absent optional's key; the run document
/// keeps every documented key present (a reader of `summary.json` gets
/// `None`, not a `KeyError`), so its optional fields wear this wrapper.
/// Decoding accepts both `null` and a missing key as absent.
///
/// Numbers that can be non-finite are stored as `Double?` — `nil` for NaN and
/// ±∞ (see ``finite(_:)``) — so the encoder never meets a value JSON
/// cannot hold.
@propertyWrapper
struct Nullable<Value: Codable & Sendable & Equatable>: Codable, Sendable, Equatable {
    var wrappedValue: Value?

    init(wrappedValue: Value?) {
        self.wrappedValue = wrappedValue
    }

    init(from decoder: any Decoder) throws {
        let c = try decoder.singleValueContainer()
        wrappedValue = c.decodeNil() ? nil : try c.decode(Value.self)
    }

    func encode(to encoder: any Encoder) throws {
        var c = encoder.singleValueContainer()
        if let wrappedValue { try c.encode(wrappedValue) } else { try c.encodeNil() }
    }
}

extension KeyedDecodingContainer {
    /// A missing key decodes as an absent value (synthesised `init(from:)` calls this).
    func decode<V>(_ type: Nullable<V>.Type, forKey key: Key) throws -> Nullable<V> {
        try decodeIfPresent(type, forKey: key) ?? Nullable(wrappedValue: nil)
    }
}

/// `x` if it is finite, else nil: how the run document stores numbers that
/// may be NaN or infinite (written as JSON `null`).
func finite(_ x: Double) -> Double? { x.isFinite ? x : nil }
