/// Phase 3 of the SBML import: ``SBMLModel`` → ``ModelAST``, the same syntax
/// tree a model file parses to, so that one checker and compiler serve both
/// and the canonical printer shows the imported model in the language.
///
/// The mapping (see docs/sbml.md):
/// - a compartment is a value named after it: a constant, an assignment rule
///   (`C := …`) or a state variable (`C' = …`);
/// - a species is a concentration in its compartment (`S in C`, so reactions —
///   whose kinetic laws are amounts per time — change it by `ν·rate/C`), or an
///   amount when `hasOnlySubstanceUnits` or its compartment has 0 dimensions;
/// - a species changed by no reaction or rule, a parameter, and a compartment
///   without rules are values: constants, or — when their initial value uses
///   something that changes in time — state variables with `x' = 0`;
/// - boundary and constant species are not reaction participants;
/// - initial assignments become initial values; assignment and rate rules
///   become `:=` and `x' = …`; function definitions are inlined; local
///   parameters become constants named `reaction_parameter`;
/// - a reaction used as a value in math becomes an assignment rule holding its rate;
/// - a species in a compartment that an assignment rule changes in time is held
///   as its amount (`S_amount`, changed by `ν·rate`) with `S := S_amount/C`.
struct SBMLTranslator {
    let model: SBMLModel
    let fileStem: String
    var diagnostics: DiagnosticBag
    var names: SBMLNames

    enum Symbol {
        case compartment(Int), species(Int), parameter(Int), reaction(Int), function(Int)
        /// Reaction `reaction`'s speciesReference `index` of `reactants` (or products).
        case stoichiometry(reaction: Int, product: Bool, index: Int)
    }

    var symbols: [String: Symbol] = [:]
    var initialAssignments: [String: SBMLMathElement] = [:]
    var assignmentRules: [String: SBMLMathElement] = [:]
    var rateRules: [String: SBMLMathElement] = [:]
    /// Reaction ids used as values in some math.
    var referencedReactions: Set<String> = []
    /// Stoichiometries with a (refused) rule: not reported again as missing.
    var ruledStoichiometries: Set<String> = []
    /// Stoichiometries given by an assignment rule, by value name: their rule
    /// must not change in time (checked in ``classifyInvariants()``).
    var stoichiometryRules: [String: SBMLMathElement] = [:]

    // The model being built.
    var values: [Definition] = []
    var assignments: [Definition] = []
    var rateRuleDefinitions: [Definition] = []
    var compartmentDeclarations: [CompartmentDecl] = []
    var reactions: [ReactionDecl] = []
    var quantities: [SBMLQuantity] = []
    /// Participants whose coefficient an initial assignment gives: (reaction
    /// index in ``reactions``, product side, participant index, value name).
    var pendingCoefficients: [(reaction: Int, product: Bool, index: Int, name: String)] = []
    /// Species whose reaction participant is not their own name: the amount
    /// state of a species in a compartment that an assignment rule changes.
    var participantNames: [String: String] = [:]
    /// Nesting of function-definition inlining (guards against recursion).
    var inlining = 0
    /// Values that do not change in time by any rule or reaction, with their
    /// initial value: constants or `x' = 0` state variables (see ``classifyInvariants()``).
    var invariants: [Definition] = []
    /// Ids whose value is undefined (no size/value, no initial assignment, no
    /// rule), with the reason, reported where they are used.
    var undefined: [String: String] = [:]

    init(model: SBMLModel, fileStem: String, diagnostics: DiagnosticBag) {
        self.model = model
        self.fileStem = fileStem
        self.diagnostics = diagnostics
        var ids = model.functions.map(\.id) + model.compartments.map(\.id) + model.species.map(\.id)
        ids += model.parameters.map(\.id) + model.reactions.map(\.id)
        for r in model.reactions { ids += (r.reactants + r.products).compactMap(\.id) }
        names = SBMLNames(ids: ids)
    }

    /// The model as a syntax tree, plus the meaning of every SBML quantity in it.
    mutating func translate() -> (ModelAST, [SBMLQuantity]) {
        buildSymbolTable()
        collectRules()
        defineCompartments()
        defineSpecies()
        defineParameters()
        defineReactions()
        classifyInvariants()
        // Statements in document order: the checker orders species and constants by
        // position, so the printed text (in this order) checks to the same model.
        func inOrder<T>(_ items: [T], _ location: (T) -> SourceLocation) -> [T] {
            items.enumerated().sorted { (location($0.element), $0.offset) < (location($1.element), $1.offset) }.map(\.element)
        }
        var ast = ModelAST(name: modelName, nameLocation: model.location)
        ast.assignments = inOrder(assignments, \.nameLocation)
        ast.reactions = inOrder(reactions, \.location)
        ast.rateRules = inOrder(rateRuleDefinitions, \.nameLocation)
        ast.compartments = inOrder(compartmentDeclarations, \.speciesLocation)
        ast.fileValues(inOrder(values, \.nameLocation))
        return (ast, quantities)
    }

    /// The model id, or the file's name made into a name.
    var modelName: String {
        var candidate = model.id?.trimmingWhitespace() ?? ""
        if candidate.isEmpty {
            candidate = String(fileStem.unicodeScalars.map { ModelLexer.isIdentifierPart($0) ? Character($0) : "_" })
        }
        if candidate.isEmpty || !(candidate.unicodeScalars.first.map(ModelLexer.isIdentifierStart) ?? false) {
            candidate = "m_" + candidate
        }
        while ReservedName.reason(candidate) != nil { candidate += "_" }
        return candidate
    }

    mutating func error(_ message: String, at location: SourceLocation) {
        diagnostics.error(message, at: location)
    }

    private mutating func buildSymbolTable() {
        func add(_ id: String, _ symbol: Symbol, at location: SourceLocation) {
            if symbols[id] != nil {
                error("duplicate SBML id '\(id)'", at: location)
            } else {
                symbols[id] = symbol
            }
        }
        for (i, f) in model.functions.enumerated() { add(f.id, .function(i), at: f.location) }
        for (i, c) in model.compartments.enumerated() { add(c.id, .compartment(i), at: c.location) }
        for (i, s) in model.species.enumerated() { add(s.id, .species(i), at: s.location) }
        for (i, p) in model.parameters.enumerated() { add(p.id, .parameter(i), at: p.location) }
        for (i, r) in model.reactions.enumerated() {
            add(r.id, .reaction(i), at: r.location)
            for (k, ref) in r.reactants.enumerated() {
                if let id = ref.id { add(id, .stoichiometry(reaction: i, product: false, index: k), at: ref.location) }
            }
            for (k, ref) in r.products.enumerated() {
                if let id = ref.id { add(id, .stoichiometry(reaction: i, product: true, index: k), at: ref.location) }
            }
        }
    }

    private mutating func collectRules() {
        var refusedStoichiometries: [String] = []
        func record(_ item: SBMLMathElement, into table: inout [String: SBMLMathElement], errors: inout [(String, SourceLocation)]) {
            switch symbols[item.variable] {
            case .compartment?, .species?, .parameter?:
                break
            case .stoichiometry? where item.element != "rateRule":
                break  // an assignment rule is accepted when its value does not change in time (classifyInvariants)
            case .stoichiometry?:
                refusedStoichiometries.append(item.variable)
                errors.append(("the \(item.element) for stoichiometry '\(item.variable)' makes it change in time, which is not supported",
                               item.location))
                return
            default:
                errors.append(("the \(item.element) is for '\(item.variable)', which is not a compartment, species, parameter or stoichiometry",
                               item.location))
                return
            }
            if let first = table[item.variable] {
                errors.append(("'\(item.variable)' has a second \(item.element) (the first is at line \(first.location.line))",
                               item.location))
                return
            }
            table[item.variable] = item
        }
        var errors: [(String, SourceLocation)] = []
        var tables: [[String: SBMLMathElement]] = [[:], [:], [:]]
        for item in model.initialAssignments { record(item, into: &tables[0], errors: &errors) }
        for item in model.assignmentRules { record(item, into: &tables[1], errors: &errors) }
        for item in model.rateRules { record(item, into: &tables[2], errors: &errors) }
        (initialAssignments, assignmentRules, rateRules) = (tables[0], tables[1], tables[2])
        for (message, location) in errors { error(message, at: location) }
        ruledStoichiometries = Set(refusedStoichiometries)
        for item in model.assignmentRules where assignmentRules[item.variable]?.location == item.location {
            if let other = initialAssignments[item.variable] ?? rateRules[item.variable] {
                error("'\(item.variable)' has an assignmentRule and a \(other.element) (line \(other.location.line)); an assignment rule fixes it at all times",
                      at: item.location)
                assignmentRules[item.variable] = nil
            }
        }
        for math in allMath() { collectReactionReferences(math) }
    }

    private func allMath() -> [MathNode] {
        model.initialAssignments.map(\.math) + model.assignmentRules.map(\.math) + model.rateRules.map(\.math)
            + model.reactions.map(\.kineticLaw)
    }

    private mutating func collectReactionReferences(_ node: MathNode) {
        switch node {
        case .identifier(let id):
            if case .reaction? = symbols[id] { referencedReactions.insert(id) }
        case .apply(_, let args, let qualifier):
            args.forEach { collectReactionReferences($0) }
            if let qualifier { collectReactionReferences(qualifier) }
        case .call(_, let args):
            args.forEach { collectReactionReferences($0) }
        case .piecewise(let pieces, let otherwise):
            for piece in pieces {
                collectReactionReferences(piece.value)
                collectReactionReferences(piece.condition)
            }
            if let otherwise { collectReactionReferences(otherwise) }
        default:
            break
        }
    }
}
