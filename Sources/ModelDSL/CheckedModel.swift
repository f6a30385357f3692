/// A model that has been parsed, resolved and validated: the contract between
/// the language front end and the compiler.
///
/// Indices in ``Expr`` point into the arrays below. Invariants established by
/// the checker (and relied on by the compiler without re-checking):
/// - names are unique across species, parameters, constants, assignments and observables;
/// - `rates.count == species.count`; a species' rate is the sum of its reactions'
///   stoichiometry-weighted rate laws, or its rate rule `S' = expr`, never both;
/// - `assignments` are topologically ordered: assignment `i` only refers to
///   assignments `< i`;
/// - species initial values refer to numbers, constants, parameters, and — meaning
///   their values at the start time — species (their initial values), assignment
///   rules and `time`, without cycles (``initialValueSet()`` orders them);
/// - a species' ``Species/compartment`` is a constant, parameter, species, or an
///   assignment rule that does not change in time;
/// - `.observable(_)` appears only in noise-model sd expressions;
/// - prior bounds are valid (lo < hi, positive on log scales).
public struct CheckedModel: Hashable, Sendable {
    /// The name after `model`.
    public var name: String
    /// State variables, in declaration order.
    public var species: [Species]
    /// Free parameters (symbols with a `prior`), in declaration order of their priors.
    public var parameters: [Parameter]
    /// Named constants (`k = 0.3` with no prior), already evaluated.
    public var constants: [Constant]
    /// Assignment rules (`x := expr`), topologically ordered.
    public var assignments: [Assignment]
    /// `d species[i] / dt`, aligned with ``species``.
    public var rates: [Expr]
    /// Observables with their noise models.
    public var observables: [Observable]
    /// The `data "…"` path as written (relative to the model file), if any.
    public var dataPath: String?

    public init(
        name: String, species: [Species], parameters: [Parameter], constants: [Constant],
        assignments: [Assignment], rates: [Expr], observables: [Observable], dataPath: String?
    ) {
        self.name = name
        self.species = species
        self.parameters = parameters
        self.constants = constants
        self.assignments = assignments
        self.rates = rates
        self.observables = observables
        self.dataPath = dataPath
    }
}

/// A state variable with its initial value.
public struct Species: Hashable, Sendable {
    public var name: String
    /// Numbers, constants, parameters, other species (their initial values),
    /// assignment rules and `time` (both at the start time). When the species'
    /// own initial value is estimated this is `.parameter(k)` for the parameter
    /// named like it.
    public var initialValue: Expr
    /// The compartment written `S in C` (`.constant`, `.parameter`,
    /// `.assignment` or `.species`): the species is a concentration in it, and
    /// its rate already includes the division by the compartment's size. Nil
    /// when the species is in no compartment.
    public var compartment: Expr?
    public init(name: String, initialValue: Expr, compartment: Expr? = nil) {
        self.name = name
        self.initialValue = initialValue
        self.compartment = compartment
    }
}

/// A free parameter: a symbol that has a prior.
public struct Parameter: Hashable, Sendable {
    public var name: String
    public var prior: PriorSpec
    /// The value written in the model (`a1 = 60` beside `prior a1 ~ …`), if
    /// any: the nominal value `simulate` and `loglik` use when the parameter is
    /// not set on the command line (otherwise they use the prior median).
    public var nominal: Double?
    public init(name: String, prior: PriorSpec, nominal: Double? = nil) {
        self.name = name
        self.prior = prior
        self.nominal = nominal
    }
}

/// A named constant.
public struct Constant: Hashable, Sendable {
    public var name: String
    public var value: Double
    public init(name: String, value: Double) {
        self.name = name
        self.value = value
    }
}

/// An assignment rule `name := expr`, re-evaluated wherever it is used.
public struct Assignment: Hashable, Sendable {
    public var name: String
    public var expression: Expr
    public init(name: String, expression: Expr) {
        self.name = name
        self.expression = expression
    }
}

/// `observe name = expr ~ Noise(sd)`.
public struct Observable: Hashable, Sendable {
    public var name: String
    /// The model prediction, over species, parameters, constants, assignments and time.
    public var expression: Expr
    public var noise: NoiseModel
    public init(name: String, expression: Expr, noise: NoiseModel) {
        self.name = name
        self.expression = expression
        self.noise = noise
    }
}

/// A measurement noise model (PEtab `noiseDistribution`).
public enum NoiseModel: Hashable, Sendable {
    /// measurement ~ Normal(prediction, sd).
    case normal(sd: Expr)
    /// log(measurement) ~ Normal(log(prediction), sd); the density of the
    /// measurement itself, including the 1/measurement Jacobian, is used.
    case logNormal(sd: Expr)

    public var sd: Expr {
        switch self {
        case .normal(let sd), .logNormal(let sd): return sd
        }
    }
}

/// A prior as written in the model (PEtab v2 names), with optional truncation
/// `in [lo, hi]`. Parameters are numbers (constant expressions are folded).
public struct PriorSpec: Hashable, Sendable {
    public enum Kind: String, Hashable, Sendable, CaseIterable {
        /// Uniform(lo, hi).
        case uniform = "Uniform"
        /// LogUniform(lo, hi): log x uniform on [log lo, log hi].
        case logUniform = "LogUniform"
        /// Normal(mu, sd).
        case normal = "Normal"
        /// LogNormal(mu, sd): log x ~ Normal(mu, sd).
        case logNormal = "LogNormal"
    }
    public var kind: Kind
    /// (lo, hi) for the uniform kinds, (mu, sd) for the normal kinds.
    public var first: Double
    public var second: Double
    /// Optional `in [lo, hi]` truncation.
    public var truncation: ClosedRange<Double>?

    public init(kind: Kind, first: Double, second: Double, truncation: ClosedRange<Double>? = nil) {
        self.kind = kind
        self.first = first
        self.second = second
        self.truncation = truncation
    }
}
