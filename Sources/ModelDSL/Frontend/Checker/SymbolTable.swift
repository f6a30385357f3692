/// What a name means once declarations are sorted out.
enum Symbol: Hashable, Sendable {
    case species(Int)
    case parameter(Int)
    case constant(Int)
    case assignment(Int)
    case observable(Int)
    /// A reaction label: a name, but not a value.
    case label

    /// How the symbol is named in messages ("species 'x'").
    var noun: String {
        switch self {
        case .species: return "species"
        case .parameter: return "parameter"
        case .constant: return "constant"
        case .assignment: return "assignment rule"
        case .observable: return "observable"
        case .label: return "reaction label"
        }
    }
}

/// Names the language keeps for itself.
enum ReservedName {
    static let keywords: Set<String> = ["model", "end", "prior", "observe", "data", "in", "condition"]

    /// Why `name` cannot be defined, or nil if it can.
    static func reason(_ name: String) -> String? {
        if name == "time" { return "'time' is reserved for the integration time" }
        if keywords.contains(name) { return "'\(name)' is a keyword" }
        if Function(named: name) != nil { return "'\(name)' is a built-in function" }
        if BuiltinConstant(rawValue: name) != nil { return "'\(name)' is a built-in constant" }
        return nil
    }
}

/// The checker's name → meaning table (built once, read by the resolver).
struct SymbolTable: Sendable {
    private(set) var symbols: [String: Symbol] = [:]
    /// Names in declaration order of their kind (species, parameters, constants,
    /// assignments, observables): the candidates for "did you mean …?".
    private(set) var valueNames: [String] = []

    subscript(name: String) -> Symbol? { symbols[name] }

    mutating func define(_ name: String, as symbol: Symbol) {
        if symbols[name] == nil, symbol != .label { valueNames.append(name) }
        symbols[name] = symbol
    }
}
