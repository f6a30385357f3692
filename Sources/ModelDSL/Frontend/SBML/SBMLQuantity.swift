/// What an SBML quantity is in the imported model, as expressions over the
/// model's names: what the SBML Test Suite harness compares (and what a
/// PEtab front end will point observables at).
public struct SBMLQuantity: Hashable, Sendable {
    public enum Kind: String, Hashable, Sendable {
        case compartment, species, parameter, reaction, stoichiometry
    }

    /// The SBML id.
    public var id: String
    public var kind: Kind
    /// The value the id stands for in SBML math (a species: its amount when it
    /// has only substance units or lives in a 0-D compartment, else its
    /// concentration; a reaction: its rate, amount per time).
    public var value: SyntaxExpr
    /// A species' amount (nil for other kinds).
    public var amount: SyntaxExpr?
    /// A species' concentration (nil for other kinds and in 0-D compartments).
    public var concentration: SyntaxExpr?
}
