/// A value of the YAML subset PEtab problem files use.
indirect enum YAMLNode: Sendable {
    case scalar(String, SourceLocation)
    case sequence([YAMLNode], SourceLocation)
    case mapping([YAMLEntry], SourceLocation)
    /// `key:` with nothing after it.
    case null(SourceLocation)

    var location: SourceLocation {
        switch self {
        case .scalar(_, let l), .sequence(_, let l), .mapping(_, let l), .null(let l): return l
        }
    }

    /// "a text", "a list", "a mapping", "nothing" — for "expected …, found …".
    var kind: String {
        switch self {
        case .scalar: return "a text"
        case .sequence: return "a list"
        case .mapping: return "a mapping"
        case .null: return "nothing"
        }
    }
}

struct YAMLEntry: Sendable {
    var key: String
    var keyLocation: SourceLocation
    var value: YAMLNode
}

/// A reader for the block-style YAML of PEtab problem files: mappings
/// (`key: value`, `key:` followed by an indented block or a `-` list),
/// sequences (`- item`, an item may start a mapping on the dash's line),
/// scalars (plain, `'…'`, `"…"`) and flow lists (`[a, b]`), `#` comments.
/// Anchors, tags, multi-line scalars and flow mappings are refused with a
/// located error rather than misread. Cost: one pass over the lines.
struct YAMLReader {
    private struct Line {
        var number: Int
        /// 0-based column of `text` in the file line.
        var indent: Int
        var text: String
    }

    private var lines: [Line] = []
    private var position = 0
    var diagnostics: DiagnosticBag

    struct Abort: Error {}

    /// The document's root node, or nil with errors in `diagnostics`.
    static func read(_ source: ModelSource) -> (YAMLNode?, DiagnosticBag) {
        var reader = YAMLReader(diagnostics: DiagnosticBag(file: source.path))
        reader.split(source.lines)
        guard !reader.diagnostics.hasErrors else { return (nil, reader.diagnostics) }
        guard let first = reader.lines.first else {
            reader.diagnostics.error("empty YAML file; a PEtab problem file names its tables (format_version, parameter_file, problems)",
                                     at: SourceLocation(line: 1, column: 1))
            return (nil, reader.diagnostics)
        }
        do throws(Abort) {
            let root = try reader.node(indent: first.indent)
            if let extra = reader.current {
                reader.fail("unexpected text at indentation \(extra.indent) (the document's top level starts at column \(first.indent + 1))",
                            line: extra, column: extra.indent)
            }
            return (reader.diagnostics.hasErrors ? nil : root, reader.diagnostics)
        } catch {
            return (nil, reader.diagnostics)
        }
    }

    private var current: Line? { position < lines.count ? lines[position] : nil }

    private mutating func fail(_ message: String, line: Line, column: Int, length: Int = 1) {
        diagnostics.error(message, at: SourceLocation(line: line.number, column: column + 1), length: length)
    }

    /// Lines without comments and blank lines; tabs in indentation and
    /// unsupported syntax are errors.
    private mutating func split(_ raw: [String]) {
        for (offset, text) in raw.enumerated() {
            let number = offset + 1
            var scalars = Array(text.unicodeScalars)
            if offset == 0, scalars.first == "\u{FEFF}" { scalars.removeFirst() }
            if let bad = scalars.firstIndex(where: { ($0.value < 0x20 && $0 != "\t") || $0.value == 0x7F }) {
                diagnostics.error(ControlCharacter.message(scalars[bad]), at: SourceLocation(line: number, column: bad + 1))
                continue
            }
            let indent = scalars.prefix { $0 == " " }.count
            if indent < scalars.count, scalars[indent] == "\t" {
                diagnostics.error("tab in the indentation; YAML indents with spaces", at: SourceLocation(line: number, column: indent + 1))
                continue
            }
            // Strip a comment: `#` at the start or after a space, outside quotes.
            var end = scalars.count
            var quote: Unicode.Scalar?
            for i in indent..<scalars.count {
                let c = scalars[i]
                if let q = quote {
                    if c == q { quote = nil }
                } else if c == "'" || c == "\"" {
                    quote = c
                } else if c == "#", i == indent || scalars[i - 1] == " " || scalars[i - 1] == "\t" {
                    end = i
                    break
                }
            }
            while end > indent, scalars[end - 1] == " " || scalars[end - 1] == "\t" { end -= 1 }
            guard end > indent else { continue }
            let content = String(String.UnicodeScalarView(scalars[indent..<end]))
            if content == "---" || content == "..." { continue }
            if let first = content.unicodeScalars.first, "&*!|>%@`{".unicodeScalars.contains(first) {
                diagnostics.error("YAML feature '\(first)' is not supported in PEtab problem files here (anchors, tags, block scalars, flow mappings)",
                                  at: SourceLocation(line: number, column: indent + 1))
                continue
            }
            lines.append(Line(number: number, indent: indent, text: content))
        }
    }

    private static func isDash(_ text: String) -> Bool {
        text == "-" || text.hasPrefix("- ")
    }

    /// The column of the `:` ending a mapping key (`: ` or a final `:`), outside quotes.
    private static func keyColon(_ text: String) -> Int? {
        let scalars = Array(text.unicodeScalars)
        var quote: Unicode.Scalar?
        for (i, c) in scalars.enumerated() {
            if let q = quote {
                if c == q { quote = nil }
            } else if (c == "'" || c == "\"") && i == 0 {
                quote = c
            } else if c == ":", i + 1 == scalars.count || scalars[i + 1] == " " {
                return i
            } else if c == "[" && i == 0 {
                return nil
            }
        }
        return nil
    }

    private mutating func node(indent: Int) throws(Abort) -> YAMLNode {
        guard let line = current else { return .null(SourceLocation(line: lines.last?.number ?? 1, column: 1)) }
        if Self.isDash(line.text) { return try sequence(indent: line.indent) }
        if Self.keyColon(line.text) != nil { return try mapping(indent: line.indent) }
        position += 1
        if let next = current, next.indent > line.indent {
            fail("a value continues on the next line; write it on one line (multi-line values are not supported)",
                 line: next, column: next.indent)
            throw Abort()
        }
        return try scalar(line.text, line: line, column: line.indent)
    }

    private mutating func sequence(indent: Int) throws(Abort) -> YAMLNode {
        let start = current.map { SourceLocation(line: $0.number, column: $0.indent + 1) } ?? SourceLocation(line: 1, column: 1)
        var items: [YAMLNode] = []
        while let line = current, line.indent >= indent {
            if line.indent == indent && !Self.isDash(line.text) { break }  // the mapping around the list goes on
            guard line.indent == indent else {
                fail("unexpected indentation", line: line, column: line.indent)
                throw Abort()
            }
            let rest = String(line.text.dropFirst()).drop { $0 == " " }
            let restIndent = line.indent + (line.text.unicodeScalars.count - rest.unicodeScalars.count)
            if rest.isEmpty {
                position += 1
                if let next = current, next.indent > indent {
                    items.append(try node(indent: next.indent))
                } else {
                    items.append(.null(SourceLocation(line: line.number, column: line.indent + 1)))
                }
            } else {
                lines[position] = Line(number: line.number, indent: restIndent, text: String(rest))
                items.append(try node(indent: restIndent))
            }
        }
        return .sequence(items, start)
    }

    private mutating func mapping(indent: Int) throws(Abort) -> YAMLNode {
        let start = current.map { SourceLocation(line: $0.number, column: $0.indent + 1) } ?? SourceLocation(line: 1, column: 1)
        var entries: [YAMLEntry] = []
        while let line = current, line.indent >= indent {
            guard line.indent == indent else {
                fail("unexpected indentation", line: line, column: line.indent)
                throw Abort()
            }
            if Self.isDash(line.text) { break }  // a list at the indentation of its key ends the mapping above
            guard let colon = Self.keyColon(line.text) else {
                fail("expected 'key: value', found \(Echo.quoted(line.text))", line: line, column: line.indent,
                     length: line.text.unicodeScalars.count)
                throw Abort()
            }
            let scalars = Array(line.text.unicodeScalars)
            let rawKey = String(String.UnicodeScalarView(scalars[..<colon]))
            let keyLocation = SourceLocation(line: line.number, column: line.indent + 1)
            guard case .scalar(let key, _) = try scalar(rawKey.trimmingSpaces(), line: line, column: line.indent) else {
                fail("a mapping key must be a text", line: line, column: line.indent)
                throw Abort()
            }
            var valueStart = colon + 1
            while valueStart < scalars.count, scalars[valueStart] == " " { valueStart += 1 }
            let valueText = String(String.UnicodeScalarView(scalars[valueStart...]))
            position += 1
            let value: YAMLNode
            if !valueText.isEmpty {
                value = try scalar(valueText, line: line, column: line.indent + valueStart)
                if let next = current, next.indent > indent {
                    fail("a value continues on the next line; write it on one line (multi-line values are not supported)",
                         line: next, column: next.indent)
                    throw Abort()
                }
            } else if let next = current, next.indent > indent || (next.indent == indent && Self.isDash(next.text)) {
                value = try node(indent: next.indent)
            } else {
                value = .null(keyLocation)
            }
            if let first = entries.first(where: { $0.key == key }) {
                diagnostics.error("duplicate key '\(key)' (first at line \(first.keyLocation.line))", at: keyLocation,
                                  length: rawKey.unicodeScalars.count)
            }
            entries.append(YAMLEntry(key: key, keyLocation: keyLocation, value: value))
        }
        return .mapping(entries, start)
    }

    /// A plain, quoted or flow-list scalar written at 0-based `column` of `line`.
    private mutating func scalar(_ text: String, line: Line, column: Int) throws(Abort) -> YAMLNode {
        let location = SourceLocation(line: line.number, column: column + 1)
        let scalars = Array(text.unicodeScalars)
        guard let first = scalars.first else { return .null(location) }
        if first == "'" || first == "\"" {
            var value = String.UnicodeScalarView()
            var i = 1
            while i < scalars.count {
                let c = scalars[i]
                if c == first {
                    if first == "'", i + 1 < scalars.count, scalars[i + 1] == "'" {  // '' is a quote
                        value.append("'")
                        i += 2
                        continue
                    }
                    guard i + 1 == scalars.count else {
                        fail("unexpected text after a quoted value", line: line, column: column + i + 1)
                        throw Abort()
                    }
                    return .scalar(String(value), location)
                }
                if first == "\"" && c == "\\" {
                    fail("escape sequences in double-quoted values are not supported; use single quotes",
                         line: line, column: column + i)
                    throw Abort()
                }
                value.append(c)
                i += 1
            }
            fail("unterminated quoted value; add a closing \(first == "'" ? "'" : "\"")", line: line, column: column)
            throw Abort()
        }
        if first == "[" {
            guard scalars.last == "]" else {
                fail("unterminated list; close it with ']' on the same line", line: line, column: column)
                throw Abort()
            }
            var items: [YAMLNode] = []
            var itemStart = 1
            for i in 1..<scalars.count where scalars[i] == "," || i == scalars.count - 1 {
                let raw = String(String.UnicodeScalarView(scalars[itemStart..<i]))
                let leading = raw.unicodeScalars.prefix { $0 == " " }.count
                let trimmed = String(raw.unicodeScalars.dropFirst(leading)).trimmingSpaces()
                if !trimmed.isEmpty || scalars[i] == "," {
                    items.append(try scalar(trimmed, line: line, column: column + itemStart + leading))
                }
                itemStart = i + 1
            }
            return .sequence(items, location)
        }
        if "&*!|>%@`{".unicodeScalars.contains(first) {
            fail("YAML feature '\(first)' is not supported in PEtab problem files here (anchors, aliases, tags, block scalars, flow mappings)",
                 line: line, column: column)
            throw Abort()
        }
        if text == "~" || text == "null" || text == "Null" || text == "NULL" { return .null(location) }
        return .scalar(text, location)
    }
}
