import DatelineNotify
import Foundation

/// A clock tests drive: `now` moves only when told, and `sleep` advances it instead of waiting.
final class TestClock: NotifyClock, @unchecked Sendable {
    private let lock = NSLock()
    private var current: Double
    private var slept: [Double] = []

    init(now: Double = 1_744_041_600) {  // 2025-04-07T16:00:00Z
        current = now
    }

    func now() -> Double { lock.withLock { current } }

    func advance(_ seconds: Double) { lock.withLock { current += seconds } }

    /// The sleeps requested so far, in seconds.
    var sleeps: [Double] { lock.withLock { slept } }

    func sleep(seconds: Double) async throws {
        lock.withLock {
            slept.append(seconds)
            current += seconds
        }
    }
}
