import Foundation

/// The parse phase: model text → ``ModelAST``.
///
/// Errors are collected across the whole file: a statement with a syntax error
/// is skipped up to the end of its line and parsing goes on, so one run reports
/// every broken statement. Expressions nested deeper than ``maximumDepth`` are
/// rejected (this bounds every later recursive walk over the tree).
public enum ModelParser {
    /// The deepest expression tree (and parenthesis/unary nesting) accepted.
    public static let maximumDepth = 200

    public static func parse(_ source: ModelSource) throws(ModelErrors) -> ModelAST {
        let diagnostics = DiagnosticBag(file: source.path)
        var parser = TokenParser(tokens: ModelLexer.tokenize(source.text), diagnostics: diagnostics)
        let ast = parser.parseModel()
        try parser.diagnostics.throwIfErrors(source: source)
        return ast
    }
}

/// Thrown inside the parser to abandon a statement; the error is already reported.
struct ParseAbort: Error {}

/// Recursive-descent parser over the token array (internal state of ``ModelParser``).
struct TokenParser {
    let tokens: [ModelToken]
    var position = 0
    var diagnostics: DiagnosticBag
    /// Current recursion nesting inside an expression.
    var nesting = 0

    init(tokens: [ModelToken], diagnostics: DiagnosticBag) {
        // The lexer always ends with `.endOfFile`; keep that true for any input.
        self.tokens = tokens.last?.kind == .endOfFile
            ? tokens : tokens + [ModelToken(kind: .endOfFile, location: SourceLocation(line: 1, column: 1), length: 1)]
        self.diagnostics = diagnostics
    }

    var current: ModelToken { tokens[position] }

    func peek(_ offset: Int) -> ModelToken { tokens[min(position + offset, tokens.count - 1)] }

    @discardableResult
    mutating func advance() -> ModelToken {
        let token = current
        if position < tokens.count - 1 { position += 1 }
        return token
    }

    /// Reports `message` at `token` — or, for a token the lexer could not read,
    /// the lexer's own message — and returns the abort to throw.
    mutating func failure(_ message: String, at token: ModelToken) -> ParseAbort {
        if case .invalid(let lexical) = token.kind {
            diagnostics.error(lexical, at: token.location, length: token.length)
        } else {
            diagnostics.error(message, at: token.location, length: token.length)
        }
        return ParseAbort()
    }

    /// Consumes a token of `kind` or fails with "expected `what`, found …".
    @discardableResult
    mutating func expect(_ kind: ModelToken.Kind, _ what: String) throws(ParseAbort) -> ModelToken {
        guard current.kind == kind else {
            throw failure("expected \(what), found \(current.display)", at: current)
        }
        return advance()
    }

    mutating func expectIdentifier(_ what: String) throws(ParseAbort) -> (String, ModelToken) {
        guard let name = current.identifier else {
            throw failure("expected \(what), found \(current.display)", at: current)
        }
        return (name, advance())
    }

    /// Skips to the start of the next line (error recovery).
    mutating func skipLine() {
        while current.kind != .newline && current.kind != .endOfFile { advance() }
    }
}

extension ModelParser {
    /// One expression written in a field of another file (a PEtab formula):
    /// `text` starts at `line`, `column` of file `file`, and the syntax tree's
    /// locations — and any errors, reported to `diagnostics` — point there.
    /// `**` (Python's power) is read as `^`.
    /// - Returns: the expression, or nil after errors.
    static func parseExpression(
        _ text: String, line: Int, column: Int, file: Int, diagnostics: inout DiagnosticBag
    ) -> SyntaxExpr? {
        let normalised = text.replacingOccurrences(of: "**", with: " ^")  // same width: columns stay right
        var parser = TokenParser(tokens: ModelLexer.tokenize(normalised), diagnostics: DiagnosticBag(file: diagnostics.file))
        var result: SyntaxExpr?
        do throws(ParseAbort) {
            let expression = try parser.parseExpression()
            if parser.current.kind != .endOfFile {
                throw parser.failure("expected the end of the formula, found \(parser.current.display)", at: parser.current)
            }
            result = expression
        } catch {}
        func moved(_ l: SourceLocation) -> SourceLocation {
            SourceLocation(line: line + l.line - 1, column: l.line == 1 ? column + l.column - 1 : l.column, file: file)
        }
        for d in parser.diagnostics.errors {
            diagnostics.error(d.message, at: moved(SourceLocation(line: d.line, column: d.column)), length: d.length,
                              suggestion: d.suggestion)
        }
        guard !parser.diagnostics.hasErrors else { return nil }
        return result?.relocated(moved)
    }
}

extension SyntaxExpr {
    /// The same tree with every location mapped by `move`.
    func relocated(_ move: (SourceLocation) -> SourceLocation) -> SyntaxExpr {
        let kind: Kind
        switch self.kind {
        case .number, .name: kind = self.kind
        case .negate(let x): kind = .negate(x.relocated(move))
        case .binary(let op, let l, let r): kind = .binary(op, l.relocated(move), r.relocated(move))
        case .call(let f, let args): kind = .call(f, args.map { $0.relocated(move) })
        case .operation(let f, let args): kind = .operation(f, args.map { $0.relocated(move) })
        }
        return SyntaxExpr(kind, at: move(location))
    }

    /// The same tree with names replaced by `rename` (function names are kept).
    func renamed(_ rename: (String) -> String) -> SyntaxExpr {
        let kind: Kind
        switch self.kind {
        case .number: kind = self.kind
        case .name(let n): kind = .name(rename(n))
        case .negate(let x): kind = .negate(x.renamed(rename))
        case .binary(let op, let l, let r): kind = .binary(op, l.renamed(rename), r.renamed(rename))
        case .call(let f, let args): kind = .call(f, args.map { $0.renamed(rename) })
        case .operation(let f, let args): kind = .operation(f, args.map { $0.renamed(rename) })
        }
        return SyntaxExpr(kind, at: location)
    }

    /// A literal for any finite `value` (negative values as a negation, as
    /// the parser reads them), so that the canonical text reads back the same tree.
    static func literal(_ value: Double, at location: SourceLocation) -> SyntaxExpr {
        value < 0 || (value == 0 && value.sign == .minus)
            ? SyntaxExpr(.negate(SyntaxExpr(.number(-value), at: location)), at: location)
            : SyntaxExpr(.number(value), at: location)
    }
}
