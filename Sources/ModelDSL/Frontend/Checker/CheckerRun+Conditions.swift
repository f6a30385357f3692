/// Phase 7: `condition NAME { x = expr; … }` → ``Condition``.
///
/// A condition replaces the model's own `x = …` for the constants and species
/// initial values it names. Its values may use numbers, constants (their
/// values in the condition) and parameters. It cannot set a free parameter
/// (give the condition a parameter of its own instead), an estimated initial
/// value, an assignment rule or an observable. Within one condition the
/// values it sets and the definitions of the constants it leaves alone must
/// not form a cycle (`a = b` set while `b = 2*a` is written).
extension CheckerRun {
    mutating func resolveConditions() {
        var seen: [String: SourceLocation] = [:]
        for declaration in ast.conditions {
            let length = declaration.name.unicodeScalars.count
            if let first = seen[declaration.name] {
                diagnostics.error("duplicate condition '\(declaration.name)' (first at line \(first.line))",
                                  at: declaration.nameLocation, length: length)
                continue
            }
            seen[declaration.name] = declaration.nameLocation
            if let condition = resolveCondition(declaration) { conditions.append(condition) }
        }
    }

    private mutating func resolveCondition(_ declaration: ConditionDecl) -> Condition? {
        var settings: [Condition.Setting] = []
        var locations: [SourceLocation] = []
        var targets: [String: SourceLocation] = [:]
        var valid = true
        for definition in declaration.values {
            let name = definition.name
            let length = name.unicodeScalars.count
            if let first = targets[name] {
                diagnostics.error("'\(name)' is set twice in condition '\(declaration.name)' (first at line \(first.line))",
                                  at: definition.nameLocation, length: length)
                valid = false
                continue
            }
            targets[name] = definition.nameLocation
            let target = conditionTarget(name, at: definition.nameLocation, condition: declaration.name)
            let value = resolve(definition.expression, .conditionValue(declaration.name, name))
            guard let target, let value else {
                valid = false
                continue
            }
            used.insert(name)
            settings.append(Condition.Setting(target: target, value: value))
            locations.append(definition.nameLocation)
        }
        guard valid else { return nil }
        guard checkCycles(settings, locations: locations, condition: declaration.name) else { return nil }
        return Condition(name: declaration.name, settings: settings)
    }

    /// What `name` is as the target of a condition's value, or nil with an error.
    private mutating func conditionTarget(_ name: String, at location: SourceLocation, condition: String) -> Condition.Target? {
        let length = name.unicodeScalars.count
        let rule = "a condition sets constants (rate constants, compartment sizes, …) and species' initial values"
        switch symbols[name] {
        case .constant(let i)?:
            return .constant(i)
        case .species(let i)?:
            if speciesParameter[i] != nil {
                diagnostics.error(
                    "the initial value of '\(name)' is a free parameter (it has a prior); condition '\(condition)' cannot set it: estimate one parameter per condition instead (e.g. '\(name) = \(name)_\(condition)' with a prior for \(name)_\(condition))",
                    at: location, length: length)
                return nil
            }
            return .initialValue(i)
        case .parameter?:
            diagnostics.error(
                "'\(name)' has a prior, so condition '\(condition)' cannot set it; \(rule): make '\(name)' a constant set by each condition (e.g. '\(name) = \(name)_\(condition)' with a prior for \(name)_\(condition))",
                at: location, length: length)
        case .assignment?:
            diagnostics.error("'\(name)' is an assignment rule (':='); \(rule)", at: location, length: length)
        case .observable?:
            diagnostics.error("'\(name)' is an observable; \(rule)", at: location, length: length)
        case .label?:
            diagnostics.error("'\(name)' is a reaction label; \(rule)", at: location, length: length)
        case nil:
            if let reason = ReservedName.reason(name) {
                diagnostics.error("condition '\(condition)' cannot set '\(name)': \(reason)", at: location, length: length)
            } else {
                diagnostics.unknown("symbol", name, at: location, candidates: symbols.valueNames)
            }
        }
        return nil
    }

    /// Reports a cycle through the constants a condition sets and the
    /// definitions of the others; true when there is none.
    private mutating func checkCycles(_ settings: [Condition.Setting], locations: [SourceLocation], condition: String) -> Bool {
        var dependencies = constants.map { constant in
            constant.definition.map { Self.constantReferences($0) } ?? []
        }
        var setAt: [Int: SourceLocation] = [:]
        for (setting, location) in zip(settings, locations) {
            guard case .constant(let i) = setting.target else { continue }
            dependencies[i] = Self.constantReferences(setting.value)
            setAt[i] = location
        }
        guard !setAt.isEmpty else { return true }
        let graph = DependencyOrder(dependencies: dependencies)
        var valid = true
        for cycle in graph.cycles {
            guard let at = cycle.lazy.compactMap({ setAt[$0] }).first else { continue }  // the model's own: reported already
            let names = (cycle + [cycle[0]]).map { constants[$0].name }
            diagnostics.error("cyclic definitions in condition '\(condition)': \(names.joined(separator: " = "))",
                              at: at, length: constants[cycle[0]].name.unicodeScalars.count)
            valid = false
        }
        return valid
    }

    /// The constants an expression refers to.
    static func constantReferences(_ e: Expr) -> [Int] {
        var refs: [Int] = []
        func visit(_ e: Expr) {
            switch e {
            case .constant(let i): refs.append(i)
            case .negate(let x): visit(x)
            case .binary(_, let x, let y): visit(x); visit(y)
            case .call(_, let args): args.forEach(visit)
            default: break
            }
        }
        visit(e)
        return refs
    }
}
