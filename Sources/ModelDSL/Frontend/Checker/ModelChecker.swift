/// The resolve/check phase: ``ModelAST`` → ``CheckedModel``.
///
/// Decides what each name is (a species takes part in a reaction or has a rate
/// rule; otherwise a name with a prior is a parameter, else a constant), resolves
/// every expression to indices, folds constants and prior arguments, orders
/// assignment rules, builds the species' rates, and establishes the invariants
/// documented on ``CheckedModel``. Every problem is reported, not just the first.
///
/// One documented exception to name uniqueness: a species whose initial value is
/// estimated (`prior m1 ~ …`) has a parameter of the same name.
public enum ModelChecker {
    /// A checked model and the warnings found on the way.
    public struct Result: Sendable {
        public var model: CheckedModel
        public var warnings: [Diagnostic]
        /// The "never used" warnings among ``warnings``, by the name they are
        /// about: a data file's observableParameters or noiseParameters may use it.
        public var unused: [(name: String, warning: Diagnostic)] = []
    }

    public static func check(_ ast: ModelAST, source: ModelSource) throws(ModelErrors) -> CheckedModel {
        try checkWithWarnings(ast, source: source).model
    }

    /// `warnUnused: false` drops the "never used" warnings (for imported
    /// models, whose unused parameters are the source's business).
    ///
    /// `others` are the sources of locations with `file` 1, 2, … (the tables
    /// of a PEtab problem), so that diagnostics name and show them.
    public static func checkWithWarnings(
        _ ast: ModelAST, source: ModelSource, warnUnused: Bool = true, others: [ModelSource] = []
    ) throws(ModelErrors) -> Result {
        var run = CheckerRun(ast: ast, file: source.path, otherFiles: others.map(\.path))
        run.warnUnused = warnUnused
        run.declare()
        run.classify()
        run.evaluateConstants()
        run.checkPriors()
        run.evaluateNominalValues()
        run.resolveInitialValues()
        run.resolveAssignments()
        run.checkInitialValueCycles()
        let sizes = run.resolveCompartments()
        let rates = run.buildRates(compartments: sizes)
        run.resolveObservables()
        run.resolveConditions()
        let dataPath = run.dataPath()
        run.finalChecks()
        try run.diagnostics.throwIfErrors(source: source, others: others)
        let model = CheckedModel(
            name: ast.name, species: run.species, parameters: run.parameters, constants: run.constants,
            assignments: run.assignments, rates: rates, observables: run.observables, dataPath: dataPath,
            conditions: run.conditions)
        return Result(model: model, warnings: run.diagnostics.warnings, unused: run.unused)
    }
}
