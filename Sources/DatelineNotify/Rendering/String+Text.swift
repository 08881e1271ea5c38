/// Small text helpers the formats share.
extension String {
    func replacingUnderscores() -> String {
        String(map { $0 == "_" ? " " : $0 })
    }

    func replacingNewlines(with replacement: String) -> String {
        var out = ""
        for ch in self { if ch.isNewline { out += replacement } else { out.append(ch) } }
        return out
    }

    func replacingCharacter(_ target: Character, with replacement: String) -> String {
        var out = ""
        for ch in self { if ch == target { out += replacement } else { out.append(ch) } }
        return out
    }
}
