/// Lane loops of the bytecode interpreter, in explicit blocks of four lanes.
///
/// Each block is one unaligned `SIMD4<Double>` load per operand, the
/// operation, and one store, so the loop needs no run-time aliasing checks
/// and no vectoriser heuristics; lanes beyond a multiple of four run scalar.
/// Destination and operands never alias (the compiler guarantees it), but a
/// block reads both operands before it writes, so even `d == a` would be safe.
enum LaneLoops {
    @inline(__always)
    static func binary(
        _ d: UnsafeMutablePointer<Double>, _ a: UnsafePointer<Double>, _ b: UnsafePointer<Double>, _ n: Int,
        _ vector: (SIMD4<Double>, SIMD4<Double>) -> SIMD4<Double>, _ scalar: (Double, Double) -> Double
    ) {
        var l = 0
        while l &+ 4 <= n {
            let x = UnsafeRawPointer(a + l).loadUnaligned(as: SIMD4<Double>.self)
            let y = UnsafeRawPointer(b + l).loadUnaligned(as: SIMD4<Double>.self)
            UnsafeMutableRawPointer(d + l).storeBytes(of: vector(x, y), as: SIMD4<Double>.self)
            l &+= 4
        }
        while l < n { d[l] = scalar(a[l], b[l]); l &+= 1 }
    }

    @inline(__always)
    static func ternary(
        _ d: UnsafeMutablePointer<Double>, _ a: UnsafePointer<Double>, _ b: UnsafePointer<Double>,
        _ c: UnsafePointer<Double>, _ n: Int,
        _ vector: (SIMD4<Double>, SIMD4<Double>, SIMD4<Double>) -> SIMD4<Double>,
        _ scalar: (Double, Double, Double) -> Double
    ) {
        var l = 0
        while l &+ 4 <= n {
            let x = UnsafeRawPointer(a + l).loadUnaligned(as: SIMD4<Double>.self)
            let y = UnsafeRawPointer(b + l).loadUnaligned(as: SIMD4<Double>.self)
            let z = UnsafeRawPointer(c + l).loadUnaligned(as: SIMD4<Double>.self)
            UnsafeMutableRawPointer(d + l).storeBytes(of: vector(x, y, z), as: SIMD4<Double>.self)
            l &+= 4
        }
        while l < n { d[l] = scalar(a[l], b[l], c[l]); l &+= 1 }
    }

    @inline(__always)
    static func unary(
        _ d: UnsafeMutablePointer<Double>, _ a: UnsafePointer<Double>, _ n: Int,
        _ vector: (SIMD4<Double>) -> SIMD4<Double>, _ scalar: (Double) -> Double
    ) {
        var l = 0
        while l &+ 4 <= n {
            let x = UnsafeRawPointer(a + l).loadUnaligned(as: SIMD4<Double>.self)
            UnsafeMutableRawPointer(d + l).storeBytes(of: vector(x), as: SIMD4<Double>.self)
            l &+= 4
        }
        while l < n { d[l] = scalar(a[l]); l &+= 1 }
    }
}
