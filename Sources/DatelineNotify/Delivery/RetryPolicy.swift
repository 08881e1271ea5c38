import DatelineCore
import Foundation

/// When to try a failed delivery again: the channel's schedule with jitter, a larger
/// `Retry-After` winning, and dead after the last scheduled retry.
public struct RetryPolicy: Sendable {
    /// What the worker does with a delivery after an attempt.
    public enum Decision: Hashable, Sendable {
        /// Delivered: record and stop.
        case done
        /// Try again at this time (unix seconds).
        case retry(at: Double)
        /// Out of attempts, or not retryable: mark dead.
        case dead
        /// The endpoint is gone: mark dead and disable the channel.
        case disableChannel
    }

    /// Delays between attempts in seconds: after attempt `n` fails, wait `schedule[n-1]`.
    public var schedule: [Double]
    /// Spread of each delay, as a fraction: 0.2 gives delay × [0.8, 1.2).
    public var jitter: Double
    let random: @Sendable () -> Double

    /// `random` returns values in [0, 1); inject a fixed one in tests.
    public init(schedule: [Double], jitter: Double = 0.2, random: @escaping @Sendable () -> Double = { Double.random(in: 0..<1) }) {
        self.schedule = schedule
        self.jitter = max(0, min(jitter, 1))
        self.random = random
    }

    /// The policy of a channel (its `retrySchedule`).
    public init(channel: ChannelConfig, jitter: Double = 0.2, random: @escaping @Sendable () -> Double = { Double.random(in: 0..<1) }) {
        self.init(schedule: channel.retrySchedule, jitter: jitter, random: random)
    }

    /// Total attempts a delivery gets: the first plus one per scheduled delay.
    public var maxAttempts: Int { schedule.count + 1 }

    /// The delay after attempt `attempt` (1-based) failed, jittered, or `nil` when it was the last.
    public func delay(afterAttempt attempt: Int) -> Double? {
        guard attempt >= 1, attempt <= schedule.count else { return nil }
        let base = max(0, schedule[attempt - 1])
        let r = min(max(random(), 0), 1)
        return base * (1 + jitter * (2 * r - 1))
    }

    /// What to do after attempt `attempt` (1-based) ended with `outcome` at `now` (unix seconds).
    public func decide(after outcome: DeliveryOutcome, attempt: Int, now: Double) -> Decision {
        switch outcome.classification {
        case .delivered: return .done
        case .gone: return .disableChannel
        case .rejected: return .dead
        case .retry:
            guard var wait = delay(afterAttempt: attempt) else { return .dead }
            if let asked = outcome.retryAfter, asked > wait { wait = asked }
            return .retry(at: now + wait)
        }
    }

    /// Parses a `Retry-After` value: delay-seconds or an HTTP date (relative to `now`, unix
    /// seconds). Returns seconds to wait (0 for a past date), or `nil` when unreadable.
    public static func parseRetryAfter(_ value: String, now: Double) -> Double? {
        let text = value.trimmingCharacters(in: .whitespaces)
        if let seconds = Int(text) { return seconds >= 0 ? Double(seconds) : nil }
        for format in ["EEE, dd MMM yyyy HH:mm:ss zzz", "EEEE, dd-MMM-yy HH:mm:ss zzz", "EEE MMM d HH:mm:ss yyyy"] {
            let formatter = DateFormatter()
            formatter.locale = Locale(identifier: "en_US_POSIX")
            formatter.timeZone = TimeZone(identifier: "GMT")
            formatter.dateFormat = format
            if let date = formatter.date(from: text) { return max(0, date.timeIntervalSince1970 - now) }
        }
        return nil
    }
}
