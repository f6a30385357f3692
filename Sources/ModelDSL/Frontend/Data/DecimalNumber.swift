/// The number grammar of data files: decimal floating-point literals only.
///
/// ```
/// number   = sign? mantissa exponent?
/// mantissa = digits ("." digits?)? | "." digits
/// exponent = ("e" | "E") sign? digits
/// sign     = "+" | "-"          digits = [0-9]+
/// ```
/// So `12`, `-0.5`, `+1.`, `.5`, `1e-3`, `2.5E+4` are numbers. Swift's
/// `Double(String)` also accepts hexadecimal floats (`0x1.3p0`), `inf`,
/// `infinity`, `nan`, `nan(0x1)`, `snan` and stops silently at a NUL byte
/// (`"1.5\0junk"` reads as 1.5); none of these is a number here. A literal
/// beyond ±1.8e308 is out of range; one below the smallest double rounds to 0
/// (as every decimal literal rounds to the nearest double).
enum DecimalNumber {
    enum Reading: Equatable {
        case value(Double)
        /// Grammatical, but its magnitude overflows a Double.
        case outOfRange
        /// `inf`, `-Infinity`, `nan`, `snan`, `nan(…)` in any case.
        case nonFiniteSpelling
        /// `0x…` (a C99 hexadecimal float or integer).
        case hexadecimal
        case notANumber
    }

    /// Reads `text` (already trimmed). Cost: one pass over its scalars.
    static func read(_ text: String) -> Reading {
        let scalars = Array(text.unicodeScalars)
        var i = 0
        func digits() -> Int {
            let start = i
            while i < scalars.count, scalars[i] >= "0", scalars[i] <= "9" { i += 1 }
            return i - start
        }
        if i < scalars.count, scalars[i] == "+" || scalars[i] == "-" { i += 1 }
        let body = String(String.UnicodeScalarView(scalars[i...])).lowercased()
        if ["inf", "infinity", "nan", "snan"].contains(body) || body.hasPrefix("nan(") || body.hasPrefix("snan(") {
            return .nonFiniteSpelling
        }
        if body.hasPrefix("0x") { return .hexadecimal }
        var mantissaDigits = digits()
        if i < scalars.count, scalars[i] == "." {
            i += 1
            mantissaDigits += digits()
        }
        guard mantissaDigits > 0 else { return .notANumber }
        if i < scalars.count, scalars[i] == "e" || scalars[i] == "E" {
            i += 1
            if i < scalars.count, scalars[i] == "+" || scalars[i] == "-" { i += 1 }
            guard digits() > 0 else { return .notANumber }
        }
        guard i == scalars.count, let value = Double(text) else { return .notANumber }
        return value.isFinite ? .value(value) : .outOfRange
    }
}
