/// Evaluates expressions that use only numbers and constants (prior arguments,
/// constant definitions, nominal values, constant noise levels).
enum ConstantFolder {
    /// The value of `expr`, or nil when it refers to anything but numbers and
    /// known `constants` (nil entries are constants whose own definition failed).
    /// May be non-finite (`log(0)`): callers check. Cost: one walk.
    static func evaluate(_ expr: Expr, constants: [Double?]) -> Double? {
        switch expr {
        case .number(let value):
            return value
        case .constant(let index):
            return constants.indices.contains(index) ? constants[index] : nil
        case .time, .species, .parameter, .assignment, .observable:
            return nil
        case .negate(let operand):
            return evaluate(operand, constants: constants).map { -$0 }
        case .binary(let op, let left, let right):
            guard let a = evaluate(left, constants: constants),
                  let b = evaluate(right, constants: constants) else { return nil }
            return ScalarMath.apply(op, a, b)
        case .call(let function, let arguments):
            var values: [Double] = []
            for argument in arguments {
                guard let value = evaluate(argument, constants: constants) else { return nil }
                values.append(value)
            }
            return apply(function, values)
        }
    }

    /// `function(values…)` with the run-time definitions (``ScalarMath``); nil
    /// on a wrong argument count.
    static func apply(_ function: Function, _ x: [Double]) -> Double? {
        guard function.accepts(argumentCount: x.count) else { return nil }
        return ScalarMath.apply(function, x)
    }
}
