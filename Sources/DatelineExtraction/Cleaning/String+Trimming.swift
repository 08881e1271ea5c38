extension String {
    func trimmingWhitespace() -> String {
        // Nothing to trim (the usual case): the string itself, without rebuilding it.
        if let f = unicodeScalars.first, let l = unicodeScalars.last, !Scalars.isSpace(f), !Scalars.isSpace(l) { return self }
        var scalars = Substring(self).unicodeScalars[...]
        while let f = scalars.first, Scalars.isWhitespace(f) { scalars = scalars.dropFirst() }
        while let l = scalars.last, Scalars.isWhitespace(l) { scalars = scalars.dropLast() }
        return String(String.UnicodeScalarView(scalars))
    }
}
