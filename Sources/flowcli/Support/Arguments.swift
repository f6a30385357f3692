/// A hand-written command-line parser: `--flag value`, `--flag=value`,
/// repeatable flags, boolean switches and positional arguments. Every
/// problem is a ``UsageError`` with a message naming the flag.
struct Arguments {
    /// What a command accepts.
    struct Spec {
        var valued: Set<String>
        var switches: Set<String>
        var repeatable: Set<String> = []
    }

    /// The arguments as given (for `fit --resume`, which re-reads them from a checkpoint).
    let raw: [String]
    private(set) var positional: [String] = []
    private var values: [String: [String]] = [:]
    private var present: Set<String> = []

    init(_ raw: [String], spec: Spec) throws(UsageError) {
        self.raw = raw
        var i = 0
        while i < raw.count {
            let a = raw[i]
            if a == "--" {
                positional.append(contentsOf: raw[(i + 1)...])
                break
            }
            if a.hasPrefix("--") && a.count > 2 {
                var name = String(a.dropFirst(2))
                var inline: String?
                if let eq = name.firstIndex(of: "=") {
                    inline = String(name[name.index(after: eq)...])
                    name = String(name[..<eq])
                }
                if spec.switches.contains(name) {
                    guard inline == nil else { throw UsageError("--\(name) takes no value") }
                    present.insert(name)
                } else if spec.valued.contains(name) || spec.repeatable.contains(name) {
                    let value: String
                    if let inline {
                        value = inline
                    } else {
                        guard i + 1 < raw.count else { throw UsageError("--\(name) needs a value") }
                        i += 1
                        value = raw[i]
                    }
                    if !spec.repeatable.contains(name) && values[name] != nil {
                        throw UsageError("--\(name) given more than once")
                    }
                    values[name, default: []].append(value)
                    present.insert(name)
                } else {
                    let known = (spec.valued.union(spec.switches).union(spec.repeatable)).sorted()
                    let hint = Suggest.closest(to: name, among: known).map { "; did you mean --\($0)?" } ?? ""
                    throw UsageError("unknown option --\(name)\(hint)")
                }
            } else if a.hasPrefix("-") && a.count > 1 && Double(a) == nil {
                if a == "-h" { present.insert("help") } else { throw UsageError("unknown option \(a)") }
            } else {
                positional.append(a)
            }
            i += 1
        }
    }

    func has(_ name: String) -> Bool { present.contains(name) }
    func string(_ name: String) -> String? { values[name]?.last }
    func all(_ name: String) -> [String] { values[name] ?? [] }

    func int(_ name: String, default value: Int, range: ClosedRange<Int> = Int.min...Int.max) throws(UsageError) -> Int {
        guard let s = string(name) else { return value }
        guard let v = Int(s.replacingOccurrences(of: "_", with: "")), range.contains(v) else {
            throw UsageError("--\(name): expected \(Self.describe(range)), got '\(s)'")
        }
        return v
    }

    func optionalInt(_ name: String, range: ClosedRange<Int> = 1...Int.max) throws(UsageError) -> Int? {
        guard string(name) != nil else { return nil }
        return try int(name, default: 0, range: range)
    }

    func double(_ name: String, default value: Double, range: ClosedRange<Double> = -Double.greatestFiniteMagnitude...Double.greatestFiniteMagnitude) throws(UsageError) -> Double {
        guard let s = string(name) else { return value }
        guard let v = Double(s), v.isFinite, range.contains(v) else {
            throw UsageError("--\(name): expected \(Self.describe(range)), got '\(s)'")
        }
        return v
    }

    /// A number > 0 (and finite), e.g. an absolute tolerance.
    func positiveDouble(_ name: String, default value: Double) throws(UsageError) -> Double {
        guard let s = string(name) else { return value }
        guard let v = Double(s), v.isFinite, v > 0 else {
            throw UsageError("--\(name): expected a positive number, got '\(s)'")
        }
        return v
    }

    /// `an integer in [2, 10000]`, `an integer ≥ 1`.
    static func describe(_ range: ClosedRange<Int>) -> String {
        range.upperBound == Int.max ? "an integer ≥ \(range.lowerBound)" : "an integer in [\(range.lowerBound), \(range.upperBound)]"
    }

    /// `a number in [0, 1]`, `a number ≥ 0.001`, `a finite number` (bounds as `formatNumber` writes them).
    static func describe(_ range: ClosedRange<Double>) -> String {
        let (low, high) = (range.lowerBound, range.upperBound)
        switch (low <= -Double.greatestFiniteMagnitude, high >= Double.greatestFiniteMagnitude) {
        case (true, true): return "a finite number"
        case (false, true): return "a number ≥ \(formatNumber(low))"
        case (true, false): return "a number ≤ \(formatNumber(high))"
        case (false, false): return "a number in [\(formatNumber(low)), \(formatNumber(high))]"
        }
    }

    func optionalDouble(_ name: String, range: ClosedRange<Double>) throws(UsageError) -> Double? {
        guard string(name) != nil else { return nil }
        return try double(name, default: 0, range: range)
    }

    /// A seed: a non-negative integer below 2⁶⁴ (`_` separators allowed), or nil when absent.
    func seed(_ name: String) throws(UsageError) -> UInt64? {
        guard let s = string(name) else { return nil }
        guard let v = UInt64(s.replacingOccurrences(of: "_", with: "")) else {
            throw UsageError("--\(name): expected a non-negative integer seed, got '\(s)'")
        }
        return v
    }

    /// Exactly one positional argument (the model file).
    func singlePositional(_ what: String) throws(UsageError) -> String {
        guard positional.count == 1 else {
            throw UsageError(positional.isEmpty ? "missing \(what)" : "expected one \(what), got \(positional.count) arguments: \(positional.joined(separator: " "))")
        }
        return positional[0]
    }

    /// The `name=value` pairs of a repeatable flag, skipping the literal words in `ignoring`.
    func assignments(_ name: String, ignoring words: Set<String> = []) throws(UsageError) -> [(String, Double)] {
        var out: [(String, Double)] = []
        for item in all(name) where !words.contains(item) {
            let parts = item.split(separator: "=", maxSplits: 1).map(String.init)
            guard parts.count == 2, !parts[0].isEmpty else { throw UsageError("--\(name) expects name=value, got '\(item)'") }
            guard let v = Double(parts[1]), v.isFinite else {
                throw UsageError("--\(name) \(parts[0]): '\(parts[1])' is not a finite number")
            }
            out.append((parts[0], v))
        }
        return out
    }
}

/// A command-line usage problem: printed with the command's usage line, exit status 2.
struct UsageError: Error, CustomStringConvertible {
    var message: String
    init(_ message: String) { self.message = message }
    var description: String { message }
}

/// Did-you-mean suggestions by edit distance.
enum Suggest {
    static func closest(to word: String, among candidates: [String]) -> String? {
        var best: (String, Int)?
        for c in candidates {
            let d = distance(word, c)
            if d <= max(1, word.count / 3), best == nil || d < best!.1 { best = (c, d) }
        }
        return best?.0
    }

    /// Levenshtein distance. Cost O(|a|·|b|).
    static func distance(_ a: String, _ b: String) -> Int {
        let a = Array(a), b = Array(b)
        if a.isEmpty { return b.count }
        if b.isEmpty { return a.count }
        var prev = Array(0...b.count)
        var cur = [Int](repeating: 0, count: b.count + 1)
        for i in 1...a.count {
            cur[0] = i
            for j in 1...b.count {
                cur[j] = min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1))
            }
            swap(&prev, &cur)
        }
        return prev[b.count]
    }
}
