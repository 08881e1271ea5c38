import DatelineStorage
import Synchronization

/// Claimed deliveries waiting for a sender, shared by the worker's loop, which fills it and
/// decides when to claim more, and its sender tasks, each of which takes the next delivery as
/// soon as its previous send finished, without a round trip through the loop.
///
/// `held` counts the rows the worker holds under its lease: queued plus sending. A finished
/// send tells the loop (at most one signal outstanding) only when the loop may want to act:
/// when `held` has fallen to half of `capacity` (time to claim more) or to zero.
final class SendQueue: Sendable {
    struct State {
        var queued: [ClaimedDelivery] = []
        /// Ids of the rows being sent.
        var sending: Set<Int64> = []
        var closed = false
        var waiters: [UInt64: CheckedContinuation<ClaimedDelivery?, Never>] = [:]
        var tickets: UInt64 = 0
        /// A `finished` signal the loop has not acknowledged yet.
        var signalled = false
        var held: Int { queued.count + sending.count }
    }

    let capacity: Int
    private let state = Mutex(State())

    /// A queue for a worker holding at most `capacity` rows.
    init(capacity: Int) {
        self.capacity = capacity
    }

    /// Rows queued plus rows being sent.
    var held: Int { state.withLock { $0.held } }

    /// Whether `close()` was called.
    var isClosed: Bool { state.withLock { $0.closed } }

    /// Adds claimed rows, handing them straight to senders that are waiting.
    func push(_ deliveries: [ClaimedDelivery]) {
        var handed: [(CheckedContinuation<ClaimedDelivery?, Never>, ClaimedDelivery)] = []
        state.withLock { state in
            state.queued.append(contentsOf: deliveries)
            while !state.queued.isEmpty, let ticket = state.waiters.keys.min() {
                guard let waiter = state.waiters.removeValue(forKey: ticket) else { break }
                let delivery = state.queued.removeFirst()
                state.sending.insert(delivery.id)
                handed.append((waiter, delivery))
            }
        }
        for (waiter, delivery) in handed { waiter.resume(returning: delivery) }
    }

    /// The next delivery to send (counted as sending until `finished()`), waiting for one;
    /// `nil` once closed, or when the task is cancelled.
    func next() async -> ClaimedDelivery? {
        let ticket: UInt64
        switch state.withLock({ Self.take(&$0) }) {
        case .delivery(let delivery): return delivery
        case .none: return nil
        case .wait(let assigned): ticket = assigned
        }
        return await withTaskCancellationHandler {
            await withCheckedContinuation { (continuation: CheckedContinuation<ClaimedDelivery?, Never>) in
                // Rows may have come, or the queue closed, between the check and here.
                let now: ClaimedDelivery?? = state.withLock { state in
                    switch Self.take(&state) {
                    case .delivery(let delivery): return .some(delivery)
                    case .none: return .some(nil)
                    case .wait:
                        state.waiters[ticket] = continuation
                        return nil
                    }
                }
                if let now { continuation.resume(returning: now) }
            }
        } onCancel: {
            let waiter = state.withLock { $0.waiters.removeValue(forKey: ticket) }
            waiter?.resume(returning: nil)
        }
    }

    private enum Taken {
        case delivery(ClaimedDelivery)
        case none
        case wait(ticket: UInt64)
    }

    private static func take(_ state: inout State) -> Taken {
        if state.closed || Task.isCancelled { return .none }
        if !state.queued.isEmpty {
            let delivery = state.queued.removeFirst()
            state.sending.insert(delivery.id)
            return .delivery(delivery)
        }
        state.tickets += 1
        return .wait(ticket: state.tickets)
    }

    /// The ids of every row held: queued and being sent (for the lease heartbeat).
    var heldIDs: [Int64] {
        state.withLock { $0.queued.map(\.id) + $0.sending }
    }

    /// The send of `delivery`, taken with `next()`, is over; true when the loop should be
    /// signalled.
    func finished(_ delivery: ClaimedDelivery) -> Bool {
        state.withLock { state in
            state.sending.remove(delivery.id)
            guard !state.signalled, state.held * 2 <= capacity || state.held == 0 else { return false }
            state.signalled = true
            return true
        }
    }

    /// The loop received the signal `finished()` asked for.
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
