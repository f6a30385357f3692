import Dispatch
import Synchronization

/// Parallel loops: the one home of the package's thread fan-out (the ODE
/// solver's batched solves, the flows' block kernels and training, the
/// concurrent training of mode flows).
public enum Parallel {
    /// Runs `body(worker)` for `worker` in `0..<workers`, concurrently when
    /// `workers > 1`, inline otherwise. For static partitions whose result must
    /// not depend on scheduling (each worker owns fixed blocks).
    public static func run(workers: Int, _ body: @Sendable (Int) -> Void) {
        if workers <= 1 {
            body(0)
        } else {
            DispatchQueue.concurrentPerform(iterations: workers, execute: body)
        }
    }

    /// Splits `0..<count` into `blocks` contiguous blocks of near-equal size
    /// and returns block `b`.
    public static func block(_ b: Int, of blocks: Int, count: Int) -> Range<Int> {
        let lo = b * count / blocks, hi = (b + 1) * count / blocks
        return lo..<hi
    }

    /// Calls `body` once for each chunk `[k·chunkSize, min((k+1)·chunkSize, count))`
    /// of `0..<count`, on up to `threads` threads.
    ///
    /// Workers take the next chunk from a shared atomic counter, so slow chunks
    /// do not hold others back. Which thread runs which chunk, and in what
    /// order, depends on scheduling: results must not. Callers therefore write
    /// each index's result to its own slot (and derive any randomness from the
    /// index, not the thread). Returns when every chunk is done. `count == 0`
    /// does nothing; with `threads == 1` the chunks run in order on the caller.
    ///
    /// - Throws: ``ParallelConfigurationError`` if `count < 0`, `chunkSize < 1`
    ///   or `threads < 1`.
    public static func forEachChunk(
        count: Int, chunkSize: Int, threads: Int, _ body: @Sendable (Range<Int>) -> Void
    ) throws(ParallelConfigurationError) {
        guard count >= 0 else { throw .invalidCount(count) }
        guard chunkSize >= 1 else { throw .invalidChunkSize(chunkSize) }
        guard threads >= 1 else { throw .invalidThreadCount(threads) }
        let chunks = count / chunkSize + (count % chunkSize == 0 ? 0 : 1)
        if chunks == 0 { return }
        @Sendable func chunk(_ k: Int) -> Range<Int> {
            let lower = k * chunkSize
            return lower..<min(lower + chunkSize, count)
        }
        let workers = min(threads, chunks)
        if workers == 1 {
            for k in 0..<chunks { body(chunk(k)) }
            return
        }
        let counter = Atomic<Int>(0)
        DispatchQueue.concurrentPerform(iterations: workers) { _ in
            while true {
                let k = counter.wrappingAdd(1, ordering: .relaxed).oldValue
                if k >= chunks { return }
                body(chunk(k))
            }
        }
    }
}

/// Invalid arguments to ``Parallel/forEachChunk(count:chunkSize:threads:_:)``.
public enum ParallelConfigurationError: Error, Sendable, Hashable, CustomStringConvertible {
    case invalidCount(Int)
    case invalidChunkSize(Int)
    case invalidThreadCount(Int)

    public var description: String {
        switch self {
        case .invalidCount(let n): return "item count must be >= 0, got \(n)"
        case .invalidChunkSize(let n): return "chunk size must be >= 1, got \(n)"
        case .invalidThreadCount(let n): return "thread count must be >= 1, got \(n)"
        }
    }
}

/// A raw pointer handed to parallel workers.
///
/// `@unchecked Sendable` is sound for the way it is used: the buffer outlives
/// the parallel call, and each worker writes only rows or slots that no other
/// worker reads or writes during that call.
public struct SharedPointer<T>: @unchecked Sendable {
    public let base: UnsafeMutablePointer<T>
    public init(_ base: UnsafeMutablePointer<T>) { self.base = base }
}
