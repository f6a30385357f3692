/// Turns model text into tokens, reporting bad characters, numbers and strings.
///
/// Never fails: an unreadable stretch becomes one `.invalid` token carrying its
/// message, which the parser reports if it reaches it (so a bad character later on
/// a line that already has an error adds no noise). Cost: O(n) in the text.
///
/// Lexical rules: `#` or `//` start a comment to the end of the line; newlines
/// are tokens (they separate statements); identifiers are `[A-Za-z_][A-Za-z0-9_]*`;
/// numbers are `12`, `1.5`, `.5`, `1e-3`, `2.5E+4` (a number running straight into
/// a letter, digit or dot, like `1.2.3` or `2x`, is an error); strings are `"…"` on one line;
/// `->` and Antimony's `=>` are both the reaction arrow; `<`, `<=`, `>`, `>=`,
/// `==`, `!=`, `&&`, `||`, `!` are the comparison and logical operators.
struct ModelLexer {
    private let scalars: [Unicode.Scalar]
    private var index = 0
    private var line = 1
    private var lineStart = 0

    init(text: String) {
        var scalars = Array(text.unicodeScalars)
        if scalars.first == "\u{FEFF}" { scalars[0] = " " }  // byte-order mark
        self.scalars = scalars
    }

    static func tokenize(_ text: String) -> [ModelToken] {
        var lexer = ModelLexer(text: text)
        var tokens: [ModelToken] = []
        while true {
            let token = lexer.next()
            tokens.append(token)
            if token.kind == .endOfFile { return tokens }
        }
    }

    private var location: SourceLocation {
        SourceLocation(line: line, column: index - lineStart + 1)
    }

    private func peek(_ offset: Int = 0) -> Unicode.Scalar? {
        index + offset < scalars.count ? scalars[index + offset] : nil
    }

    private mutating func next() -> ModelToken {
        skipSpaceAndComments()
        let start = location
        let startIndex = index
        func token(_ kind: ModelToken.Kind) -> ModelToken {
            ModelToken(kind: kind, location: start, length: max(1, index - startIndex))
        }
        guard let c = peek() else { return token(.endOfFile) }
        index += 1
        switch c {
        case "\n", "\r":  // `\r` only reaches here right before `\n`
            if c == "\r" { index += 1 }
            let result = token(.newline)
            line += 1
            lineStart = index
            return result
        case "+": return token(.plus)
        case "*": return token(.star)
        case "/": return token(.slash)
        case "^": return token(.caret)
        case "(": return token(.leftParen)
        case ")": return token(.rightParen)
        case "[": return token(.leftBracket)
        case "]": return token(.rightBracket)
        case "{": return token(.leftBrace)
        case "}": return token(.rightBrace)
        case ",": return token(.comma)
        case ";": return token(.semicolon)
        case "~": return token(.tilde)
        case "'": return token(.prime)
        case "-":
            if peek() == ">" { index += 1; return token(.arrow) }
            return token(.minus)
        case "=":
            if peek() == ">" { index += 1; return token(.arrow) }
            if peek() == "=" { index += 1; return token(.operation(.equal)) }
            return token(.equals)
        case "<":
            if peek() == "=" { index += 1; return token(.operation(.lessOrEqual)) }
            return token(.operation(.lessThan))
        case ">":
            if peek() == "=" { index += 1; return token(.operation(.greaterOrEqual)) }
            return token(.operation(.greaterThan))
        case "!":
            if peek() == "=" { index += 1; return token(.operation(.notEqual)) }
            return token(.operation(.not))
        case "&", "|":
            if peek() == c { index += 1; return token(.operation(c == "&" ? .and : .or)) }
            return token(.invalid("unexpected character '\(c)'; the logical operators are '&&', '||' and '!'"))
        case ":":
            if peek() == "=" { index += 1; return token(.colonEquals) }
            return token(.colon)
        case "\"":
            return lexString(start: start, startIndex: startIndex)
        default:
            if Self.isIdentifierStart(c) {
                while let d = peek(), Self.isIdentifierPart(d) { index += 1 }
                return token(.identifier(text(from: startIndex)))
            }
            if Self.isDigit(c) || (c == "." && peek().map(Self.isDigit) == true) {
                index -= 1
                return lexNumber(start: start)
            }
            // A run of characters that cannot start any token: one diagnostic for the run.
            while let d = peek(), !Self.canStartToken(d) { index += 1 }
            let shown = text(from: startIndex).unicodeScalars.map(Self.describe).joined()
            return token(.invalid("unexpected character\(index - startIndex > 1 ? "s" : "") \(Echo.quoted(shown))"))
        }
    }

    private mutating func skipSpaceAndComments() {
        while let c = peek() {
            if c == " " || c == "\t" || (c == "\r" && peek(1) != "\n") || c == "\u{0C}" || c == "\u{FEFF}" {
                index += 1
            } else if c == "#" || (c == "/" && peek(1) == "/") {
                while let d = peek(), d != "\n" { index += 1 }
            } else {
                return
            }
        }
    }

    private mutating func lexString(start: SourceLocation, startIndex: Int) -> ModelToken {
        while let c = peek(), c != "\"", c != "\n" { index += 1 }
        guard peek() == "\"" else {
            return ModelToken(kind: .invalid("unterminated string; add a closing '\"'"), location: start,
                              length: index - startIndex)
        }
        let content = text(from: startIndex + 1)
        index += 1
        return ModelToken(kind: .string(content), location: start, length: index - startIndex)
    }

    private mutating func lexNumber(start: SourceLocation) -> ModelToken {
        let startIndex = index
        while let c = peek(), Self.isDigit(c) { index += 1 }
        if peek() == "." {
            index += 1
            while let c = peek(), Self.isDigit(c) { index += 1 }
        }
        if peek() == "e" || peek() == "E" {
            var offset = 1
            if peek(1) == "+" || peek(1) == "-" { offset = 2 }
            if let d = peek(offset), Self.isDigit(d) {
                index += offset
                while let c = peek(), Self.isDigit(c) { index += 1 }
            }
        }
        // Anything glued on (`1.2.3`, `2x`, `1e`) makes the whole word a bad number.
        var bad = false
        while let c = peek(), Self.isIdentifierPart(c) || c == "." {
            bad = true
            index += 1
        }
        let literal = text(from: startIndex)
        let length = index - startIndex
        if bad {
            return ModelToken(kind: .invalid("bad number \(Echo.quoted(literal))"), location: start, length: length)
        }
        guard let value = Double(literal), value.isFinite else {
            return ModelToken(kind: .invalid("number \(Echo.quoted(literal)) is out of range"), location: start, length: length)
        }
        return ModelToken(kind: .number(value), location: start, length: length)
    }

    private func text(from start: Int) -> String {
        var result = String.UnicodeScalarView()
        result.append(contentsOf: scalars[start..<index])
        return String(result)
    }

    static func isDigit(_ c: Unicode.Scalar) -> Bool { c >= "0" && c <= "9" }
    static func isIdentifierStart(_ c: Unicode.Scalar) -> Bool {
        (c >= "a" && c <= "z") || (c >= "A" && c <= "Z") || c == "_"
    }
    static func isIdentifierPart(_ c: Unicode.Scalar) -> Bool { isIdentifierStart(c) || isDigit(c) }

    private static func canStartToken(_ c: Unicode.Scalar) -> Bool {
        isIdentifierPart(c) || " \t\r\n\u{0C}#+-*/^()[]{},;:=~'\".<>!&|".unicodeScalars.contains(c)
    }

    private static func describe(_ c: Unicode.Scalar) -> String {
        c.value < 0x20 || c.value == 0x7F
            ? "\\u{\(String(c.value, radix: 16, uppercase: true))}" : String(c)
    }
}
