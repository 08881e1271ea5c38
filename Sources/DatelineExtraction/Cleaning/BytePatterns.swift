/// A set of byte strings searched for in one pass (bucketed by first byte).
struct BytePatterns: Sendable {
    var buckets: [[[UInt8]]] = Array(repeating: [], count: 256)
    /// Whether some pattern starts with each byte: tested before touching `buckets`, so the
    /// scan does not retain and release a bucket array at every byte of the text.
    var starts: [Bool] = Array(repeating: false, count: 256)

    init(_ patterns: [[UInt8]]) {
        for p in patterns where !p.isEmpty {
            buckets[Int(p[0])].append(p)
            starts[Int(p[0])] = true
        }
    }

    /// Whether any pattern occurs in `haystack`.
    func occurs(in haystack: [UInt8]) -> Bool {
        let n = haystack.count
        var i = 0
        while i < n {
            if starts[Int(haystack[i])] {
                let bucket = buckets[Int(haystack[i])]
                for p in bucket where i + p.count <= n {
                    var k = 1
                    while k < p.count && haystack[i + k] == p[k] { k += 1 }
                    if k == p.count { return true }
                }
            }
            i += 1
        }
        return false
    }
}
