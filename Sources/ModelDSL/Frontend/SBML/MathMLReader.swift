/// Reads SBML's MathML subset into ``MathNode``s, refusing what it does not
/// support (`delay`, `rateOf`, unknown operators, bases other than 10) with the
/// element and its line.
///
/// Supported: `cn` (integer, real, e-notation, rational), `ci`, the csymbols
/// time and avogadro, `true`, `false`, `pi`, `exponentiale`, `infinity`,
/// `notanumber`, `piecewise`, `semantics` (its first child), and `apply` of the
/// operators in ``MathMLReader/operators`` or of a function definition (`ci`).
struct MathMLReader {
    static let namespace = "http://www.w3.org/1998/Math/MathML"

    /// Operator elements and their argument counts (nil: any number ≥ 0, or
    /// checked where they are translated).
    static let operators: [String: ClosedRange<Int>] = {
        var table: [String: ClosedRange<Int>] = [:]
        for name in ["plus", "times", "and", "or", "xor", "min", "max"] { table[name] = 0...Int.max }
        for name in ["eq", "gt", "lt", "geq", "leq"] { table[name] = 1...Int.max }
        table["minus"] = 1...2
        for name in ["divide", "power", "neq", "implies", "rem", "quotient"] { table[name] = 2...2 }
        for name in [
            "root", "abs", "exp", "ln", "log", "floor", "ceiling", "factorial", "not",
            "sin", "cos", "tan", "sec", "csc", "cot", "sinh", "cosh", "tanh", "sech", "csch", "coth",
            "arcsin", "arccos", "arctan", "arcsec", "arccsc", "arccot",
            "arcsinh", "arccosh", "arctanh", "arcsech", "arccsch", "arccoth",
        ] { table[name] = 1...1 }
        return table
    }()

    static let timeURL = "http://www.sbml.org/sbml/symbols/time"
    static let avogadroURL = "http://www.sbml.org/sbml/symbols/avogadro"

    var diagnostics: DiagnosticBag
    /// What the math belongs to, for messages ("the kineticLaw of reaction 'R1'").
    var owner = ""

    /// The expression in a `<math>` element (nil after reporting an error).
    mutating func read(math element: MarkupElement) -> MathNode? {
        let content = element.children.filter { $0.namespace == Self.namespace || $0.namespace.isEmpty }
        guard content.count == 1 else {
            diagnostics.error(
                content.isEmpty ? "empty <math> in \(owner)" : "<math> in \(owner) has \(content.count) expressions; expected one",
                at: element.location, length: 5)
            return nil
        }
        return node(content[0])
    }

    /// The bound variables and body of a `<lambda>` (for a function definition).
    mutating func read(lambda math: MarkupElement) -> (parameters: [String], body: MathNode)? {
        var element = math.children.first
        if element?.name == "semantics" { element = element?.children.first }
        guard let lambda = element, lambda.name == "lambda" else {
            diagnostics.error("the <math> of \(owner) must be a <lambda>", at: math.location, length: 5)
            return nil
        }
        let bvars = lambda.children(named: "bvar").map { $0.child(named: "ci")?.text ?? "" }
        let bodies = lambda.children.filter { $0.name != "bvar" }
        guard bodies.count == 1, let body = node(bodies[0]) else {
            if bodies.count != 1 {
                diagnostics.error("the <lambda> of \(owner) needs exactly one body after its <bvar>s", at: lambda.location, length: 7)
            }
            return nil
        }
        return (bvars, body)
    }

    private mutating func refuse(_ message: String, _ element: MarkupElement) -> MathNode? {
        diagnostics.error(message, at: element.location, length: element.name.unicodeScalars.count + 1)
        return nil
    }

    private mutating func node(_ element: MarkupElement) -> MathNode? {
        switch element.name {
        case "cn": return number(element)
        case "ci": return .identifier(element.text)
        case "csymbol":
            let url = element.attribute("definitionURL") ?? ""
            if url == Self.timeURL { return .time }
            if url == Self.avogadroURL { return .avogadro }
            if url.hasSuffix("/delay") {
                return refuse("delay() in \(owner) is not supported (delay differential equations are not); remove the delay", element)
            }
            if url.hasSuffix("/rateOf") {
                return refuse("rateOf() in \(owner) is not supported; write the rate expression itself", element)
            }
            return refuse("unknown <csymbol> '\(url)' in \(owner)", element)
        case "true": return .boolean(true)
        case "false": return .boolean(false)
        case "pi": return .pi
        case "exponentiale": return .exponentiale
        case "infinity": return .number(.infinity)
        case "notanumber": return .number(.nan)
        case "semantics":
            guard let first = element.children.first else { return refuse("empty <semantics> in \(owner)", element) }
            return node(first)
        case "piecewise": return piecewise(element)
        case "apply": return apply(element)
        case "lambda":
            return refuse("<lambda> is only allowed in a functionDefinition (found in \(owner))", element)
        default:
            return refuse("MathML <\(element.name)> in \(owner) is not supported", element)
        }
    }

    private mutating func number(_ element: MarkupElement) -> MathNode? {
        if let base = element.attribute("base"), base.trimmingWhitespace() != "10" {
            return refuse("<cn base=\"\(base)\"> in \(owner) is not supported; write the number in base 10", element)
        }
        let segments = element.textSegments.map { $0.trimmingWhitespace() }
        let type = element.attribute("type")?.trimmingWhitespace() ?? "real"
        switch type {
        case "e-notation", "rational":
            guard segments.count == 2, let a = Self.parse(segments[0]), let b = Self.parse(segments[1]) else {
                return refuse("<cn type=\"\(type)\"> in \(owner) needs two numbers around a <sep/>", element)
            }
            return .number(type == "rational" ? a / b : a * ScalarMath.power(10, b))
        case "integer", "real", "double":
            guard let value = Self.parse(segments.joined()) else {
                return refuse("<cn> '\(segments.joined())' in \(owner) is not a number", element)
            }
            return .number(value)
        default:
            return refuse("<cn type=\"\(type)\"> in \(owner) is not supported", element)
        }
    }

    /// A MathML number: decimal, or INF/-INF/NaN in any case.
    static func parse(_ text: String) -> Double? {
        switch text.lowercased() {
        case "inf", "infinity", "+inf": return .infinity
        case "-inf", "-infinity": return -.infinity
        case "nan": return .nan
        default: return Double(text)
        }
    }

    private mutating func piecewise(_ element: MarkupElement) -> MathNode? {
        var pieces: [MathNode.Piece] = []
        var otherwise: MathNode?
        var ok = true
        for child in element.children {
            switch child.name {
            case "piece":
                guard child.children.count == 2 else {
                    _ = refuse("<piece> in \(owner) needs a value and a condition", child)
                    ok = false
                    continue
                }
                if let value = node(child.children[0]), let condition = node(child.children[1]) {
                    pieces.append(MathNode.Piece(value: value, condition: condition))
                } else {
                    ok = false
                }
            case "otherwise":
                guard child.children.count == 1, let value = node(child.children[0]) else {
                    if child.children.count != 1 { _ = refuse("<otherwise> in \(owner) needs one expression", child) }
                    ok = false
                    continue
                }
                otherwise = value
            default:
                _ = refuse("<\(child.name)> inside <piecewise> in \(owner)", child)
                ok = false
            }
        }
        guard ok else { return nil }
        if pieces.isEmpty && otherwise == nil { return refuse("empty <piecewise> in \(owner)", element) }
        return .piecewise(pieces, otherwise: otherwise)
    }

    private mutating func apply(_ element: MarkupElement) -> MathNode? {
        guard let head = element.children.first else { return refuse("empty <apply> in \(owner)", element) }
        var qualifier: MathNode?
        var arguments: [MathNode] = []
        var ok = true
        for child in element.children.dropFirst() {
            if child.name == "degree" || child.name == "logbase" {
                guard let inner = child.children.first, let value = node(inner) else {
                    ok = false
                    continue
                }
                qualifier = value
            } else if child.name == "bvar" {
                _ = refuse("<bvar> in an <apply> in \(owner) is not supported", child)
                ok = false
            } else if let argument = node(child) {
                arguments.append(argument)
            } else {
                ok = false
            }
        }
        guard ok else { return nil }
        switch head.name {
        case "ci":
            return .call(head.text, arguments)
        case "csymbol":
            // delay and rateOf: refused with their own message.
            return node(head).flatMap { _ in refuse("<csymbol> '\(head.text)' cannot be applied in \(owner)", head) }
        default:
            guard let counts = Self.operators[head.name] else {
                return refuse("MathML operator <\(head.name)> in \(owner) is not supported", head)
            }
            guard counts.contains(arguments.count) else {
                return refuse("<\(head.name)> in \(owner) has \(arguments.count) arguments", head)
            }
            if qualifier != nil && head.name != "root" && head.name != "log" {
                return refuse("<degree>/<logbase> only go with <root>/<log> (found with <\(head.name)> in \(owner))", head)
            }
            return .apply(head.name, arguments, qualifier: qualifier)
        }
    }
}
