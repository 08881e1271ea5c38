/// A bounded hand-over from many producers to one consumer that takes everything waiting at
/// once: group commit. While the consumer writes one batch, the producers fill the next; a
/// producer waits while the queue is full, so memory stays bounded whatever the input's size.
///
/// One consumer only (`take` is not meant to be called concurrently).
actor BatchQueue<Element: Sendable> {
    private var items: [Element] = []
    private let capacity: Int
    private var finished = false
    private var taker: CheckedContinuation<Void, Never>?
    private var putters: [CheckedContinuation<Void, Never>] = []

    init(capacity: Int) {
        self.capacity = max(1, capacity)
    }

    /// Adds an element, waiting while the queue holds `capacity` elements.
    func put(_ element: Element) async {
        while items.count >= capacity {
            await withCheckedContinuation { putters.append($0) }
        }
        items.append(element)
        taker?.resume()
        taker = nil
    }

    /// No more elements will come; `take` returns nil once the queue is empty.
    func finish() {
        finished = true
        taker?.resume()
        taker = nil
    }

    /// Up to `limit` elements, in the order they were put, waiting until there is at least one;
    /// nil when finished and empty.
    func take(limit: Int) async -> [Element]? {
        while items.isEmpty {
            if finished { return nil }
            await withCheckedContinuation { taker = $0 }
        }
        let count = min(max(1, limit), items.count)
        let batch = Array(items.prefix(count))
        items.removeFirst(count)
        let waiting = putters
        putters = []
        for putter in waiting { putter.resume() }
        return batch
    }
}
