import Foundation

/// Every number the tool writes as text, in one place.
///
/// - ``roundTrip(_:)``: files and messages (CSV cells, file headers, values
///   echoed in errors): the shortest text that reads back to the same double,
///   integers without a fraction (`40`, not `40.0`), `nan`, `inf`, `-inf` as
///   pandas and numpy read them. (`summary.json` is written by `JSONEncoder`,
///   which writes the same shortest round-trip form and `null` for what
///   is not finite.)
/// - the instance methods: text for people — fixed decimals, about four
///   significant digits, counts, durations, `value ± error` — with `–` for
///   a value that is missing or not finite (never `0` or `nan`).
///   ``plain`` writes an ASCII minus (terminal output that may be pasted into
///   code); ``page`` the true minus sign `−` (the HTML report).
struct NumberFormat: Sendable {
    /// The sign written before negative numbers.
    var minusSign: String

    static let plain = NumberFormat(minusSign: "-")
    static let page = NumberFormat(minusSign: "\u{2212}")

    /// Shown for a missing or non-finite value.
    static let missing = "–"

    /// Shortest round-trip text; `nan`, `inf`, `-inf`; integral values without a fraction.
    static func roundTrip(_ x: Double) -> String {
        if x.isNaN { return "nan" }
        if x.isInfinite { return x > 0 ? "inf" : "-inf" }
        if x == x.rounded(), abs(x) < 1e15 { return x == 0 ? "0" : String(Int(x)) }
        return "\(x)"
    }

    /// Fixed decimals.
    func fixed(_ x: Double?, _ decimals: Int) -> String {
        guard let x, x.isFinite else { return Self.missing }
        return signed(String(format: "%.\(decimals)f", x))
    }

    /// About `digits` significant digits; scientific (`1.5e-4`) below 10⁻³ and from 10⁶ on.
    func significant(_ x: Double?, _ digits: Int = 4) -> String {
        guard let x, x.isFinite else { return Self.missing }
        if x == 0 { return "0" }
        let a = abs(x)
        if a >= 1e6 || a < 1e-3 { return signed(Self.scientific(x, significant: digits)) }
        let decimals = max(0, digits - 1 - Int(floor(log10(a))))
        return signed(String(format: "%.\(decimals)f", x))
    }

    /// Short text for one value (tick labels, β in messages): plain between
    /// 10⁻³ and 10⁵, else `2e-5`, with at most `digits` significant digits.
    func short(_ x: Double?, _ digits: Int = 3) -> String {
        guard let x else { return Self.missing }
        guard x.isFinite else { return x.isNaN ? Self.missing : (x > 0 ? "∞" : minusSign + "∞") }
        if x == 0 { return "0" }
        let a = abs(x)
        if a >= 1e5 || a < 1e-3 { return signed(Self.scientific(x, significant: digits)) }
        var s = String(format: "%.\(digits)g", x)
        if s.contains("e") { s = String(format: "%.\(max(0, digits - 1 - Int(floor(log10(a)))))f", x) }
        return signed(s)
    }

    /// An integer with thin-space thousands separators.
    func count(_ n: Int?) -> String {
        guard let n else { return Self.missing }
        let digits = String(n.magnitude)
        var out = ""
        for (i, c) in digits.enumerated() {
            if i > 0 && (digits.count - i) % 3 == 0 { out += "\u{2009}" }
            out.append(c)
        }
        return (n < 0 ? minusSign : "") + out
    }

    /// `12.3 s`, `4.5 min`, `1.25 h`.
    func seconds(_ s: Double?) -> String {
        guard let s, s.isFinite else { return Self.missing }
        if s < 120 { return String(format: "%.1f s", s) }
        if s < 7200 { return String(format: "%.1f min", s / 60) }
        return String(format: "%.2f h", s / 3600)
    }

    /// `-107.970 ± 0.052` (the error left out when missing; `–` without a value).
    func estimate(_ value: Double?, _ error: Double?, decimals: Int = 3) -> String {
        guard value?.isFinite == true else { return Self.missing }
        return fixed(value, decimals) + (error?.isFinite == true ? " ± " + fixed(error, decimals) : "")
    }

    /// `1.5e-4` style: no `+`, no leading exponent zeros, no trailing mantissa zeros (ASCII minus).
    static func scientific(_ v: Double, significant: Int) -> String {
        let s = String(format: "%.\(max(0, significant - 1))e", v)
        guard let e = s.firstIndex(of: "e") else { return s }
        var mantissa = String(s[..<e])
        if mantissa.contains(".") {
            while mantissa.hasSuffix("0") { mantissa.removeLast() }
            if mantissa.hasSuffix(".") { mantissa.removeLast() }
        }
        let exponent = Int(s[s.index(after: e)...]) ?? 0
        return "\(mantissa)e\(exponent)"
    }

    private func signed(_ s: String) -> String {
        minusSign == "-" ? s : s.replacingOccurrences(of: "-", with: minusSign)
    }
}

/// ``NumberFormat/roundTrip(_:)``, for files and messages.
func formatNumber(_ x: Double) -> String {
    NumberFormat.roundTrip(x)
}
