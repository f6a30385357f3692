import Foundation
import Synchronization

/// The signal that asked the run to stop (0: none). Set from a signal
/// handler: a lock-free atomic store is async-signal-safe.
let pendingSignal = Atomic<Int32>(0)

/// SIGINT/SIGTERM handling for long runs: the first signal only sets a flag —
/// the run finishes its current stage, writes a checkpoint and exits — and
/// restores the default action, so a second signal stops the process at once
/// (the run directory is still consistent: every file is written atomically).
enum Interruption {
    static func install() {
        // A parent may have started us with these signals blocked (the mask is
        // inherited: a test runner, a job system); then Ctrl-C would never
        // reach the handler and the run could not be interrupted cleanly.
        var set = sigset_t()
        sigemptyset(&set)
        sigaddset(&set, SIGINT)
        sigaddset(&set, SIGTERM)
        pthread_sigmask(SIG_UNBLOCK, &set, nil)
        for sig in [SIGINT, SIGTERM] {
            signal(sig) { received in
                pendingSignal.store(received, ordering: .relaxed)
                signal(received, SIG_DFL)
            }
        }
    }

    static func uninstall() {
        signal(SIGINT, SIG_DFL)
        signal(SIGTERM, SIG_DFL)
    }

    /// The pending signal, if any.
    static var requested: Int32? {
        let s = pendingSignal.load(ordering: .relaxed)
        return s == 0 ? nil : s
    }
}
