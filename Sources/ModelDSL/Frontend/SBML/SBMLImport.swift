/// An SBML model imported into the model language.
public struct SBMLImport: Sendable {
    /// The model as the language's syntax tree (print it with `canonicalText`).
    public var ast: ModelAST
    /// The SBML document (diagnostics point into it).
    public var source: ModelSource
    /// Renamed ids, optional packages and constraints skipped, … (never errors).
    public var warnings: [Diagnostic]
    /// Every SBML compartment, species, parameter, reaction and named
    /// stoichiometry, as expressions over the model's names.
    public var quantities: [SBMLQuantity]
    /// SBML ids the language reserves, and their new names.
    public var renamings: [(id: String, name: String)]
    public var level: Int
    public var version: Int

    /// The quantity of SBML id `id`, if the model has one.
    public func quantity(_ id: String) -> SBMLQuantity? { quantities.first { $0.id == id } }
}
