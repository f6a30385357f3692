/// The mutable state of one ``ModelChecker`` run, filled phase by phase.
struct CheckerRun {
    let ast: ModelAST
    var diagnostics: DiagnosticBag
    var symbols = SymbolTable()
    /// Names referred to by some expression (for "never used" warnings).
    var used: Set<String> = []
    /// Whether to warn about constants and parameters that are never used.
    var warnUnused = true

    // Declarations that survived the duplicate checks, in file order.
    var valueDefinitions: [String: Definition] = [:]
    var assignmentDefinitions: [Definition] = []
    var rateRuleDefinitions: [Definition] = []
    var priorDeclarations: [PriorDecl] = []
    var observableDeclarations: [ObservableDecl] = []
    /// `S in C` statements, at most one per species.
    var compartmentDeclarations: [CompartmentDecl] = []

    // The checked model, built up.
    var species: [Species] = []
    var speciesLocations: [SourceLocation] = []
    /// The parameter estimating each species' initial value, if any.
    var speciesParameter: [Int?] = []
    var parameters: [Parameter] = []
    var constants: [Constant] = []
    var constantDefinitions: [Definition] = []
    /// Folded constant values; nil until evaluated or when the definition failed.
    var constantValues: [Double?] = []
    var assignments: [Assignment] = []
    var observables: [Observable] = []
    var conditions: [Condition] = []
    /// The placeholders of the observable being resolved: name → (index, is a noise parameter).
    var placeholderScope: [String: (index: Int, noise: Bool)] = [:]
    /// The "never used" warnings with their names (a data file may still use
    /// the name as an observable or noise parameter).
    var unused: [(name: String, warning: Diagnostic)] = []

    init(ast: ModelAST, file: String, otherFiles: [String] = []) {
        self.ast = ast
        self.diagnostics = DiagnosticBag(file: file, otherFiles: otherFiles)
    }
}

/// Phase 1: every defining occurrence of a name, checked for reserved words,
/// duplicates and clashes between kinds of definition.
extension CheckerRun {
    enum Role: Equatable {
        case value, assignment, rateRule, prior, observable, label

        var phrase: String {
            switch self {
            case .value: return "a value ('=')"
            case .assignment: return "an assignment rule (':=')"
            case .rateRule: return "a rate rule"
            case .prior: return "a prior"
            case .observable: return "an observable"
            case .label: return "a reaction label"
            }
        }

        /// Whether a name may carry both roles (a species has a value and a rate
        /// rule; a parameter has a prior and a nominal value).
        func compatible(with other: Role) -> Bool {
            switch (self, other) {
            case (.value, .rateRule), (.rateRule, .value), (.value, .prior), (.prior, .value),
                 (.rateRule, .prior), (.prior, .rateRule):
                return true
            default:
                return false
            }
        }
    }

    mutating func declare() {
        let allValues = ast.initialValues + ast.values
        var items: [(name: String, role: Role, location: SourceLocation, index: Int)] = []
        for (i, d) in allValues.enumerated() { items.append((d.name, .value, d.nameLocation, i)) }
        for (i, d) in ast.assignments.enumerated() { items.append((d.name, .assignment, d.nameLocation, i)) }
        for (i, d) in ast.rateRules.enumerated() { items.append((d.name, .rateRule, d.nameLocation, i)) }
        for (i, d) in ast.priors.enumerated() { items.append((d.name, .prior, d.nameLocation, i)) }
        for (i, d) in ast.observables.enumerated() { items.append((d.name, .observable, d.nameLocation, i)) }
        for (i, r) in ast.reactions.enumerated() {
            if let label = r.label { items.append((label, .label, r.location, i)) }
        }
        items.sort { $0.location < $1.location }

        var seen: [String: [(role: Role, location: SourceLocation)]] = [:]
        var acceptedValues: [Definition] = []
        var labels: [String] = []
        for item in items {
            let length = item.name.unicodeScalars.count
            if let reason = ReservedName.reason(item.name) {
                diagnostics.error("cannot define '\(item.name)': \(reason)", at: item.location, length: length)
                continue
            }
            let earlier = seen[item.name, default: []]
            if let clash = earlier.first(where: { !$0.role.compatible(with: item.role) }) {
                let message = clash.role == item.role
                    ? "duplicate \(Self.noun(item.role)) '\(item.name)' (first at line \(clash.location.line))"
                    : "'\(item.name)' is already \(clash.role.phrase) at line \(clash.location.line); it cannot also be \(item.role.phrase)"
                diagnostics.error(message, at: item.location, length: length)
                continue
            }
            seen[item.name, default: []].append((item.role, item.location))
            switch item.role {
            case .value: acceptedValues.append(allValues[item.index])
            case .assignment: assignmentDefinitions.append(ast.assignments[item.index])
            case .rateRule: rateRuleDefinitions.append(ast.rateRules[item.index])
            case .prior: priorDeclarations.append(ast.priors[item.index])
            case .observable: observableDeclarations.append(ast.observables[item.index])
            case .label: labels.append(item.name)
            }
        }
        for definition in acceptedValues { valueDefinitions[definition.name] = definition }
        for label in labels { symbols.define(label, as: .label) }
    }

    private static func noun(_ role: Role) -> String {
        switch role {
        case .value: return "definition of"
        case .assignment: return "assignment rule for"
        case .rateRule: return "rate rule for"
        case .prior: return "prior for"
        case .observable: return "observable"
        case .label: return "reaction label"
        }
    }
}
