import Foundation

/// A seeded pseudo-random generator: xoshiro256++ (Blackman & Vigna), seeded
/// through SplitMix64.
///
/// Every random algorithm of the project takes one of these, built from a user
/// seed, so that the same seed (and thread count) reproduces a run. The state
/// is a value and `Codable`, so a checkpoint can store it. Independent streams
/// for parallel work are derived with ``stream(_:)``, which depends only on the
/// seed and the stream index, never on scheduling.
public struct RandomSource: RandomNumberGenerator, Sendable, Hashable, Codable {
    private var s0: UInt64, s1: UInt64, s2: UInt64, s3: UInt64

    /// A generator whose whole sequence is determined by `seed`.
    public init(seed: UInt64) {
        var sm = seed
        func splitMix(_ x: inout UInt64) -> UInt64 {
            x &+= 0x9E37_79B9_7F4A_7C15
            var z = x
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
        s0 = splitMix(&sm)
        s1 = splitMix(&sm)
        s2 = splitMix(&sm)
        s3 = splitMix(&sm)
        if s0 | s1 | s2 | s3 == 0 { s0 = 1 }
    }

    /// Whether the state can generate: xoshiro's all-zero state only ever
    /// yields zeros (a decoded checkpoint may hold one; ``init(seed:)`` never makes it).
    public var isUsable: Bool { s0 | s1 | s2 | s3 != 0 }

    /// The next 64 random bits.
    public mutating func next() -> UInt64 {
        let result = rotl(s0 &+ s3, 23) &+ s0
        let t = s1 << 17
        s2 ^= s0
        s3 ^= s1
        s1 ^= s2
        s0 ^= s3
        s2 ^= t
        s3 = rotl(s3, 45)
        return result
    }

    @inline(__always)
    private func rotl(_ x: UInt64, _ k: UInt64) -> UInt64 { (x << k) | (x >> (64 - k)) }

    /// An independent generator for stream `index`, derived from this
    /// generator's current state without advancing it.
    public func stream(_ index: Int) -> RandomSource {
        var mixed = s0 ^ (s1 &* 0x9E37_79B9_7F4A_7C15) ^ rotl(s2, 17) ^ rotl(s3, 41)
        mixed ^= UInt64(truncatingIfNeeded: index) &* 0xD1B5_4A32_D192_ED03
        return RandomSource(seed: mixed)
    }

    /// A uniform double in [0, 1) with 53 random bits.
    @inline(__always)
    public mutating func uniform() -> Double {
        Double(next() >> 11) * 0x1.0p-53
    }

    /// A uniform double in (0, 1): never exactly 0, safe for `log`.
    @inline(__always)
    public mutating func uniformOpen() -> Double {
        (Double(next() >> 12) + 0.5) * 0x1.0p-52
    }

    /// A standard normal deviate (Marsaglia's polar method; the spare value is
    /// discarded so that the state stays a plain value).
    public mutating func normal() -> Double {
        while true {
            let u = 2 * uniform() - 1
            let v = 2 * uniform() - 1
            let s = u * u + v * v
            if s > 0 && s < 1 {
                return u * (-2 * Foundation.log(s) / s).squareRoot()
            }
        }
    }

    /// Fills `buffer` with standard normal deviates, two per polar draw.
    public mutating func fillNormal(_ buffer: UnsafeMutableBufferPointer<Double>) {
        var i = 0
        let n = buffer.count
        while i < n {
            let u = 2 * uniform() - 1
            let v = 2 * uniform() - 1
            let s = u * u + v * v
            guard s > 0 && s < 1 else { continue }
            let f = (-2 * Foundation.log(s) / s).squareRoot()
            buffer[i] = u * f
            if i + 1 < n { buffer[i + 1] = v * f }
            i += 2
        }
    }

    /// A uniform integer in `0..<upperBound`.
    public mutating func integer(below upperBound: Int) -> Int {
        precondition(upperBound > 0)
        return Int(next(upperBound: UInt64(upperBound)))
    }
}
