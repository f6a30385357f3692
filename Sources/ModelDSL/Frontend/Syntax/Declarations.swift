/// `name = expr`, `name := expr` or `name' = expr`: which one is given by the
/// ``ModelAST`` list it sits in.
public struct Definition: Hashable, Sendable {
    public var name: String
    public var expression: SyntaxExpr
    @NotCompared public var nameLocation: SourceLocation

    public init(name: String, expression: SyntaxExpr, nameLocation: SourceLocation) {
        self.name = name
        self.expression = expression
        self.nameLocation = nameLocation
    }
}

/// `S in C`: species `S` is a concentration in compartment `C` (a value whose
/// size is the compartment's volume), so reactions, whose rates are amounts per
/// time, change it by `ν·rate/C`.
public struct CompartmentDecl: Hashable, Sendable {
    public var species: String
    public var compartment: String
    @NotCompared public var speciesLocation: SourceLocation
    @NotCompared public var compartmentLocation: SourceLocation

    public init(species: String, compartment: String, speciesLocation: SourceLocation,
                compartmentLocation: SourceLocation) {
        self.species = species
        self.compartment = compartment
        self.speciesLocation = speciesLocation
        self.compartmentLocation = compartmentLocation
    }
}

/// One side's term of a reaction: `2 A` or `A` (coefficient 1).
public struct Participant: Hashable, Sendable {
    public var coefficient: Double
    public var name: String
    @NotCompared public var location: SourceLocation

    public init(coefficient: Double, name: String, location: SourceLocation) {
        self.coefficient = coefficient
        self.name = name
        self.location = location
    }
}

/// `[label:] reactants -> products; rate` — the rate is the full rate law.
public struct ReactionDecl: Hashable, Sendable {
    public var label: String?
    public var reactants: [Participant]
    public var products: [Participant]
    public var rate: SyntaxExpr
    /// The label, or the start of the reaction when it has none.
    @NotCompared public var location: SourceLocation

    public init(
        label: String?, reactants: [Participant], products: [Participant], rate: SyntaxExpr,
        location: SourceLocation
    ) {
        self.label = label
        self.reactants = reactants
        self.products = products
        self.rate = rate
        self.location = location
    }
}

/// `Name(arguments…)` after a `~`: a prior distribution or a noise model.
public struct DistributionCall: Hashable, Sendable {
    public var name: String
    public var arguments: [SyntaxExpr]
    @NotCompared public var location: SourceLocation

    public init(name: String, arguments: [SyntaxExpr], location: SourceLocation) {
        self.name = name
        self.arguments = arguments
        self.location = location
    }
}

/// `prior name ~ Dist(a, b) [in [lo, hi]]`.
public struct PriorDecl: Hashable, Sendable {
    public var name: String
    public var distribution: DistributionCall
    /// The `in [lo, hi]` bounds, if written.
    public var truncation: Truncation?
    @NotCompared public var nameLocation: SourceLocation

    public struct Truncation: Hashable, Sendable {
        public var lower: SyntaxExpr
        public var upper: SyntaxExpr
        public init(lower: SyntaxExpr, upper: SyntaxExpr) {
            self.lower = lower
            self.upper = upper
        }
    }

    public init(
        name: String, distribution: DistributionCall, truncation: Truncation?,
        nameLocation: SourceLocation
    ) {
        self.name = name
        self.distribution = distribution
        self.truncation = truncation
        self.nameLocation = nameLocation
    }
}

/// `observe name(p1, p2; n1) = expr ~ Noise(sd)`: the names in parentheses
/// are placeholders whose values each measurement gives (data columns
/// `observableParameters` before the `;`, `noiseParameters` after it).
public struct ObservableDecl: Hashable, Sendable {
    public var name: String
    public var expression: SyntaxExpr
    public var noise: DistributionCall
    /// Placeholders valued by the data's `observableParameters` column, in order.
    public var observableParameters: [PlaceholderDecl]
    /// Placeholders valued by the data's `noiseParameters` column, in order.
    public var noiseParameters: [PlaceholderDecl]
    @NotCompared public var nameLocation: SourceLocation

    public init(name: String, expression: SyntaxExpr, noise: DistributionCall, nameLocation: SourceLocation,
                observableParameters: [PlaceholderDecl] = [], noiseParameters: [PlaceholderDecl] = []) {
        self.name = name
        self.expression = expression
        self.noise = noise
        self.observableParameters = observableParameters
        self.noiseParameters = noiseParameters
        self.nameLocation = nameLocation
    }
}

/// A placeholder name declared by an observable (`scale` in `observe y(scale) = …`).
public struct PlaceholderDecl: Hashable, Sendable {
    public var name: String
    @NotCompared public var location: SourceLocation

    public init(name: String, location: SourceLocation) {
        self.name = name
        self.location = location
    }
}

/// `condition NAME { x = expr; S = expr … }`: an experimental condition —
/// values that replace the model's own `x = …` statements for the
/// measurements that name it (data column `simulationConditionId`).
public struct ConditionDecl: Hashable, Sendable {
    public var name: String
    /// The values it sets, in the order written.
    public var values: [Definition]
    @NotCompared public var nameLocation: SourceLocation

    public init(name: String, values: [Definition], nameLocation: SourceLocation) {
        self.name = name
        self.values = values
        self.nameLocation = nameLocation
    }
}

/// `data "path"`.
public struct DataDecl: Hashable, Sendable {
    public var path: String
    @NotCompared public var location: SourceLocation

    public init(path: String, location: SourceLocation) {
        self.path = path
        self.location = location
    }
}
