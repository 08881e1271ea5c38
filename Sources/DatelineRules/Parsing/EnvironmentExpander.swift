/// `${VAR}` expansion from an injected environment (never `ProcessInfo`, so parsing is pure).
enum EnvironmentExpander {
    enum Problem: Error, Equatable {
        case unset(String)
        /// 0-based offset of the malformed `${`.
        case malformed(Int)
    }

    static func expand(_ text: String, environment: [String: String]) -> Result<String, Problem> {
        let scalars = Array(text.unicodeScalars)
        var output = String.UnicodeScalarView()
        var index = 0
        while index < scalars.count {
            let scalar = scalars[index]
            if scalar == "$", index + 2 < scalars.count, scalars[index + 1] == "$", scalars[index + 2] == "{" {
                output.append(contentsOf: ["$", "{"])
                index += 3
                continue
            }
            guard scalar == "$", index + 1 < scalars.count, scalars[index + 1] == "{" else {
                output.append(scalar)
                index += 1
                continue
            }
            guard let close = scalars[(index + 2)...].firstIndex(of: "}") else { return .failure(.malformed(index)) }
            let name = String(String.UnicodeScalarView(scalars[(index + 2)..<close]))
            let valid = !name.isEmpty && name.unicodeScalars.enumerated().allSatisfy { offset, s in
                ("A"..."Z").contains(s) || ("a"..."z").contains(s) || s == "_" || (offset > 0 && ("0"..."9").contains(s))
            }
            guard valid else { return .failure(.malformed(index)) }
            guard let value = environment[name] else { return .failure(.unset(name)) }
            output.append(contentsOf: value.unicodeScalars)
            index = close + 1
        }
        return .success(String(output))
    }
}
