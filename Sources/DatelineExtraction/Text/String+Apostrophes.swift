extension String {
    func replacingApostrophes() -> String {
        guard unicodeScalars.contains(where: { $0 == "’" || $0 == "‘" }) else { return self }
        return String(String.UnicodeScalarView(unicodeScalars.map { $0 == "’" || $0 == "‘" ? "'" : $0 }))
    }
}
