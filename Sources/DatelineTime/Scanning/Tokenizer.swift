/// Splits text into tokens in one linear pass over its UTF-8 bytes, keeping Unicode-scalar
/// offsets (what ``TimeExpression`` reports) and byte offsets (to slice the text back out).
enum Tokenizer {
    /// The tokens of `text`. Letters and digits form runs; any other non-space scalar is a
    /// token of its own (so "p.m." is `p . m .` and "Monday's" is `monday ' s`).
    static func tokenize(_ text: String) -> [Token] {
        var copy = text
        return copy.withUTF8 { tokenize(bytes: $0) }
    }

    /// Tokens of valid UTF-8 bytes.
    static func tokenize(bytes buf: UnsafeBufferPointer<UInt8>) -> [Token] {
        var tokens: [Token] = []
        tokens.reserveCapacity(buf.count / 4 + 16)
        let n = buf.count
        var b = 0          // byte index
        var sc = 0         // scalar index of byte `b`
        var sawSpace = true
        var newlines = 0
        while b < n {
            let byte = buf[b]
            // Classify the scalar at b.
            var scalarLen = 1
            var scalar = Unicode.Scalar(byte)
            if byte >= 0x80 {
                (scalar, scalarLen) = decode(buf, b)
            }
            let cls = classify(scalar)
            if cls == .space {
                sawSpace = true
                if byte == 0x0A { newlines += 1 }
                b += scalarLen
                sc += 1
                continue
            }
            let startByte = b
            let startScalar = sc
            b += scalarLen
            sc += 1
            var ascii = byte < 0x80
            let kind: Token.Kind
            switch cls {
            case .digit:
                kind = .number
                while b < n, buf[b] >= 0x30, buf[b] <= 0x39 { b += 1; sc += 1 }
            case .letter:
                kind = .word
                while b < n {
                    let c = buf[b]
                    if c < 0x80 {
                        guard (c >= 0x61 && c <= 0x7A) || (c >= 0x41 && c <= 0x5A) else { break }
                        b += 1; sc += 1
                    } else {
                        let (s, len) = decode(buf, b)
                        guard classify(s) == .letter else { break }
                        ascii = false
                        b += len; sc += 1
                    }
                }
            default:
                kind = .punct
            }
            let length = b - startByte
            let lower: String
            var hash = WordHashTable.seed
            if ascii {
                // Hashed on the way (`Token.hash`), for the lexicon lookups.
                lower = String(unsafeUninitializedCapacity: length) { out in
                    for k in 0..<length {
                        var c = buf[startByte + k]
                        if c >= 0x41 && c <= 0x5A { c += 0x20 }
                        out[k] = c
                        hash = WordHashTable.mix(hash, c)
                    }
                    return length
                }
            } else {
                let raw = String(decoding: UnsafeBufferPointer(rebasing: buf[startByte..<b]), as: UTF8.self).lowercased()
                switch raw {
                case "\u{2019}", "\u{2018}": lower = "'"  // typographic apostrophes
                case "\u{2013}", "\u{2014}": lower = "-"  // dashes
                default: lower = raw
                }
                hash = WordHashTable.hash(lower)
            }
            var number: Int?
            if kind == .number, length <= 9 {
                var value = 0
                for k in startByte..<b { value = value * 10 + Int(buf[k] - 0x30) }
                number = value
            }
            let capitalized = kind == .word && (byte < 0x80 ? (byte >= 0x41 && byte <= 0x5A) : isUppercase(scalar))
            tokens.append(Token(
                start: startScalar, end: sc, byteStart: startByte, byteEnd: b, lower: lower, kind: kind,
                capitalized: capitalized, spaceBefore: sawSpace, paragraphBefore: newlines >= 2,
                number: number, digitCount: kind == .number ? length : 0, hash: hash))
            sawSpace = false
            newlines = 0
        }
        return tokens
    }

    /// Tokens of a lexicon phrase, lowercased.
    static func words(of phrase: String) -> [String] {
        tokenize(phrase).map(\.lower)
    }

    private enum Class { case space, digit, letter, other }

    @inline(__always)
    private static func classify(_ s: Unicode.Scalar) -> Class {
        let v = s.value
        if v < 0x80 {
            if v == 0x20 || (v >= 0x09 && v <= 0x0D) { return .space }
            if v >= 0x30 && v <= 0x39 { return .digit }
            if (v >= 0x61 && v <= 0x7A) || (v >= 0x41 && v <= 0x5A) { return .letter }
            return .other
        }
        return classifyNonASCII(s)
    }

    /// `classify` beyond ASCII: by Unicode properties, in a function of its own so that callers
    /// do not look up the (resilient) properties type on the ASCII path.
    @inline(never)
    private static func classifyNonASCII(_ s: Unicode.Scalar) -> Class {
        if s.value == 0xA0 || s.properties.isWhitespace { return .space }
        if s.properties.isAlphabetic { return .letter }
        return .other
    }

    @inline(never)
    private static func isUppercase(_ s: Unicode.Scalar) -> Bool { s.properties.isUppercase }

    /// Decodes the scalar starting at byte `i` of valid UTF-8 (a stray byte decodes as U+FFFD).
    @inline(__always)
    private static func decode(_ buf: UnsafeBufferPointer<UInt8>, _ i: Int) -> (Unicode.Scalar, Int) {
        let b0 = UInt32(buf[i])
        let n = buf.count
        func cont(_ k: Int) -> UInt32? {
            guard i + k < n else { return nil }
            let c = UInt32(buf[i + k])
            return c & 0xC0 == 0x80 ? c & 0x3F : nil
        }
        if b0 & 0xE0 == 0xC0, let c1 = cont(1) {
            return (Unicode.Scalar((b0 & 0x1F) << 6 | c1) ?? "\u{FFFD}", 2)
        }
        if b0 & 0xF0 == 0xE0, let c1 = cont(1), let c2 = cont(2) {
            return (Unicode.Scalar((b0 & 0x0F) << 12 | c1 << 6 | c2) ?? "\u{FFFD}", 3)
        }
        if b0 & 0xF8 == 0xF0, let c1 = cont(1), let c2 = cont(2), let c3 = cont(3) {
            return (Unicode.Scalar((b0 & 0x07) << 18 | c1 << 12 | c2 << 6 | c3) ?? "\u{FFFD}", 4)
        }
        return ("\u{FFFD}", 1)
    }
}
