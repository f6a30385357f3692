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
/// - inside observable `o` (its expression and noise sd), `.parameter(P + k)`
///   with `P = parameters.count` is the observable's placeholder `k`
///   (``Observable/placeholders``), valued per measurement; nowhere else does
///   a parameter index reach `P`;
/// - prior bounds are valid (lo < hi, positive on log scales);
/// - a condition sets only constants and initial values of species that are
///   not estimated, with values over numbers, constants and parameters, and
///   (with the definitions of the constants it does not set) without cycles.
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
    /// Experimental conditions (`condition NAME { … }`), in declaration order.
    public var conditions: [Condition]

    public init(
        name: String, species: [Species], parameters: [Parameter], constants: [Constant],
        assignments: [Assignment], rates: [Expr], observables: [Observable], dataPath: String?,
        conditions: [Condition] = []
    ) {
        self.name = name
        self.species = species
        self.parameters = parameters
        self.constants = constants
        self.assignments = assignments
        self.rates = rates
        self.observables = observables
        self.dataPath = dataPath
        self.conditions = conditions
    }

    /// The most placeholders any observable declares (0 without placeholders).
    public var placeholderCount: Int { observables.map(\.placeholders.count).max() ?? 0 }
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
    /// The definition as written (numbers and other constants), from which a
    /// condition that sets one of those constants recomputes this one; nil
    /// means just ``value``.
    public var definition: Expr?
    public init(name: String, value: Double, definition: Expr? = nil) {
        self.name = name
        self.value = value
        self.definition = definition
    }
}

/// `condition NAME { … }`: values that replace the model's own for the
/// measurements simulated under this condition. Everything computed from a
/// value it sets (other constants, initial values, rates) follows.
public struct Condition: Hashable, Sendable {
    /// What a condition sets.
    public enum Target: Hashable, Sendable {
        /// Constant `i` of ``CheckedModel/constants`` (a rate constant, a compartment size, …).
        case constant(Int)
        /// The initial value of species `i`.
        case initialValue(Int)
    }

    /// One `x = expr` of the condition.
    public struct Setting: Hashable, Sendable {
        public var target: Target
        /// Over numbers, constants (their values in this condition) and parameters.
        public var value: Expr
        public init(target: Target, value: Expr) {
            self.target = target
            self.value = value
        }
    }

    public var name: String
    /// In the order written; each target at most once.
    public var settings: [Setting]

    public init(name: String, settings: [Setting]) {
        self.name = name
        self.settings = settings
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

/// `observe name(p…; n…) = expr ~ Noise(sd)`.
public struct Observable: Hashable, Sendable {
    public var name: String
    /// The model prediction, over species, parameters, constants, assignments,
    /// time and the observable parameters.
    public var expression: Expr
    public var noise: NoiseModel
    /// Placeholders valued by each measurement's `observableParameters`, in order.
    public var observableParameters: [String]
    /// Placeholders valued by each measurement's `noiseParameters`, in order.
    public var noiseParameters: [String]
    public init(name: String, expression: Expr, noise: NoiseModel,
                observableParameters: [String] = [], noiseParameters: [String] = []) {
        self.name = name
        self.expression = expression
        self.noise = noise
        self.observableParameters = observableParameters
        self.noiseParameters = noiseParameters
    }

    /// Observable parameters then noise parameters: placeholder `k` is
    /// `.parameter(P + k)` in the expression and sd (see ``CheckedModel``).
    public var placeholders: [String] { observableParameters + noiseParameters }
}

/// A measurement noise model (PEtab `noiseDistribution` and `observableTransformation`).
///
/// PEtab's log10 transformations are the log ones with the scale multiplied
/// by ln 10: the density of `y` when `log10 y ~ N(log10 μ, σ)` is the density
/// when `ln y ~ N(ln μ, σ·ln 10)` (both include the Jacobian of the transform).
public enum NoiseModel: Hashable, Sendable {
    /// measurement ~ Normal(prediction, sd).
    case normal(sd: Expr)
    /// log(measurement) ~ Normal(log(prediction), sd); the density of the
    /// measurement itself, including the 1/measurement Jacobian, is used.
    case logNormal(sd: Expr)
    /// measurement ~ Laplace(prediction, scale): density exp(−|y − μ|/b)/(2b).
    case laplace(scale: Expr)
    /// log(measurement) ~ Laplace(log(prediction), scale), as the density of
    /// the measurement (with the 1/measurement Jacobian).
    case logLaplace(scale: Expr)

    /// The spread: the sd of the normal kinds, the scale b of the Laplace kinds.
    public var sd: Expr {
        switch self {
        case .normal(let sd), .logNormal(let sd), .laplace(let sd), .logLaplace(let sd): return sd
        }
    }

    /// Whether the density is of log(measurement) (measurements and predictions must be positive).
    public var isLogScale: Bool {
        switch self {
        case .logNormal, .logLaplace: return true
        case .normal, .laplace: return false
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
