import Foundation

/// The time source of the notifier: webhook timestamps, rate limits, retry times, file rotation.
///
/// Injected so tests control time; no test sleeps to let time pass.
public protocol NotifyClock: Sendable {
    /// Now, in unix seconds.
    func now() -> Double
    /// Suspends for `seconds` of this clock's time.
    func sleep(seconds: Double) async throws
}

/// The wall clock.
public struct SystemNotifyClock: NotifyClock {
    /// The system clock.
    public init() {}

    /// Now, from `Date()`, in unix seconds.
    public func now() -> Double { Date().timeIntervalSince1970 }

    /// Sleeps for real (at most a day per call).
    public func sleep(seconds: Double) async throws {
        guard seconds > 0 else { return }
        try await Task.sleep(nanoseconds: UInt64(min(seconds, 86_400) * 1_000_000_000))
    }
}
