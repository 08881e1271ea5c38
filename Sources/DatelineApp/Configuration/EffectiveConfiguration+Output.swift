import Foundation

extension EffectiveConfiguration {
    /// `config show` formats.
    public enum OutputFormat: String, CaseIterable, Sendable {
        case yaml
        case json
    }

    /// The configuration with each value's source and secrets masked: YAML that can be used as
    /// a configuration file (the source is a comment; unset values are commented out), or JSON
    /// (`{"file":…, "settings": {"key": {"value":…, "source":…}}}`).
    public func render(_ format: OutputFormat) -> String {
        switch format {
        case .yaml: renderYAML()
        case .json: renderJSON()
        }
    }

    func renderYAML() -> String {
        var lines = ["# Effective Dateline configuration; file: \(file ?? "none")"]
        var section = ""
        for entry in entries {
            let parts = entry.setting.key.split(separator: ".", maxSplits: 1).map(String.init)
            let indent: String
            let name: String
            if parts.count == 2 {
                if parts[0] != section {
                    section = parts[0]
                    lines.append("\(section):")
                }
                indent = "  "
                name = parts[1]
            } else {
                indent = ""
                name = parts[0]
            }
            guard let value = entry.value else {
                lines.append("\(indent)# \(name):  # \(entry.source.rawValue), unset")
                continue
            }
            lines.append("\(indent)\(name): \(Self.yamlScalar(entry.setting.display(value)))  # \(entry.source.rawValue)")
        }
        return lines.joined(separator: "\n") + "\n"
    }

    static func yamlScalar(_ value: ConfigurationValue) -> String {
        switch value {
        case .string(let text): quoted(text)
        case .integer, .number: value.text
        case .list(let items): "[" + items.map(quoted).joined(separator: ", ") + "]"
        }
    }

    /// A double-quoted string (valid YAML and JSON).
    static func quoted(_ text: String) -> String {
        let data = (try? JSONSerialization.data(withJSONObject: [text], options: [.withoutEscapingSlashes])) ?? Data("[\"\"]".utf8)
        return String(String(decoding: data, as: UTF8.self).dropFirst().dropLast())
    }

    func renderJSON() -> String {
        var settings: [String: Any] = [:]
        for entry in entries {
            var object: [String: Any] = ["source": entry.source.rawValue]
            switch entry.value.map(entry.setting.display) {
            case .string(let text)?: object["value"] = text
            case .integer(let value)?: object["value"] = value
            case .number(let value)?: object["value"] = value
            case .list(let items)?: object["value"] = items
            case nil: object["value"] = NSNull()
            }
            settings[entry.setting.key] = object
        }
        let root: [String: Any] = ["file": file.map { $0 as Any } ?? NSNull(), "settings": settings]
        let data = (try? JSONSerialization.data(withJSONObject: root, options: [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes])) ?? Data()
        return String(decoding: data, as: UTF8.self) + "\n"
    }
}
