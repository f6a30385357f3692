/// A lexical token of the model language.
struct ModelToken: Sendable {
    enum Kind: Hashable, Sendable {
        case identifier(String)
        case number(Double)
        case string(String)
        case plus, minus, star, slash, caret
        case leftParen, rightParen, leftBracket, rightBracket, leftBrace, rightBrace, comma
        case semicolon, colon, equals, colonEquals, arrow, tilde, prime
        /// `<`, `<=`, `>`, `>=`, `==`, `!=`, `&&`, `||`, `!`: an operator that
        /// means a built-in function.
        case operation(Function)
        case newline
        case endOfFile
        /// Text the lexer could not read, with the message to report when the
        /// parser reaches it (not when it is skipped after an earlier error).
        case invalid(String)
    }

    var kind: Kind
    var location: SourceLocation
    /// Width in columns, for the caret underline.
    var length: Int

    /// How the token is named in "expected …, found …" messages.
    var display: String {
        switch kind {
        case .identifier(let name): return Echo.quoted(name)
        case .number(let value): return "number \(NumberText.format(value))"
        case .string(let text): return "string \"\(Echo.shortened(text))\""
        case .plus: return "'+'"
        case .minus: return "'-'"
        case .star: return "'*'"
        case .slash: return "'/'"
        case .caret: return "'^'"
        case .leftParen: return "'('"
        case .rightParen: return "')'"
        case .leftBracket: return "'['"
        case .rightBracket: return "']'"
        case .leftBrace: return "'{'"
        case .rightBrace: return "'}'"
        case .comma: return "','"
        case .semicolon: return "';'"
        case .colon: return "':'"
        case .equals: return "'='"
        case .colonEquals: return "':='"
        case .arrow: return "'->'"
        case .tilde: return "'~'"
        case .prime: return "'''"
        case .operation(let function): return "'\(function.rawValue)'"
        case .newline: return "end of line"
        case .endOfFile: return "end of file"
        case .invalid: return "invalid text"
        }
    }

    var identifier: String? {
        if case .identifier(let name) = kind { return name }
        return nil
    }

    /// True for tokens that end a statement.
    var endsStatement: Bool {
        switch kind {
        case .newline, .semicolon, .endOfFile: return true
        default: return false
        }
    }
}
