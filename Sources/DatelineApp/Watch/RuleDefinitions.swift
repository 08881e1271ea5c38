import DatelineCore
import DatelineRules
import DatelineStorage
import Foundation
import Yams

/// Converts between rule files and the form rules are stored in.
///
/// A stored definition is the rule's YAML mapping as JSON with every value a string (the rule
/// parser types values itself), so `jsonb` equality means "same rule" whatever the file's
/// layout, comments or key order. JSON is YAML, so the stored definitions are turned back
/// into a rule file by listing them under `rules:` and parsing that with the same parser.
public enum RuleDefinitions {
    /// The name stored rules are parsed under (positions in their diagnostics refer to it).
    public static let storedFileName = "stored rules"

    /// Each rule of a valid rule file's YAML as a stored definition, in file order.
    public static func definitions(yaml: String) throws -> [RuleDefinition] {
        guard let root = try Yams.compose(yaml: yaml, .basic), let rules = value(of: "rules", in: root),
              case .sequence(let list) = rules else { return [] }
        var result: [RuleDefinition] = []
        for node in list {
            let json = jsonValue(node)
            guard let object = json as? [String: Any], let name = object["name"] as? String else { continue }
            let data = try JSONSerialization.data(withJSONObject: object, options: [.sortedKeys, .withoutEscapingSlashes])
            result.append(RuleDefinition(name: name, definition: String(decoding: data, as: UTF8.self)))
        }
        return result
    }

    /// The rule file the stored rules make, parsed and validated against the stored channels.
    ///
    /// A rule that no longer validates (its channel was removed, say) is left out and reported
    /// in `problems` instead of stopping every other rule.
    public static func ruleFile(stored: [StoredRule], channels: [ChannelConfig]) -> (file: RuleFile, problems: [RuleDiagnostic]) {
        let known = RuleFileParser.builtInChannels.union(channels.map(\.name))
        var keep = stored
        var problems: [RuleDiagnostic] = []
        // At most two rounds: the second parses the rules the first found valid.
        for _ in 0..<2 {
            let yaml = "rules:\n" + keep.map { "  - " + compactJSON($0.definition) }.joined(separator: "\n") + (keep.isEmpty ? " []" : "") + "\n"
            let result = RuleFileParser.validate(yaml: yaml, file: storedFileName, environment: [:], knownChannels: known)
            if let file = result.ruleFile { return (RuleFile(file: storedFileName, rules: file.rules, channels: channels), problems) }
            // Line 2 + i holds rule i.
            let bad = Set(result.diagnostics.map { $0.position.line - 2 })
            problems += result.diagnostics.map { diagnostic in
                var renamed = diagnostic
                let index = diagnostic.position.line - 2
                if keep.indices.contains(index) {
                    renamed.message = "stored rule '\(keep[index].name)' v\(keep[index].version): \(diagnostic.message)"
                }
                return renamed
            }
            keep = keep.enumerated().filter { !bad.contains($0.offset) }.map(\.element)
        }
        return (RuleFile(file: storedFileName, rules: [], channels: channels), problems)
    }

    /// The JSON on one line (`jsonb::text` already is; this guards against stray newlines).
    static func compactJSON(_ text: String) -> String {
        text.replacingOccurrences(of: "\n", with: " ")
    }

    /// A mapping's value, following `<<` merges.
    static func value(of key: String, in node: Node) -> Node? {
        guard case .mapping(let mapping) = node else { return nil }
        return mapping.first { $0.key.scalar?.string == key }?.value
    }

    /// A node as JSON-compatible values: mappings (merges applied), lists, strings, null.
    static func jsonValue(_ node: Node) -> Any {
        switch node {
        case .scalar(let scalar):
            if scalar.style == .plain && ["", "~", "null", "Null", "NULL"].contains(scalar.string) { return NSNull() }
            return scalar.string
        case .sequence(let sequence):
            return sequence.map { jsonValue($0) }
        case .mapping(let mapping):
            var object: [String: Any] = [:]
            for (key, value) in mapping where key.scalar?.string == "<<" && key.scalar?.style == .plain {
                let sources: [Node] = if case .sequence(let list) = value { Array(list) } else { [value] }
                for source in sources {
                    if let merged = jsonValue(source) as? [String: Any] {
                        object.merge(merged) { current, _ in current }
                    }
                }
            }
            for (key, value) in mapping {
                guard let name = key.scalar?.string, !(name == "<<" && key.scalar?.style == .plain) else { continue }
                object[name] = jsonValue(value)
            }
            return object
        default:
            return NSNull()
        }
    }
}
