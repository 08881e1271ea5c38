import DatelineStorage

/// Finished attempts waiting to be recorded; `take` hands over everything gathered so far, so
/// the recorder writes one transaction per round however many sends finished meanwhile.
actor ResultBuffer {
    private var items: [DeliveryResult] = []
    private var closed = false
    private var waiter: CheckedContinuation<Void, Never>?

    /// Adds a finished attempt.
    func append(_ result: DeliveryResult) {
        items.append(result)
        wake()
    }

    /// No more results will come; `take` returns what is left, then `nil`.
    func close() {
        closed = true
        wake()
    }

    /// Everything gathered since the last call (waiting for at least one), or `nil` once
    /// closed and empty.
    func take() async -> [DeliveryResult]? {
        while items.isEmpty {
            if closed { return nil }
            await withCheckedContinuation { waiter = $0 }
        }
        defer { items = [] }
        return items
    }

    private func wake() {
        waiter?.resume()
        waiter = nil
    }
}
