import DatelineNotify
import Foundation

/// A clock tests drive: `now` moves only when told, and `sleep` advances it instead of waiting.
public final class TestClock: NotifyClock, @unchecked Sendable {
    private let lock = NSLock()
    private var current: Double
    private var slept: [Double] = []

    /// A clock standing at `now` (unix seconds; default 2025-04-07T16:00:00Z).
    public init(now: Double = 1_744_041_600) {
        current = now
    }

    /// The clock's time, in unix seconds.
    public func now() -> Double { lock.withLock { current } }

    /// The clock's time as a `Date`.
    public var date: Date { Date(timeIntervalSince1970: now()) }

    /// Moves the clock forward by `seconds`.
    public func advance(_ seconds: Double) { lock.withLock { current += seconds } }

    /// Sets the clock to `date`.
    public func set(_ date: Date) { lock.withLock { current = date.timeIntervalSince1970 } }

    /// The sleeps requested so far, in seconds.
    public var sleeps: [Double] { lock.withLock { slept } }

    /// Advances the clock by `seconds` at once (nothing waits).
    public func sleep(seconds: Double) async throws {
        lock.withLock {
            slept.append(seconds)
            current += max(0, seconds)
        }
    }
}
