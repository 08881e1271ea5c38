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
        /// Tickets of the tasks waiting for this channel, in arrival order: only the first may
        /// be granted, so a channel's sends start in the order they asked (a newcomer does not
        /// overtake a waiter that a release has woken but not yet run).
        var line: [UInt64] = []
        /// Tasks suspended until the channel changes, by ticket (a cancelled one removes itself).
        var waiters: [UInt64: CheckedContinuation<Void, Never>] = [:]
        /// Changes so far (releases, and grants or departures of the line's head): a waiter that
        /// saw an older count missed one and need not suspend.
        var changes: UInt64 = 0

        /// Counts a change and takes the waiter to wake: the head of the line, the only one
        /// that may go next (the others are woken as they reach the head).
        mutating func changed() -> CheckedContinuation<Void, Never>? {
            changes &+= 1
            guard let head = line.first else { return nil }
            return waiters.removeValue(forKey: head)
        }
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

    /// Takes a permit now if the channel's limits allow it and nobody is waiting for it, else
    /// says how long or why to wait.
    public func tryAcquire(_ channel: ChannelConfig) -> Decision {
        let now = clock.now()
        return state.withLock { state in
            var entry = state.channels[channel.name] ?? Self.fresh(channel, now: now)
            defer { state.channels[channel.name] = entry }
            if !entry.line.isEmpty { return .busy }
            return Self.decide(channel, now: now, entry: &entry, serial: &state.serial)
        }
    }

    static func fresh(_ channel: ChannelConfig, now: Double) -> Channel {
        Channel(tokens: Double(effectiveRateLimit(channel)?.count ?? 0), refilledAt: now)
    }

    static func decide(_ channel: ChannelConfig, now: Double, entry: inout Channel, serial: inout UInt64) -> Decision {
        if entry.inFlight >= max(1, channel.maxInFlight) { return .busy }
        if let limit = effectiveRateLimit(channel), limit.count > 0, limit.perSeconds > 0 {
            let rate = Double(limit.count) / limit.perSeconds
            entry.tokens = min(Double(limit.count), entry.tokens + max(0, now - entry.refilledAt) * rate)
            entry.refilledAt = now
            if entry.tokens < 1 { return .wait(seconds: (1 - entry.tokens) / rate) }
            entry.tokens -= 1
        }
        entry.inFlight += 1
        serial += 1
        return .granted(GatePermit(channel: channel.name, serial: serial))
    }

    /// Takes a place in `channel`'s line now, for a send that will `acquire(_:ticket:)` later:
    /// a caller that takes rows of a channel in order and reserves as it takes keeps that order
    /// even if a later row's sender reaches `acquire` first. Every ticket must be passed to
    /// `acquire` (which gives it up if cancelled) or to `giveUp(_:)`, or the channel stalls.
    public func reserve(_ channel: ChannelConfig) -> GateTicket {
        let now = clock.now()
        return state.withLock { state in
            var entry = state.channels[channel.name] ?? Self.fresh(channel, now: now)
            state.tickets += 1
            entry.line.append(state.tickets)
            state.channels[channel.name] = entry
            return GateTicket(channel: channel.name, number: state.tickets)
        }
    }

    /// Gives up a reserved place that will not be used.
    public func giveUp(_ ticket: GateTicket) {
        leaveLine(ticket.channel, ticket: ticket.number)
    }

    /// What `acquire` does next: take the permit, sleep for a token, or wait for a change.
    enum Step {
        case granted(GatePermit, wake: CheckedContinuation<Void, Never>?)
        case sleep(Double)
        case waitForChange(seen: UInt64)
    }

    /// Waits (on the injected clock, or for a release) until a permit is granted; a channel's
    /// callers are granted in the order they called, or reserved (`reserve(_:)`) their place.
    /// A task cancelled while waiting throws `CancellationError` at once and leaves the line.
    public func acquire(_ channel: ChannelConfig, ticket reserved: GateTicket? = nil) async throws -> GatePermit {
        let name = channel.name
        // Its place in the channel's line: reserved, or taken once this call has to wait.
        var ticket: UInt64? = reserved?.number
        do {
            while true {
                try Task.checkCancellation()
                let now = clock.now()
                // Busy: note the channel's change count in the same critical section as the
                // check, so a change before the wait begins is not missed.
                let step = state.withLock { state -> Step in
                    var entry = state.channels[name] ?? Self.fresh(channel, now: now)
                    defer { state.channels[name] = entry }
                    // A reservation given up meanwhile: queue up anew.
                    if let mine = ticket, !entry.line.contains(mine) { ticket = nil }
                    // Only the head of the line (or a caller finding it empty) may be granted.
                    let first = ticket.map { entry.line.first == $0 } ?? entry.line.isEmpty
                    let decision = first ? Self.decide(channel, now: now, entry: &entry, serial: &state.serial) : .busy
                    if case .granted(let permit) = decision {
                        guard ticket != nil else { return .granted(permit, wake: nil) }
                        entry.line.removeFirst()
                        return .granted(permit, wake: entry.changed())
                    }
                    if ticket == nil {
                        state.tickets += 1
                        ticket = state.tickets
                        entry.line.append(state.tickets)
                    }
                    if case .wait(let seconds) = decision { return .sleep(seconds) }
                    return .waitForChange(seen: entry.changes)
                }
                switch step {
                case .granted(let permit, let wake):
                    wake?.resume()
                    return permit
                case .sleep(let seconds):
                    try await clock.sleep(seconds: seconds)
                case .waitForChange(let seen):
                    if let mine = ticket { await waitForChange(of: name, ticket: mine, seen: seen) }
                }
            }
        } catch {
            if let mine = ticket { leaveLine(name, ticket: mine) }
            throw error
        }
    }

    /// Takes a cancelled caller out of the channel's line, letting the next one go first.
    func leaveLine(_ name: String, ticket: UInt64) {
        let wake = state.withLock { state -> CheckedContinuation<Void, Never>? in
            guard var entry = state.channels[name], let index = entry.line.firstIndex(of: ticket) else { return nil }
            entry.line.remove(at: index)
            entry.waiters[ticket] = nil
            let wake = index == 0 ? entry.changed() : nil
            state.channels[name] = entry
            return wake
        }
        wake?.resume()
    }

    /// Suspends until a change of `name` after the `seen`th (or the task's cancellation)
    /// resumes `ticket`.
    func waitForChange(of name: String, ticket: UInt64, seen: UInt64) async {
        await withTaskCancellationHandler {
            await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
                let resumeNow = state.withLock { state -> Bool in
                    // Cancelled before suspending (the handler found nothing to resume), or
                    // changed since the check.
                    if Task.isCancelled { return true }
                    guard var entry = state.channels[name], entry.changes == seen else { return true }
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

    /// Returns a permit and wakes the head of the channel's line to look again.
    public func release(_ permit: GatePermit) {
        let wake = state.withLock { state -> CheckedContinuation<Void, Never>? in
            guard var entry = state.channels[permit.channel] else { return nil }
            entry.inFlight = max(0, entry.inFlight - 1)
            defer { state.channels[permit.channel] = entry }
            return entry.changed()
        }
        wake?.resume()
    }

    /// Callers waiting for a channel now (in its line).
    public func waiting(_ channel: String) -> Int { state.withLock { $0.channels[channel]?.line.count ?? 0 } }

    /// Requests in flight on a channel now.
    public func inFlight(_ channel: String) -> Int { state.withLock { $0.channels[channel]?.inFlight ?? 0 } }
}
