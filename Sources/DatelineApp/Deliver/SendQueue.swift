import DatelineNotify
import DatelineStorage
import Synchronization

/// A claimed delivery taken by a sender, with its place in its channel's line at the gate.
struct SendTurn: Sendable {
    let delivery: ClaimedDelivery
    let ticket: GateTicket
}

/// Claimed deliveries waiting for a sender, shared by the worker's loop, which fills it and
/// decides when to claim more, and its sender tasks, each of which takes the next delivery as
/// soon as its previous send finished, without a round trip through the loop.
///
/// Senders take the oldest row whose channel can use another sender: a channel gets at most
/// its `maxInFlight` senders plus one waiting at its gate (for the next slot or rate-limit
/// token). So rows of a slow or rate-limited channel at the head of the queue do not hold every
/// sender at that channel's gate while other channels' rows wait behind them. A channel's rows
/// still go out in claim order: taking a row reserves its place in the channel's line at the
/// gate, in the same critical section, so a later row's sender cannot reach the gate first.
///
/// `held` counts the rows the worker holds under its lease: queued plus sending. A finished
/// send tells the loop (at most one signal outstanding) only when the loop may want to act:
/// when `held` has fallen to half of `capacity` (time to claim more) or to zero.
final class SendQueue: Sendable {
    struct State {
        var queued: [ClaimedDelivery] = []
        /// Ids of the rows being sent (or waiting at their channel's gate).
        var sending: Set<Int64> = []
        /// Rows being sent, per channel.
        var sendingPerChannel: [String: Int] = [:]
        var closed = false
        var waiters: [UInt64: CheckedContinuation<SendTurn?, Never>] = [:]
        var tickets: UInt64 = 0
        /// A `finished` signal the loop has not acknowledged yet.
        var signalled = false
        var held: Int { queued.count + sending.count }

        /// Removes the oldest queued row a sender may take now, counting it as sending, and
        /// reserves its place at the gate.
        mutating func takeEligible(_ gate: ChannelGate) -> SendTurn? {
            guard let index = queued.firstIndex(where: { (sendingPerChannel[$0.channel.name] ?? 0) <= max(1, $0.channel.maxInFlight) }) else {
                return nil
            }
            let delivery = queued.remove(at: index)
            sending.insert(delivery.id)
            sendingPerChannel[delivery.channel.name, default: 0] += 1
            return SendTurn(delivery: delivery, ticket: gate.reserve(delivery.channel))
        }

        /// Hands eligible rows to waiting senders, oldest waiter first.
        mutating func handOut(_ gate: ChannelGate) -> [(CheckedContinuation<SendTurn?, Never>, SendTurn)] {
            var handed: [(CheckedContinuation<SendTurn?, Never>, SendTurn)] = []
            while !waiters.isEmpty, !queued.isEmpty, let turn = takeEligible(gate) {
                guard let ticket = waiters.keys.min(), let waiter = waiters.removeValue(forKey: ticket) else { break }
                handed.append((waiter, turn))
            }
            return handed
        }
    }

    let capacity: Int
    /// Where taken rows reserve their place (the gate the senders acquire).
    let gate: ChannelGate
    private let state = Mutex(State())

    /// A queue for a worker holding at most `capacity` rows, sending through `gate`.
    init(capacity: Int, gate: ChannelGate) {
        self.capacity = capacity
        self.gate = gate
    }

    /// Rows queued plus rows being sent.
    var held: Int { state.withLock { $0.held } }

    /// The ids of every row held: queued and being sent (for the lease heartbeat).
    var heldIDs: [Int64] {
        state.withLock { $0.queued.map(\.id) + $0.sending }
    }

    /// Adds claimed rows, handing them straight to senders that are waiting.
    func push(_ deliveries: [ClaimedDelivery]) {
        let handed = state.withLock { state in
            state.queued.append(contentsOf: deliveries)
            return state.handOut(gate)
        }
        for (waiter, turn) in handed { waiter.resume(returning: turn) }
    }

    /// The next delivery to send (counted as sending until `finished(_:)`) with its reserved
    /// place at the gate, waiting for one; `nil` once closed, or when the task is cancelled.
    func next() async -> SendTurn? {
        let ticket: UInt64
        switch state.withLock({ Self.take(&$0, gate: gate) }) {
        case .turn(let turn): return turn
        case .none: return nil
        case .wait(let assigned): ticket = assigned
        }
        return await withTaskCancellationHandler {
            await withCheckedContinuation { (continuation: CheckedContinuation<SendTurn?, Never>) in
                // Rows may have come, or the queue closed, between the check and here.
                let now: SendTurn?? = state.withLock { state in
                    if state.closed || Task.isCancelled { return .some(nil) }
                    if let turn = state.takeEligible(gate) { return .some(turn) }
                    state.waiters[ticket] = continuation
                    return nil
                }
                if let now { continuation.resume(returning: now) }
            }
        } onCancel: {
            let waiter = state.withLock { $0.waiters.removeValue(forKey: ticket) }
            waiter?.resume(returning: nil)
        }
    }

    private enum Taken {
        case turn(SendTurn)
        case none
        case wait(ticket: UInt64)
    }

    private static func take(_ state: inout State, gate: ChannelGate) -> Taken {
        if state.closed || Task.isCancelled { return .none }
        if let turn = state.takeEligible(gate) { return .turn(turn) }
        state.tickets += 1
        return .wait(ticket: state.tickets)
    }

    /// The send of `delivery`, taken with `next()`, is over; true when the loop should be
    /// signalled. A row its channel held back may now go to a waiting sender.
    func finished(_ delivery: ClaimedDelivery) -> Bool {
        let (signal, handed) = state.withLock { state in
            state.sending.remove(delivery.id)
            let name = delivery.channel.name
            if let count = state.sendingPerChannel[name], count > 1 {
                state.sendingPerChannel[name] = count - 1
            } else {
                state.sendingPerChannel[name] = nil
            }
            let handed = state.handOut(gate)
            guard !state.signalled, state.held * 2 <= capacity || state.held == 0 else { return (false, handed) }
            state.signalled = true
            return (true, handed)
        }
        for (waiter, turn) in handed { waiter.resume(returning: turn) }
        return signal
    }

    /// The loop received the signal `finished(_:)` asked for.
    func acknowledge() {
        state.withLock { $0.signalled = false }
    }

    /// Takes the rows no sender has started (to release them at shutdown).
    func takeQueued() -> [ClaimedDelivery] {
        state.withLock { state in
            defer { state.queued = [] }
            return state.queued
        }
    }

    /// No more rows: waiting senders get `nil`.
    func close() {
        let waiters = state.withLock { state in
            state.closed = true
            defer { state.waiters = [:] }
            return Array(state.waiters.values)
        }
        for waiter in waiters { waiter.resume(returning: nil) }
    }
}
