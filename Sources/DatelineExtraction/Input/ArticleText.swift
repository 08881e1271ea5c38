import Foundation

/// Turns raw bytes into article text, rejecting what is not text.
///
/// Policy: valid UTF-8 (with or without a byte-order mark) is accepted as is. Bytes that are not
/// valid UTF-8 are accepted as Latin-1 (ISO 8859-1, as many old news archives are) only when they
/// look like text: no NUL bytes and under 2% control characters; otherwise the error says
/// whether the input looks binary or is invalid UTF-8, and where the first bad byte is.
public enum ArticleText {
    /// Decodes `bytes` as article text.
    /// - Throws: `ExtractionError` `not_text` for binary input, `invalid_utf8` when the bytes are
    ///   neither UTF-8 nor plausible Latin-1 text, `input_too_large` over `limit` bytes.
    public static func decode(_ bytes: [UInt8], limit: Int = ExtractionConfiguration.defaultMaxInputBytes) throws -> String {
        if bytes.count > limit { throw ExtractionError.tooLarge(size: bytes.count, limit: limit) }
        var body = bytes[...]
        if body.starts(with: [0xEF, 0xBB, 0xBF]) { body = body.dropFirst(3) }
        if let nul = body.firstIndex(of: 0) {
            throw ExtractionError.notText("NUL byte at offset \(nul); binary files are not articles")
        }
        var controls = 0
        for b in body where b < 0x20 && b != 0x09 && b != 0x0A && b != 0x0D && b != 0x0C { controls += 1 }
        if body.count > 0 && controls * 50 > body.count {
            throw ExtractionError.notText("\(controls) control bytes in \(body.count); binary files are not articles")
        }
        if let text = validUTF8(body) { return text }
        // Invalid UTF-8: Latin-1 fallback for text-like bytes (no C1 controls dominate).
        let badOffset = firstInvalidUTF8Offset(body) + (bytes.count - body.count)
        var c1 = 0
        for b in body where (0x80...0x9F).contains(b) { c1 += 1 }
        let high = body.filter { $0 >= 0x80 }.count
        if high > 0 && c1 * 2 > high { throw ExtractionError.invalidUTF8(at: badOffset) }
        return String(String.UnicodeScalarView(body.map { Unicode.Scalar($0) }))
    }

    /// Decodes `data` as article text (see `decode(_: [UInt8])`).
    public static func decode(_ data: Data, limit: Int = ExtractionConfiguration.defaultMaxInputBytes) throws -> String {
        try decode([UInt8](data), limit: limit)
    }

    private static func validUTF8(_ bytes: ArraySlice<UInt8>) -> String? {
        var scalars = String.UnicodeScalarView()
        var decoder = UTF8()
        var iterator = bytes.makeIterator()
        while true {
            switch decoder.decode(&iterator) {
            case .scalarValue(let s): scalars.append(s)
            case .emptyInput: return String(scalars)
            case .error: return nil
            }
        }
    }

    private static func firstInvalidUTF8Offset(_ bytes: ArraySlice<UInt8>) -> Int {
        var i = bytes.startIndex
        let base = bytes.startIndex
        while i < bytes.endIndex {
            let b = bytes[i]
            let len: Int
            if b < 0x80 { len = 1 } else if b & 0xE0 == 0xC0 { len = 2 } else if b & 0xF0 == 0xE0 { len = 3 } else if b & 0xF8 == 0xF0 { len = 4 } else { return i - base }
            if i + len > bytes.endIndex { return i - base }
            for k in 1..<len where bytes[i + k] & 0xC0 != 0x80 { return i - base }
            i += len
        }
        return bytes.count
    }
}
