/// Seeded byte-level damage to model and data files, for the fuzz tests.
///
/// Two kinds of edit: ``Blind`` edits (bit flips, deletions, duplications,
/// token and line swaps, truncation, inserted NULs, huge numbers, huge tokens,
/// valid UTF-8 and invalid bytes) may or may not leave a readable file; a
/// ``Refusal`` edit plants one of issue 12's specific bad inputs, which the
/// reader must refuse whatever else is in the file (so it is applied last).
struct InputMutator {
    enum Blind: CaseIterable {
        case flipBit, deleteBytes, duplicateSlice, swapTokens, truncate, insertNUL, insertHugeNumber
        case insertHugeToken, insertUTF8, insertInvalidBytes, duplicateLine, swapLines
        /// A number replaced by an extreme one (keeps most files readable, so it
        /// drives the likelihood with extreme values).
        case replaceNumber
    }

    enum Refusal: CaseIterable {
        /// Data: a NUL, another C0/C1 control character or a stray carriage return, anywhere.
        case controlCharacterInData
        /// Model or data: bytes that are not UTF-8, anywhere.
        case invalidUTF8
        /// Data: a time or measurement spelt as hex, inf, nan, or out of range.
        case nonDecimalNumber
        /// Data: a `simulationConditionId` column with two values.
        case conflictingConditions
        /// Data: a non-empty `noiseParameters`, `observableParameters` or `preequilibrationConditionId`.
        case overrideColumn
        /// Model: a prior `fit` cannot use in double precision.
        case unusablePrior

        var targetsModel: Bool { self == .unusablePrior || self == .invalidUTF8 }
        var targetsData: Bool { self != .unusablePrior }
    }

    var rng: SplitMix64

    static let hugeNumbers = ["1e999", "-1e400", String(repeating: "9", count: 400), "1e-400", "0x1p3", "1.7976931348623157e308"]
    static let invalidSequences: [[UInt8]] = [[0xFF], [0xFE, 0xFF], [0xC0, 0xAF], [0xED, 0xA0, 0x80], [0xF4, 0x90, 0x80, 0x80], [0xE2, 0x82], [0x80]]
    static let scalars: [Unicode.Scalar] = ["é", "中", "😀", "\u{2028}", "\u{FEFF}", "\u{0301}", "\u{00A0}", "\u{200B}", "Ω", "\u{85}"]
    static let extremeNumbers = ["0", "-1", "-0", "1e300", "1e-300", "1e308", "4.9e-324", "123456789", "2.5e-8", "700"]
    static let badNumbers = ["0x1p0", "0x10", "inf", "-Infinity", "nan", "NaN", "-nan", "1e999", "snan", "nan(0x1)", "1.5\u{0}"]
    static let badPriors = ["LogNormal(0, 1e300)", "Normal(1, 1e-320)", "Uniform(-1e200, 1e200)", "Normal(0, 1) in [10, 11]",
                            "LogUniform(1, 1.000000000001)", "Normal(0, 1e-200)"]

    init(seed: UInt64) { rng = SplitMix64(seed: seed) }

    mutating func int(_ range: Range<Int>) -> Int { range.isEmpty ? range.lowerBound : Int.random(in: range, using: &rng) }
    mutating func pick<T>(_ items: [T]) -> T { items[int(0..<items.count)] }

    // MARK: Blind edits

    mutating func apply(_ edit: Blind, to bytes: [UInt8]) -> [UInt8] {
        var b = bytes
        let at = int(0..<(b.count + 1))
        switch edit {
        case .flipBit:
            guard !b.isEmpty else { return b }
            b[min(at, b.count - 1)] ^= UInt8(1) << UInt8(int(0..<8))
        case .deleteBytes:
            b.removeSubrange(at..<min(b.count, at + int(1..<9)))
        case .duplicateSlice:
            let length = int(1..<65)
            let from = int(0..<(max(1, b.count - length)))
            let slice = Array(b[min(from, b.count)..<min(b.count, from + length)])
            b.insert(contentsOf: slice, at: int(0..<(b.count + 1)))
        case .swapTokens:
            var tokens = Self.tokens(b)
            guard tokens.count > 2 else { return b }
            let (i, j) = (int(0..<tokens.count), int(0..<tokens.count))
            tokens.swapAt(i, j)
            b = tokens.flatMap { $0 }
        case .truncate:
            b.removeSubrange(at..<b.count)
        case .insertNUL:
            b.insert(0, at: at)
        case .insertHugeNumber:
            b.insert(contentsOf: Array(pick(Self.hugeNumbers).utf8), at: at)
        case .insertHugeToken:
            let unit = pick(["q", "$", "1", "x_", "é", "(", "-"])
            b.insert(contentsOf: Array(String(repeating: unit, count: int(1000..<12_000)).utf8), at: at)
        case .insertUTF8:
            b.insert(contentsOf: Array(String(pick(Self.scalars)).utf8), at: at)
        case .insertInvalidBytes:
            b.insert(contentsOf: pick(Self.invalidSequences), at: at)
        case .replaceNumber:
            var tokens = Self.tokens(b)
            let numbers = tokens.indices.filter { i in
                tokens[i].first.map { $0 >= 0x30 && $0 <= 0x39 } == true && Double(String(decoding: tokens[i], as: UTF8.self)) != nil
            }
            guard !numbers.isEmpty else { return b }
            tokens[pick(numbers)] = Array(pick(Self.extremeNumbers).utf8)
            b = tokens.flatMap { $0 }
        case .duplicateLine, .swapLines:
            var lines = b.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false).map(Array.init)
            let (i, j) = (int(0..<lines.count), int(0..<lines.count))
            if edit == .swapLines { lines.swapAt(i, j) } else { lines.insert(lines[i], at: j) }
            b = Array(lines.joined(separator: [UInt8(ascii: "\n")]))
        }
        return b
    }

    /// Maximal runs of letters/digits/`_`/`.` and single other bytes, in order.
    static func tokens(_ bytes: [UInt8]) -> [[UInt8]] {
        func word(_ c: UInt8) -> Bool {
            (c >= 0x30 && c <= 0x39) || (c >= 0x41 && c <= 0x5A) || (c >= 0x61 && c <= 0x7A) || c == 0x5F || c == 0x2E
        }
        var out: [[UInt8]] = []
        for c in bytes {
            if word(c), let last = out.last, let tail = last.last, word(tail) {
                out[out.count - 1].append(c)
            } else {
                out.append([c])
            }
        }
        return out
    }

    // MARK: Refusal edits

    /// Plants `edit` in the model or the data; nil when the file offers no place for it.
    mutating func apply(_ edit: Refusal, model: [UInt8], data: [UInt8]) -> (model: [UInt8], data: [UInt8])? {
        switch edit {
        case .controlCharacterInData:
            // As UTF-8: C0 controls and DEL are one byte, the C1 control U+0085 two.
            let control: [UInt8] = pick([[0x00], [0x01], [0x1B], [0x7F], [0x0D], [0xC2, 0x85]])
            switch int(0..<3) {
            case 0:  // anywhere (a carriage return right before a line feed would be a CRLF line end)
                var d = data
                var at = int(0..<(d.count + 1))
                while control == [0x0D] && at < d.count && d[at] == UInt8(ascii: "\n") { at += 1 }
                d.insert(contentsOf: control, at: at)
                return (model, d)
            case 1:  // in a comment line, which nothing else reads
                var lines = data.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false).map(Array.init)
                lines.insert(Array("# note ".utf8) + control + Array(" end".utf8), at: int(0..<(lines.count + 1)))
                return (model, Array(lines.joined(separator: [UInt8(ascii: "\n")])))
            default:  // in an ignored column, which nothing else reads
                guard var table = Table(data), !table.rows.isEmpty else { return nil }
                let row = int(0..<table.rows.count)
                table.add(column: "datasetId") { $0 == row ? "d" + String(decoding: control, as: UTF8.self) + "1" : "d1" }
                return (model, table.bytes)
            }
        case .invalidUTF8:
            let sequence = pick(Self.invalidSequences)
            if Bool.random(using: &rng) {
                var m = model
                m.insert(contentsOf: sequence, at: int(0..<(m.count + 1)))
                return (m, data)
            }
            var d = data
            d.insert(contentsOf: sequence, at: int(0..<(d.count + 1)))
            return (model, d)
        case .nonDecimalNumber:
            guard var table = Table(data), !table.rows.isEmpty else { return nil }
            let column = pick(["time", "measurement"].compactMap { table.header.firstIndex(of: $0) })
            table.rows[int(0..<table.rows.count)][column] = pick(Self.badNumbers)
            return (model, table.bytes)
        case .conflictingConditions:
            guard var table = Table(data), table.rows.count >= 2 else { return nil }
            let odd = int(0..<table.rows.count)
            table.add(column: "simulationConditionId") { $0 == odd ? "c1" : "c0" }
            return (model, table.bytes)
        case .overrideColumn:
            guard var table = Table(data), !table.rows.isEmpty else { return nil }
            let row = int(0..<table.rows.count)
            let name = pick(["noiseParameters", "observableParameters", "preequilibrationConditionId"])
            let value = pick(["0.1", "sd_obs", "a;b", "pre"])
            table.add(column: name) { $0 == row ? value : "" }
            return (model, table.bytes)
        case .unusablePrior:
            var lines = String(decoding: model, as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
            let priors = lines.indices.filter { lines[$0].hasPrefix("prior ") && lines[$0].contains("~") }
            guard !priors.isEmpty else { return nil }
            let i = pick(priors)
            let head = lines[i][..<lines[i].firstIndex(of: "~")!]
            lines[i] = head + "~ " + pick(Self.badPriors)
            return (Array(lines.joined(separator: "\n").utf8), data)
        }
    }

    /// A clean comma-separated table (the shipped data files), for field-level edits.
    struct Table {
        var header: [String]
        var rows: [[String]]

        init?(_ bytes: [UInt8]) {
            guard let text = String(validating: bytes, as: UTF8.self) else { return nil }
            let lines = text.split(separator: "\n").map(String.init).filter { !$0.hasPrefix("#") }
            guard let first = lines.first else { return nil }
            header = first.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
            rows = lines.dropFirst().map { $0.split(separator: ",", omittingEmptySubsequences: false).map(String.init) }
            guard header.contains("time"), header.contains("measurement"), rows.allSatisfy({ $0.count == header.count })
            else { return nil }
        }

        mutating func add(column: String, value: (Int) -> String) {
            header.append(column)
            for i in rows.indices { rows[i].append(value(i)) }
        }

        var bytes: [UInt8] {
            Array(([header] + rows).map { $0.joined(separator: ",") }.joined(separator: "\n").utf8) + [UInt8(ascii: "\n")]
        }
    }
}
