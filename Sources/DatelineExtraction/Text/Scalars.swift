/// Fast character classes: ASCII answered directly, the rest by Unicode properties.
///
/// The Unicode answers live in functions of their own (never inlined): `Unicode.Scalar.Properties`
/// is a resilient type, and a function that reads it inline looks up its type metadata and sizes
/// a stack buffer for it on every call, even when only ASCII passes through.
enum Scalars {
    @inline(__always) static func isLetter(_ c: Unicode.Scalar) -> Bool {
        let v = c.value
        if v < 128 { return (v >= 65 && v <= 90) || (v >= 97 && v <= 122) }
        return isAlphabetic(c)
    }
    @inline(__always) static func isUpper(_ c: Unicode.Scalar) -> Bool {
        let v = c.value
        if v < 128 { return v >= 65 && v <= 90 }
        return isUppercase(c)
    }
    @inline(__always) static func isSpace(_ c: Unicode.Scalar) -> Bool {
        let v = c.value
        if v < 128 { return v == 32 || (v >= 9 && v <= 13) }
        return isWhitespace(c)
    }
    @inline(never) static func isAlphabetic(_ c: Unicode.Scalar) -> Bool { c.properties.isAlphabetic }
    @inline(never) static func isUppercase(_ c: Unicode.Scalar) -> Bool { c.properties.isUppercase }
    @inline(never) static func isWhitespace(_ c: Unicode.Scalar) -> Bool { c.properties.isWhitespace }
    @inline(never) static func isNonspacingMark(_ c: Unicode.Scalar) -> Bool { c.properties.generalCategory == .nonspacingMark }
    /// A string from scalars, encoded to UTF-8 directly (faster than appending scalars one by one).
    static func string<C: Collection>(_ scalars: C) -> String where C.Element == Unicode.Scalar {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(scalars.count + scalars.count / 4)
        for c in scalars {
            let v = c.value
            if v < 0x80 {
                bytes.append(UInt8(v))
            } else if v < 0x800 {
                bytes.append(UInt8(0xC0 | (v >> 6)))
                bytes.append(UInt8(0x80 | (v & 0x3F)))
            } else if v < 0x10000 {
                bytes.append(UInt8(0xE0 | (v >> 12)))
                bytes.append(UInt8(0x80 | ((v >> 6) & 0x3F)))
                bytes.append(UInt8(0x80 | (v & 0x3F)))
            } else {
                bytes.append(UInt8(0xF0 | (v >> 18)))
                bytes.append(UInt8(0x80 | ((v >> 12) & 0x3F)))
                bytes.append(UInt8(0x80 | ((v >> 6) & 0x3F)))
                bytes.append(UInt8(0x80 | (v & 0x3F)))
            }
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// Lower-cases ASCII text (and makes ’ and ‘ straight); nil when other characters need Unicode rules.
    static func lowered(_ s: ArraySlice<Unicode.Scalar>) -> String? {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(s.count)
        for c in s {
            let v = c.value
            if v < 128 { bytes.append(UInt8(v >= 65 && v <= 90 ? v + 32 : v)) } else if v == 0x2019 || v == 0x2018 { bytes.append(39) } else { return nil }
        }
        return String(decoding: bytes, as: UTF8.self)
    }
}
