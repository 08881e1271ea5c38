import Foundation

/// The keyset position after a row of a newest-first list (alerts, deliveries): its id, with
/// the list's name so a cursor from one list is refused by another. Opaque to clients.
struct IDCursor: Equatable {
    var list: String
    var id: Int64

    init(list: String, id: Int64) {
        self.list = list
        self.id = id
    }

    /// Decodes a cursor this server issued for `list`; anything else is invalid input.
    init(encoded: String, list: String) throws {
        var base64 = encoded.replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
        while base64.count % 4 != 0 { base64 += "=" }
        guard let data = Data(base64Encoded: base64), let text = String(data: data, encoding: .utf8) else {
            throw StorageError.invalid("the cursor is not one this server issued", code: "bad_cursor")
        }
        let parts = text.split(separator: "|")
        guard parts.count == 2, parts[0] == list, let id = Int64(parts[1]), id > 0 else {
            throw StorageError.invalid("the cursor is not one this server issued", code: "bad_cursor")
        }
        self.list = list
        self.id = id
    }

    var encoded: String {
        Data("\(list)|\(id)".utf8).base64EncodedString()
            .replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_").replacingOccurrences(of: "=", with: "")
    }
}
