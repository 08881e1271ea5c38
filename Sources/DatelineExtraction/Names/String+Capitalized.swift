extension String {
    func capitalizedFirst() -> String {
        guard let f = first else { return self }
        if self == lowercased() && count > 3 { return f.uppercased() + dropFirst() }
        return self
    }
}
