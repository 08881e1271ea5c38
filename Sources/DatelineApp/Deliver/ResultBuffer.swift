import DatelineStorage
import Synchronization

/// Finished attempts waiting to be recorded; `take` hands over everything gathered so far, so
/// the recorder writes one transaction per round however many sends finished meanwhile.
///
/// A lock, not an actor: a sender appends without hopping to another executor; only the
/// recorder suspends, while there is nothing to take.
final class ResultBuffer: Sendable {
    struct State {
        var items: [DeliveryResult] = []
        var closed = false
        var waiter: CheckedContinuation<Void, Never>?
    }

    private let state = Mutex(State())

    /// Adds a finished attempt.
    func append(_ result: DeliveryResult) {
        let waiter = state.withLock { state in
            state.items.append(result)
            return state.waiter.take()
        }
        waiter?.resume()
    }

    /// No more results will come; `take` returns what is left, then `nil`.
    func close() {
        let waiter = state.withLock { state in
            state.closed = true
            return state.waiter.take()
        }
        waiter?.resume()
    }

    /// Everything gathered since the last call (waiting for at least one), or `nil` once
    /// closed and empty. One caller at a time (the recorder).
    func take() async -> [DeliveryResult]? {
        while true {
            let (items, closed) = state.withLock { state in
                defer { state.items = [] }
                return (state.items, state.closed)
            }
            if !items.isEmpty { return items }
            if closed { return nil }
            await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
                // Something may have come between the check and here: then do not wait.
                let waitsNow = state.withLock { state in
                    guard state.items.isEmpty && !state.closed else { return false }
                    state.waiter = continuation
                    return true
                }
                if !waitsNow { continuation.resume() }
            }
        }
    }

    /// Everything gathered so far, without waiting.
    func takeNow() -> [DeliveryResult] {
        state.withLock { state in
            defer { state.items = [] }
            return state.items
        }
    }
}
