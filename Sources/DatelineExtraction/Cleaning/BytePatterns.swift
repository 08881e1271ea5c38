/// A set of byte strings searched for in one pass (bucketed by first byte).
struct BytePatterns: Sendable {
    var buckets: [[[UInt8]]] = Array(repeating: [], count: 256)
    /// Whether some pattern starts with each byte: tested before touching `buckets`, so the
    /// scan does not retain and release a bucket array at every byte of the text.
    var starts: [Bool] = Array(repeating: false, count: 256)

    /// A bit per pair of first two bytes that some pattern starts with (or per first byte, with
    /// any second byte, for one-byte patterns): most bytes of a text that start a pattern's first
    /// byte are followed by a byte no pattern continues with, and go no further.
    var pairs: [UInt64] = Array(repeating: 0, count: 1024)

    init(_ patterns: [[UInt8]]) {
        for p in patterns where !p.isEmpty {
            buckets[Int(p[0])].append(p)
            starts[Int(p[0])] = true
            if p.count == 1 {
                for second in 0..<256 { BytePatterns.setPair(&pairs, p[0], UInt8(second)) }
            } else {
                BytePatterns.setPair(&pairs, p[0], p[1])
            }
        }
    }

    private static func setPair(_ pairs: inout [UInt64], _ a: UInt8, _ b: UInt8) {
        let bit = Int(a) << 8 | Int(b)
        pairs[bit >> 6] |= 1 << UInt64(bit & 63)
    }

    /// Whether any pattern occurs in `haystack`.
    func occurs(in haystack: [UInt8]) -> Bool {
        let n = haystack.count
        var i = 0
        while i < n {
            let first = haystack[i]
            if starts[Int(first)] {
                let pair = i + 1 < n ? Int(first) << 8 | Int(haystack[i + 1]) : -1
                if pair < 0 || pairs[pair >> 6] & (1 << UInt64(pair & 63)) != 0 {
                    let bucket = buckets[Int(first)]
                    for p in bucket where i + p.count <= n {
                        var k = 1
                        while k < p.count && haystack[i + k] == p[k] { k += 1 }
                        if k == p.count { return true }
                    }
                }
            }
            i += 1
        }
        return false
    }
}
