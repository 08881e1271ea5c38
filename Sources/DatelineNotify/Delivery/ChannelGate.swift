import DatelineCore
import Synchronization

/// Per-channel rate limit (token bucket) and in-flight cap, awaited by the worker before each
/// send: `let permit = try await gate.acquire(channel); defer { gate.release(permit) }`.
///
/// A lock, not an actor: a permit that is free is taken without a hop to another executor
/// (two per send as an actor: acquire and release), and only a send that must wait suspends.
///
/// A channel with `rateLimit` (count per seconds) gets a bucket of `count` tokens refilled at
/// `count / perSeconds` per second; a webhook channel without one gets its service's documented
/// limit (`defaultRateLimit(for:)`). `maxInFlight` (default 1) caps concurrent requests.
/// Time comes from the injected clock, so tests drive it.
public final class ChannelGate: Sendable {
    /// What `tryAcquire` found.
    public enum Decision: Hashable, Sendable {
        case granted(GatePermit)
        /// The rate limit allows the next message after this many seconds.
        case wait(seconds: Double)
        /// `maxInFlight` requests are in flight; wait for a release.
        case busy
    }

    struct Channel {
        var tokens: Double
        var refilledAt: Double
        var inFlight = 0
        /// Tasks waiting for a release, by ticket (a cancelled one removes itself).
        var waiters: [UInt64: CheckedContinuation<Void, Never>] = [:]
        /// Releases so far: a waiter that saw an older count missed one and need not wait.
        var releases: UInt64 = 0
    }

    struct State {
        var channels: [String: Channel] = [:]
        var serial: UInt64 = 0
        var tickets: UInt64 = 0
    }

    let clock: any NotifyClock
    let state = Mutex(State())

    /// A gate timing rate limits with `clock`.
    public init(clock: any NotifyClock = SystemNotifyClock()) {
        self.clock = clock
    }

    /// The limit a webhook channel gets when it sets none: what each service documents for one
    /// incoming webhook. Slack 1 per second; Discord 5 per 2 seconds; Teams 4 per second;
    /// Google Chat 1 per second (60 per minute per space). Mattermost and generic JSON: none.
    public static func defaultRateLimit(for format: ChannelConfig.Format) -> ChannelConfig.RateLimit? {
        switch format {
        case .slack, .googlechat: ChannelConfig.RateLimit(count: 1, perSeconds: 1)
        case .discord: ChannelConfig.RateLimit(count: 5, perSeconds: 2)
        case .teams: ChannelConfig.RateLimit(count: 4, perSeconds: 1)
        case .json, .text, .mattermost: nil
        }
    }

    /// The limit the gate applies to `channel`: its own, else its service's default (webhooks).
    public static func effectiveRateLimit(_ channel: ChannelConfig) -> ChannelConfig.RateLimit? {
        if let limit = channel.rateLimit { return limit }
        return channel.type == .webhook ? defaultRateLimit(for: channel.format) : nil
    }

    /// Takes a permit now if the channel's limits allow it, else says how long or why to wait.
    public func tryAcquire(_ channel: ChannelConfig) -> Decision {
        let now = clock.now()
        return state.withLock { decide(channel, now: now, in: &$0) }
    }

    func decide(_ channel: ChannelConfig, now: Double, in state: inout State) -> Decision {
        let rateLimit = ChannelGate.effectiveRateLimit(channel)
        var entry = state.channels[channel.name] ?? Channel(tokens: Double(rateLimit?.count ?? 0), refilledAt: now)
        defer { state.channels[channel.name] = entry }
        if entry.inFlight >= max(1, channel.maxInFlight) { return .busy }
        if let limit = rateLimit, limit.count > 0, limit.perSeconds > 0 {
            let rate = Double(limit.count) / limit.perSeconds
            entry.tokens = min(Double(limit.count), entry.tokens + max(0, now - entry.refilledAt) * rate)
            entry.refilledAt = now
            if entry.tokens < 1 { return .wait(seconds: (1 - entry.tokens) / rate) }
            entry.tokens -= 1
        }
        entry.inFlight += 1
        state.serial += 1
        return .granted(GatePermit(channel: channel.name, serial: state.serial))
    }

    /// What `acquire` does next: take the permit, sleep for a token, or wait for a release.
    enum Step {
        case granted(GatePermit)
        case sleep(Double)
        case waitForRelease(ticket: UInt64, seen: UInt64)
    }

    /// Waits (on the injected clock, or for a release) until a permit is granted. A task
    /// cancelled while waiting throws `CancellationError` at once.
    public func acquire(_ channel: ChannelConfig) async throws -> GatePermit {
        while true {
            try Task.checkCancellation()
            let now = clock.now()
            // Busy: note the channel's release count in the same critical section as the check,
            // so a release before the wait begins is not missed.
            let step = state.withLock { state -> Step in
                switch decide(channel, now: now, in: &state) {
                case .granted(let permit): return .granted(permit)
                case .wait(let seconds): return .sleep(seconds)
                case .busy:
                    state.tickets += 1
                    return .waitForRelease(ticket: state.tickets, seen: state.channels[channel.name]?.releases ?? 0)
                }
            }
            switch step {
            case .granted(let permit): return permit
            case .sleep(let seconds): try await clock.sleep(seconds: seconds)
            case .waitForRelease(let ticket, let seen): await waitForRelease(of: channel.name, ticket: ticket, seen: seen)
            }
        }
    }

    /// Suspends until a release of `name` after the `seen`th (or the task's cancellation)
    /// resumes `ticket`.
    func waitForRelease(of name: String, ticket: UInt64, seen: UInt64) async {
        await withTaskCancellationHandler {
            await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
                let resumeNow = state.withLock { state -> Bool in
                    // Cancelled before suspending (the handler found nothing to resume), or
                    // released since the check.
                    if Task.isCancelled { return true }
                    guard var entry = state.channels[name], entry.releases == seen else { return true }
                    entry.waiters[ticket] = continuation
                    state.channels[name] = entry
                    return false
                }
                if resumeNow { continuation.resume() }
            }
        } onCancel: {
            let waiter = state.withLock { $0.channels[name]?.waiters.removeValue(forKey: ticket) }
            waiter?.resume()
        }
    }

    /// Returns a permit and wakes the channel's waiters to try again (all of them: a waiter
    /// that was cancelled meanwhile must not swallow the freed slot).
    public func release(_ permit: GatePermit) {
        let waiters = state.withLock { state -> [CheckedContinuation<Void, Never>] in
            guard var entry = state.channels[permit.channel] else { return [] }
            entry.inFlight = max(0, entry.inFlight - 1)
            entry.releases &+= 1
            let waiters = Array(entry.waiters.values)
            entry.waiters = [:]
            state.channels[permit.channel] = entry
            return waiters
        }
        for waiter in waiters { waiter.resume() }
    }

    /// Requests in flight on a channel now.
    public func inFlight(_ channel: String) -> Int { state.withLock { $0.channels[channel]?.inFlight ?? 0 } }
}
