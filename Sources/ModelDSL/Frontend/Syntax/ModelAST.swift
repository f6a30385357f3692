/// A parsed model file: what was written, grouped by kind of statement, each
/// group in file order. Names are not resolved yet (see ``ModelChecker``).
///
/// Grouping is the canonical statement order, so the printer can emit groups in
/// turn and `ModelParser.parse(ast.canonicalText) == ast` (locations are not compared).
/// A `x = value` goes to ``initialValues`` when `x` is (syntactically) a species —
/// it takes part in a reaction, has a rate rule or is placed in a compartment —
/// and to ``values`` otherwise.
/// Comments and `end` are not kept.
public struct ModelAST: Hashable, Sendable {
    public var name: String
    @NotCompared public var nameLocation: SourceLocation
    /// `x = value` for species.
    public var initialValues: [Definition]
    /// `S in C`.
    public var compartments: [CompartmentDecl]
    /// `x = value` for everything else (constants, nominal values of parameters).
    public var values: [Definition]
    /// `x := expr`.
    public var assignments: [Definition]
    public var reactions: [ReactionDecl]
    /// `x' = expr`.
    public var rateRules: [Definition]
    public var priors: [PriorDecl]
    public var observables: [ObservableDecl]
    /// `condition NAME { … }`: the experimental conditions.
    public var conditions: [ConditionDecl]
    /// Every `data "…"` statement (the checker rejects more than one).
    public var data: [DataDecl]

    public init(
        name: String, nameLocation: SourceLocation, initialValues: [Definition] = [],
        compartments: [CompartmentDecl] = [], values: [Definition] = [], assignments: [Definition] = [], reactions: [ReactionDecl] = [],
        rateRules: [Definition] = [], priors: [PriorDecl] = [], observables: [ObservableDecl] = [],
        conditions: [ConditionDecl] = [], data: [DataDecl] = []
    ) {
        self.name = name
        self.nameLocation = nameLocation
        self.initialValues = initialValues
        self.compartments = compartments
        self.values = values
        self.assignments = assignments
        self.reactions = reactions
        self.rateRules = rateRules
        self.priors = priors
        self.observables = observables
        self.conditions = conditions
        self.data = data
    }

    /// Names that are species by syntax: reaction participants, rate-rule
    /// targets and names placed in a compartment (`S in C`).
    public var speciesNames: Set<String> {
        var names = Set(rateRules.map(\.name)).union(compartments.map(\.species))
        for reaction in reactions {
            for participant in reaction.reactants + reaction.products { names.insert(participant.name) }
        }
        return names
    }

    /// Files every `x = value` into ``initialValues`` or ``values``.
    mutating func fileValues(_ definitions: [Definition]) {
        let species = speciesNames
        for definition in definitions {
            if species.contains(definition.name) {
                initialValues.append(definition)
            } else {
                values.append(definition)
            }
        }
    }
}
