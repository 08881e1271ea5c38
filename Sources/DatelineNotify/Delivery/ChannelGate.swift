import DatelineCore

/// Per-channel rate limit (token bucket) and in-flight cap, awaited by the worker before each
/// send: `let permit = try await gate.acquire(channel); defer { gate.release(permit) }`.
///
/// A channel with `rateLimit` (count per seconds) gets a bucket of `count` tokens refilled at
/// `count / perSeconds` per second; a webhook channel without one gets its service's documented
/// limit (`defaultRateLimit(for:)`). `maxInFlight` (default 1) caps concurrent requests.
/// Time comes from the injected clock, so tests drive it.
public actor ChannelGate {
    /// What `tryAcquire` found.
    public enum Decision: Hashable, Sendable {
        case granted(GatePermit)
        /// The rate limit allows the next message after this many seconds.
        case wait(seconds: Double)
        /// `maxInFlight` requests are in flight; wait for a release.
        case busy
    }

    struct State {
        var tokens: Double
        var refilledAt: Double
        var inFlight = 0
        var waiters: [CheckedContinuation<Void, Never>] = []
    }

    let clock: any NotifyClock
    var states: [String: State] = [:]
    var serial: UInt64 = 0

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
        let rateLimit = ChannelGate.effectiveRateLimit(channel)
        var state = states[channel.name] ?? State(tokens: Double(rateLimit?.count ?? 0), refilledAt: now)
        defer { states[channel.name] = state }
        if state.inFlight >= max(1, channel.maxInFlight) { return .busy }
        if let limit = rateLimit, limit.count > 0, limit.perSeconds > 0 {
            let rate = Double(limit.count) / limit.perSeconds
            state.tokens = min(Double(limit.count), state.tokens + max(0, now - state.refilledAt) * rate)
            state.refilledAt = now
            if state.tokens < 1 { return .wait(seconds: (1 - state.tokens) / rate) }
            state.tokens -= 1
        }
        state.inFlight += 1
        serial += 1
        return .granted(GatePermit(channel: channel.name, serial: serial))
    }

    /// Waits (on the injected clock, or for a release) until a permit is granted. A task
    /// cancelled while waiting for a release throws `CancellationError` at the next release.
    public func acquire(_ channel: ChannelConfig) async throws -> GatePermit {
        while true {
            try Task.checkCancellation()
            switch tryAcquire(channel) {
            case .granted(let permit):
                return permit
            case .wait(let seconds):
                try await clock.sleep(seconds: seconds)
            case .busy:
                await withCheckedContinuation { continuation in
                    states[channel.name, default: State(tokens: 0, refilledAt: clock.now())].waiters.append(continuation)
                }
            }
        }
    }

    /// Returns a permit and wakes the channel's waiters to try again (all of them: a waiter
    /// that was cancelled meanwhile must not swallow the freed slot).
    public func release(_ permit: GatePermit) {
        guard var state = states[permit.channel] else { return }
        state.inFlight = max(0, state.inFlight - 1)
        let waiters = state.waiters
        state.waiters = []
        states[permit.channel] = state
        for waiter in waiters { waiter.resume() }
    }

    /// Requests in flight on a channel now.
    public func inFlight(_ channel: String) -> Int { states[channel]?.inFlight ?? 0 }
}
