/// Phase 4: priors → ``PriorSpec`` (arguments folded), with their validity rules:
/// lo < hi for the uniform kinds, lo > 0 for LogUniform, sd > 0 for the normal
/// kinds; a truncation `in [lo, hi]` needs lo < hi, lo > 0 on log scales, and
/// must overlap the support. A valid prior must then be usable by `fit` in
/// double precision (range, spread, resolution, truncated mass: see
/// ``PriorSpec/numericalProblem()``).
extension CheckerRun {
    mutating func checkPriors() {
        for (k, declaration) in priorDeclarations.enumerated() {
            if let spec = priorSpec(declaration) { parameters[k].prior = spec }
        }
    }

    private mutating func priorSpec(_ declaration: PriorDecl) -> PriorSpec? {
        let call = declaration.distribution
        let length = call.name.unicodeScalars.count
        let context = Context.priorArgument(declaration.name)
        guard let kind = PriorSpec.Kind(rawValue: call.name) else {
            diagnostics.unknown("distribution", call.name, at: call.location,
                                candidates: PriorSpec.Kind.allCases.map(\.rawValue))
            return nil
        }
        let names = kind == .uniform || kind == .logUniform ? ("lo", "hi") : ("mu", "sd")
        guard call.arguments.count == 2 else {
            diagnostics.error("'\(kind.rawValue)' takes 2 arguments (\(names.0), \(names.1)), found \(call.arguments.count)",
                              at: call.location, length: length)
            return nil
        }
        let what = "argument of the prior of '\(declaration.name)'"
        let first = fold(call.arguments[0], context, what: what)
        let second = fold(call.arguments[1], context, what: what)
        var lower: Double?
        var upper: Double?
        if let truncation = declaration.truncation {
            lower = fold(truncation.lower, context, what: "truncation bound of '\(declaration.name)'")
            upper = fold(truncation.upper, context, what: "truncation bound of '\(declaration.name)'")
        }
        guard let first, let second else { return nil }
        let shown = "\(kind.rawValue)(\(NumberText.format(first)), \(NumberText.format(second)))"
        var valid = true
        func fail(_ message: String, at location: SourceLocation? = nil) {
            diagnostics.error(message, at: location ?? call.location, length: location == nil ? length : 1)
            valid = false
        }
        switch kind {
        case .uniform, .logUniform:
            if kind == .logUniform && first <= 0 {
                fail("\(shown): the lower bound must be positive on a log scale", at: call.arguments[0].location)
            } else if first >= second {
                fail("\(shown): the lower bound must be less than the upper bound")
            }
        case .normal, .logNormal:
            if second <= 0 {
                fail("\(shown): the standard deviation must be positive", at: call.arguments[1].location)
            }
        }
        var truncation: ClosedRange<Double>?
        if let bounds = declaration.truncation {
            guard let lower, let upper else { return nil }
            let range = "[\(NumberText.format(lower)), \(NumberText.format(upper))]"
            if lower >= upper {
                fail("empty truncation \(range): the lower bound must be less than the upper bound",
                     at: bounds.lower.location)
            } else if (kind == .logUniform || kind == .logNormal) && lower <= 0 {
                fail("truncation \(range) of \(shown): bounds must be positive on a log scale",
                     at: bounds.lower.location)
            } else if (kind == .uniform || kind == .logUniform) && (lower >= second || upper <= first) {
                fail("truncation \(range) lies outside the support [\(NumberText.format(first)), \(NumberText.format(second))] of \(shown)",
                     at: bounds.lower.location)
            } else {
                truncation = lower...upper
            }
        }
        guard valid else { return nil }
        let spec = PriorSpec(kind: kind, first: first, second: second, truncation: truncation)
        // What `fit` could not use in double precision (see PriorSpec+Numerics).
        if let problem = spec.numericalProblem() {
            switch problem.argument {
            case .distribution: fail(problem.message)
            case .scale: fail(problem.message, at: call.arguments[1].location)
            case .truncation: fail(problem.message, at: declaration.truncation?.lower.location ?? call.location)
            }
            return nil
        }
        return spec
    }

    /// Whether `value` lies in the support of `prior` (for nominal-value warnings).
    static func supports(_ prior: PriorSpec, _ value: Double) -> Bool {
        if let truncation = prior.truncation, !truncation.contains(value) { return false }
        switch prior.kind {
        case .uniform, .logUniform: return value >= prior.first && value <= prior.second
        case .normal: return true
        case .logNormal: return value > 0
        }
    }
}
