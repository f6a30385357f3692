/// An SBML model as read from the document: the core components the importer
/// supports, with their attributes (SBML's defaults applied for the level) and
/// their math. Unsupported constructs never get here: the reader refuses them.
struct SBMLModel: Sendable {
    var level: Int
    var version: Int
    var id: String?
    var location: SourceLocation
    var functions: [SBMLFunction] = []
    var compartments: [SBMLCompartment] = []
    var species: [SBMLSpecies] = []
    var parameters: [SBMLParameter] = []
    var initialAssignments: [SBMLMathElement] = []
    var assignmentRules: [SBMLMathElement] = []
    var rateRules: [SBMLMathElement] = []
    var reactions: [SBMLReaction] = []
}

/// `<functionDefinition id>` with its `lambda`.
struct SBMLFunction: Sendable {
    var id: String
    var parameters: [String]
    var body: MathNode
    var location: SourceLocation
}

struct SBMLCompartment: Sendable {
    var id: String
    /// `size` (L3, L2) or `volume` (L1-style attribute accepted in L2).
    var size: Double?
    var spatialDimensions: Double
    var constant: Bool
    var location: SourceLocation
}

struct SBMLSpecies: Sendable {
    var id: String
    var compartment: String
    var initialAmount: Double?
    var initialConcentration: Double?
    var hasOnlySubstanceUnits: Bool
    var boundaryCondition: Bool
    var constant: Bool
    var location: SourceLocation
    /// Where the `compartment` attribute's value is.
    var compartmentLocation: SourceLocation
}

struct SBMLParameter: Sendable {
    var id: String
    var value: Double?
    var constant: Bool
    var location: SourceLocation
}

/// An initial assignment (`symbol`) or a rule (`variable`) and its math.
struct SBMLMathElement: Sendable {
    /// What the element is, for messages: `initialAssignment`, `assignmentRule`, `rateRule`.
    var element: String
    var variable: String
    var math: MathNode
    var location: SourceLocation
}

struct SBMLSpeciesReference: Sendable {
    var id: String?
    var species: String
    /// Nil when the attribute is absent (L3: then only an initial assignment gives it).
    var stoichiometry: Double?
    var location: SourceLocation
}

struct SBMLReaction: Sendable {
    var id: String
    var reactants: [SBMLSpeciesReference]
    var products: [SBMLSpeciesReference]
    var kineticLaw: MathNode
    /// `localParameter` (L3) or `kineticLaw/listOfParameters/parameter` (L2), in order.
    var localParameters: [SBMLParameter]
    var location: SourceLocation
    var kineticLawLocation: SourceLocation
}

/// A MathML expression, with SBML's extensions (csymbols, `true`/`false`).
indirect enum MathNode: Sendable {
    case number(Double)
    case boolean(Bool)
    /// `<ci>`: a model symbol, a bound variable, a local parameter.
    case identifier(String)
    /// `<csymbol>` time.
    case time
    /// `<csymbol>` avogadro.
    case avogadro
    /// `<pi/>`, `<exponentiale/>`.
    case pi, exponentiale
    /// `<apply><op/> args…</apply>` with a MathML operator (`plus`, `sin`, …);
    /// `root` and `log` carry their `degree`/`logbase` as ``qualifier``.
    case apply(String, [MathNode], qualifier: MathNode?)
    /// `<apply><ci>f</ci> args…</apply>`: a call of a function definition.
    case call(String, [MathNode])
    /// `<piecewise>`: (value, condition) pieces and the `otherwise`.
    case piecewise([Piece], otherwise: MathNode?)

    struct Piece: Sendable {
        var value: MathNode
        var condition: MathNode
    }
}
