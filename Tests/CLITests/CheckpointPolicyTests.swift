import Testing
@testable import flowcli

/// When a resumable run saves its checkpoint: every N stages or S seconds,
/// but never sooner than 10× the previous save's duration after it.
@Suite struct CheckpointPolicyTests {
    let policy = CheckpointPolicy(everyStages: 20, everySeconds: 60)

    @Test func dueByStagesOrSeconds() {
        #expect(policy.isDue(steps: 40, sinceLastSave: 5, lastSaveDuration: 0.1))
        #expect(policy.isDue(steps: 41, sinceLastSave: 61, lastSaveDuration: 0.1))
        #expect(!policy.isDue(steps: 41, sinceLastSave: 59, lastSaveDuration: 0.1))
        #expect(policy.isDue(steps: 1, sinceLastSave: 0, lastSaveDuration: 0) == false)
        #expect(CheckpointPolicy(everyStages: 1, everySeconds: 60).isDue(steps: 7, sinceLastSave: 0.01, lastSaveDuration: 0))
    }

    /// A save that took 30 s (Crauste's 319 MB state) holds the next one back
    /// for 300 s, however many stages pass: saving stays ≤ 1/11 of the run.
    @Test func aSlowSaveHoldsTheNextBack() {
        #expect(!policy.isDue(steps: 40, sinceLastSave: 299, lastSaveDuration: 30))
        #expect(!policy.isDue(steps: 41, sinceLastSave: 120, lastSaveDuration: 30))
        #expect(policy.isDue(steps: 60, sinceLastSave: 300, lastSaveDuration: 30))
        #expect(policy.isDue(steps: 61, sinceLastSave: 301, lastSaveDuration: 30))
    }
}
