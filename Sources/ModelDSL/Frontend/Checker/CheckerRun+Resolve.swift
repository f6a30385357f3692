/// Name resolution: ``SyntaxExpr`` → ``Expr``, checking what each kind of
/// expression may refer to and reporting every problem (not just the first).
extension CheckerRun {
    /// Where an expression sits, which decides what it may refer to.
    enum Context {
        /// Rate laws, rate rules, assignment rules, observables: anything but observables.
        case dynamic
        /// A noise model's sd: like `dynamic`, plus observables by name.
        case noise
        /// The initial value of a species: numbers, constants, parameters, and —
        /// at the start time — other species' initial values, assignment rules and `time`.
        case initialValue(String)
        /// The compartment of a species (`S in C`): a constant, parameter,
        /// assignment rule or species, by name.
        case compartmentOf(String)
        /// The value of a constant: numbers and constants.
        case constant(String)
        /// The nominal value of a parameter: numbers and constants.
        case nominal(String)
        /// An argument of the prior of a parameter: numbers and constants.
        case priorArgument(String)
        /// A value set by a condition (`condition c { k = … }`): numbers,
        /// constants and parameters. (Condition name, target name.)
        case conditionValue(String, String)

        var isDynamic: Bool {
            switch self {
            case .dynamic, .noise: return true
            default: return false
            }
        }

        /// Whether species, assignment rules and `time` may be used (in
        /// dynamic expressions, and at the start time in initial values).
        var allowsState: Bool {
            switch self {
            case .dynamic, .noise, .initialValue: return true
            default: return false
            }
        }

        /// "initial value of 'm1'" — the subject of "… depends on …" messages.
        var subject: String {
            switch self {
            case .dynamic, .noise: return "expression"
            case .initialValue(let name): return "initial value of '\(name)'"
            case .compartmentOf(let name): return "compartment of '\(name)'"
            case .constant(let name): return "value of '\(name)'"
            case .nominal(let name): return "value of parameter '\(name)'"
            case .priorArgument(let name): return "prior of '\(name)'"
            case .conditionValue(let condition, let name): return "value of '\(name)' in condition '\(condition)'"
            }
        }

        /// The rule broken, appended to "… depends on …" messages.
        var rule: String {
            switch self {
            case .dynamic, .noise: return ""
            case .initialValue: return "initial values may not use observables"
            case .compartmentOf: return "a compartment is a constant, a parameter, an assignment rule or a species"
            case .constant(let name):
                return "a constant may use only numbers and other constants (write '\(name) := …' for a quantity computed from others)"
            case .nominal: return "a parameter's nominal value must be a number or a constant expression"
            case .priorArgument: return "prior arguments must be numbers or constant expressions"
            case .conditionValue: return "a condition's values may use numbers, constants and parameters"
            }
        }
    }

    /// Argument names of each function, for arity messages.
    static func signature(_ function: Function) -> String {
        switch function {
        case .min, .max, .pow: return "x, y"
        case .hill, .hillr: return "x, v, K, n"
        case .mm: return "x, v, K"
        case .xor, .and, .or: return "a, b"
        case .piecewise: return "value, condition, …, otherwise"
        default: return function.arity == 2 ? "x, y" : "x"
        }
    }

    /// The resolved expression, or nil when it has errors (all reported).
    mutating func resolve(_ syntax: SyntaxExpr, _ context: Context) -> Expr? {
        switch syntax.kind {
        case .number(let value):
            return .number(value)
        case .name(let name):
            return resolveName(name, at: syntax.location, context)
        case .negate(let operand):
            return resolve(operand, context).map { .negate($0) }
        case .binary(let op, let left, let right):
            let a = resolve(left, context)
            let b = resolve(right, context)
            guard let a, let b else { return nil }
            return .binary(op, a, b)
        case .call(let name, let arguments):
            let resolved = arguments.map { resolve($0, context) }
            let length = name.unicodeScalars.count
            guard let function = Function(named: name) else {
                if name == "time" || symbols[name] != nil || BuiltinConstant(rawValue: name) != nil {
                    diagnostics.error("'\(name)' is not a function", at: syntax.location, length: length)
                } else {
                    diagnostics.unknown("function", name, at: syntax.location,
                                        candidates: Function.named.map(\.rawValue))
                }
                return nil
            }
            guard function.accepts(argumentCount: arguments.count) else {
                let count = function == .piecewise ? "at least 1 argument" :
                    function.arity == 1 ? "1 argument" : "\(function.arity) arguments"
                diagnostics.error(
                    "'\(name)' takes \(count) (\(Self.signature(function))), found \(arguments.count)",
                    at: syntax.location, length: length)
                return nil
            }
            let values = resolved.compactMap { $0 }
            guard values.count == resolved.count else { return nil }
            return .call(function, values)
        case .operation(let function, let operands):
            let resolved = operands.map { resolve($0, context) }
            let values = resolved.compactMap { $0 }
            guard values.count == resolved.count, function.accepts(argumentCount: values.count) else { return nil }
            return .call(function, values)
        }
    }

    private mutating func resolveName(_ name: String, at location: SourceLocation, _ context: Context) -> Expr? {
        let length = name.unicodeScalars.count
        func forbidden(_ what: String) -> Expr? {
            let message = context.isDynamic
                ? "\(what) can only be used in a noise model's standard deviation"
                : "\(context.subject) depends on \(what); \(context.rule)"
            diagnostics.error(message, at: location, length: length)
            return nil
        }
        if name == "time" {
            if case .compartmentOf = context { return forbidden("'time'") }
            return context.allowsState ? .time : forbidden("'time'")
        }
        if let constant = BuiltinConstant(rawValue: name) { return .number(constant.value) }
        if let placeholder = placeholderScope[name] {
            used.insert(name)
            if placeholder.noise, case .dynamic = context {
                diagnostics.error("noise parameter '\(name)' can only be used in the noise model of its observable",
                                  at: location, length: length)
                return nil
            }
            return .parameter(parameters.count + placeholder.index)
        }
        guard let symbol = symbols[name] else {
            if Function(named: name) != nil {
                diagnostics.error("'\(name)' is a function; call it as '\(name)(…)'", at: location, length: length)
            } else {
                diagnostics.unknown("symbol", name, at: location, candidates: symbols.valueNames + ["time"])
            }
            return nil
        }
        used.insert(name)
        switch symbol {
        case .label:
            diagnostics.error("'\(name)' is a reaction label, not a value", at: location, length: length)
            return nil
        case .constant(let i):
            return .constant(i)
        case .parameter(let k):
            switch context {
            case .dynamic, .noise, .initialValue, .compartmentOf, .conditionValue: return .parameter(k)
            default: return forbidden("parameter '\(name)'")
            }
        case .species(let i):
            if case .compartmentOf = context { return .species(i) }
            return context.allowsState ? .species(i) : forbidden("species '\(name)'")
        case .assignment(let i):
            if case .compartmentOf = context { return .assignment(i) }
            return context.allowsState ? .assignment(i) : forbidden("assignment rule '\(name)'")
        case .observable(let i):
            if case .noise = context { return .observable(i) }
            return forbidden("observable '\(name)'")
        }
    }
}
