import DatelineCore
import Yams

/// Reads a YAML rule file into a validated `RuleFile`, reporting every problem with its position.
///
/// The parser is pure: the environment used for `${VAR}` expansion, the known watchlists, kinds
/// and channel names are passed in. See `samples/rules/newsroom.yaml` for the format.
public enum RuleFileParser {
    /// Channels every installation has without defining them: `stdout`.
    public static let builtInChannels: Set<String> = ["stdout"]

    /// The kind names of `EventKind.builtIn`.
    public static var builtInKinds: Set<String> { Set(EventKind.builtIn.map(\.rawValue)) }

    /// Parses and validates a rule file, returning all diagnostics (in file order) and, when
    /// there are none, the rule file.
    ///
    /// - Parameters:
    ///   - knownWatchlists: when given, a watchlist not in it is an error; `nil` skips the check.
    ///   - knownChannels: channels usable in `notify:` besides those the file defines.
    public static func validate(
        yaml: String, file: String, environment: [String: String], knownWatchlists: Set<String>? = nil,
        knownKinds: Set<String> = RuleFileParser.builtInKinds, knownChannels: Set<String> = RuleFileParser.builtInChannels
    ) -> RuleFileValidation {
        var session = ParseSession(
            file: file, environment: environment, knownWatchlists: knownWatchlists, knownKinds: knownKinds,
            knownChannels: knownChannels)
        let ruleFile = session.parseDocument(yaml)
        let diagnostics = session.diagnostics.sorted {
            ($0.position.line, $0.position.column) < ($1.position.line, $1.position.column)
        }
        return RuleFileValidation(ruleFile: diagnostics.isEmpty ? ruleFile : nil, diagnostics: diagnostics)
    }

    /// Parses and validates a rule file; throws `RulesError.invalidRuleFile` listing every problem.
    public static func parse(
        yaml: String, file: String, environment: [String: String], knownWatchlists: Set<String>? = nil,
        knownKinds: Set<String> = RuleFileParser.builtInKinds, knownChannels: Set<String> = RuleFileParser.builtInChannels
    ) throws(RulesError) -> RuleFile {
        let result = validate(
            yaml: yaml, file: file, environment: environment, knownWatchlists: knownWatchlists,
            knownKinds: knownKinds, knownChannels: knownChannels)
        guard let ruleFile = result.ruleFile else {
            throw RulesError.invalidRuleFile(file: file, diagnostics: result.diagnostics)
        }
        return ruleFile
    }
}

/// The outcome of `RuleFileParser.validate`: the rule file when valid, and every diagnostic.
public struct RuleFileValidation: Sendable {
    /// `nil` when there is at least one diagnostic.
    public var ruleFile: RuleFile?
    /// Every problem found, in file order.
    public var diagnostics: [RuleDiagnostic]

    /// Whether the file is valid.
    public var isValid: Bool { diagnostics.isEmpty }
}

/// The state of one parse: what is known, and the diagnostics so far.
struct ParseSession {
    let file: String
    let environment: [String: String]
    let knownWatchlists: Set<String>?
    let knownKinds: Set<String>
    let knownChannels: Set<String>
    var diagnostics: [RuleDiagnostic] = []

    init(file: String, environment: [String: String], knownWatchlists: Set<String>?, knownKinds: Set<String>, knownChannels: Set<String>) {
        self.file = file
        self.environment = environment
        self.knownWatchlists = knownWatchlists
        self.knownKinds = knownKinds
        self.knownChannels = knownChannels
    }

    // MARK: Document

    mutating func parseDocument(_ yaml: String) -> RuleFile {
        var ruleFile = RuleFile(file: file, rules: [], channels: [])
        let root: Node?
        do {
            // The basic resolver leaves every scalar a string (the parser types values itself),
            // which skips Yams' regular-expression tag resolution: 4-5x faster on big files.
            root = try Yams.compose(yaml: yaml, .basic)
        } catch {
            report(yamlError: error)
            return ruleFile
        }
        guard let root else {
            report("empty", at: SourcePosition(file: file, line: 1, column: 1), "the rule file is empty: it needs a 'rules:' list")
            return ruleFile
        }
        guard let pairs = mapping(root, "the rule file", allowed: ["rules", "channels", "version"]) else { return ruleFile }
        if let version = pairs["version"] {
            if let number = int(version, "version"), number != 1 {
                report("bad_value", at: version, "unsupported rule file version \(number) (this build reads version 1)")
            }
        }
        if let channels = pairs["channels"] {
            ruleFile.channels = parseChannels(channels)
        }
        // Every channel entry with a name counts for `notify`, valid or not: one mistake in a
        // channel should not also be reported at every rule that uses it.
        let declared = pairs["channels"]?.sequence.map { $0.compactMap { Self.value(of: "name", in: $0)?.scalar?.string } } ?? []
        let channelNames = Set(declared).union(knownChannels)
        if let rules = pairs["rules"] {
            ruleFile.rules = parseRules(rules, channels: channelNames)
        } else {
            report("missing_key", at: root, "the rule file has no 'rules:' list")
        }
        return ruleFile
    }

    mutating func report(yamlError error: any Error) {
        let start = SourcePosition(file: file, line: 1, column: 1)
        guard let yamlError = error as? YamlError else {
            report("yaml_syntax", at: start, "YAML syntax error: the file could not be read")
            return
        }
        switch yamlError {
        case .scanner(let context, let problem, let mark, _), .parser(let context, let problem, let mark, _),
            .composer(let context, let problem, let mark, _):
            let detail = context.map { " (\($0.text) at line \($0.mark.line))" } ?? ""
            report("yaml_syntax", at: position(mark), "YAML syntax error: \(problem)\(detail)")
        case .duplicatedKeysInMapping(let duplicates, let context):
            let names = duplicates.map { "'\($0)'" }.joined(separator: ", ")
            report("duplicate_key", at: position(context.mark), "duplicate key \(names) in one mapping")
        case .reader(let problem, _, _, _):
            report("yaml_syntax", at: start, "YAML syntax error: \(problem)")
        default:
            report("yaml_syntax", at: start, "YAML syntax error: the file could not be read")
        }
    }

    // MARK: Diagnostics

    func position(_ mark: Mark?) -> SourcePosition {
        SourcePosition(file: file, line: max(mark?.line ?? 1, 1), column: max(mark?.column ?? 1, 1))
    }

    func position(_ node: Node) -> SourcePosition { position(node.mark) }

    mutating func report(_ code: String, at position: SourcePosition, _ message: String) {
        diagnostics.append(RuleDiagnostic(code: code, position: position, message: message))
    }

    mutating func report(_ code: String, at node: Node, _ message: String) {
        report(code, at: position(node), message)
    }

    // MARK: Typed readers (each reports a wrong type and returns nil)

    static func typeName(_ node: Node) -> String {
        switch node {
        case .scalar: "a single value"
        case .mapping: "a mapping (key: value lines)"
        case .sequence: "a list"
        case .alias: "an alias"
        }
    }

    /// A mapping's pairs by key name, reporting unknown keys (with a suggestion) and non-text keys.
    mutating func mapping(_ node: Node, _ what: String, allowed: [String]) -> [String: Node]? {
        guard case .mapping(let mapping) = node else {
            report("wrong_type", at: node, "\(what) should be a mapping (key: value lines), not \(Self.typeName(node))")
            return nil
        }
        var result: [String: Node] = [:]
        // YAML merge keys (`<<: *defaults`): the merged mappings' keys come first, so the
        // mapping's own keys override them.
        var pairs: [(key: Node, value: Node)] = []
        for (key, value) in mapping where key.scalar?.string == "<<" && key.scalar?.style == .plain {
            let sources: [Node] = if case .sequence(let list) = value { Array(list) } else { [value] }
            for source in sources {
                guard case .mapping(let merged) = source else {
                    report("wrong_type", at: source, "a '<<' merge in \(what) should name a mapping (like *defaults)")
                    continue
                }
                pairs += merged.map { (key: $0.key, value: $0.value) }
            }
        }
        pairs += mapping.filter { !($0.key.scalar?.string == "<<" && $0.key.scalar?.style == .plain) }.map { (key: $0.key, value: $0.value) }
        for (key, value) in pairs {
            guard let name = key.scalar?.string else {
                report("wrong_type", at: key, "a key in \(what) should be a name, not \(Self.typeName(key))")
                continue
            }
            guard allowed.contains(name) else {
                let hint = Suggestion.closest(to: name, in: allowed).map { " (did you mean '\($0)'?)" } ?? ""
                report("unknown_key", at: key, "unknown key '\(name)' in \(what)\(hint)")
                continue
            }
            result[name] = value
        }
        return result
    }

    /// A key's value in a mapping, following `<<` merges; no diagnostics.
    static func value(of key: String, in node: Node) -> Node? {
        guard case .mapping(let mapping) = node else { return nil }
        if let own = mapping.first(where: { $0.key.scalar?.string == key })?.value { return own }
        for (mergeKey, value) in mapping where mergeKey.scalar?.string == "<<" {
            let sources: [Node] = if case .sequence(let list) = value { Array(list) } else { [value] }
            for source in sources {
                if let found = Self.value(of: key, in: source) { return found }
            }
        }
        return nil
    }

    mutating func string(_ node: Node, _ what: String) -> String? {
        guard let scalar = node.scalar else {
            report("wrong_type", at: node, "\(what) should be a single value, not \(Self.typeName(node))")
            return nil
        }
        return scalar.string
    }

    /// A list of values; a single value counts as a list of one.
    mutating func strings(_ node: Node, _ what: String) -> [(String, Node)]? {
        if let scalar = node.scalar {
            let isNull = scalar.style == .plain && ["", "~", "null"].contains(scalar.string)
            return isNull ? [] : [(scalar.string, node)]
        }
        guard case .sequence(let sequence) = node else {
            report("wrong_type", at: node, "\(what) should be a list of values, not \(Self.typeName(node))")
            return nil
        }
        var values: [(String, Node)] = []
        for item in sequence {
            if let value = string(item, "each item of \(what)") { values.append((value, item)) }
        }
        return values
    }

    mutating func int(_ node: Node, _ what: String) -> Int? {
        guard let text = string(node, what) else { return nil }
        guard let value = Int(text.trimmingSpaces) else {
            report("wrong_type", at: node, "\(what) should be a whole number, not '\(text)'")
            return nil
        }
        return value
    }

    mutating func double(_ node: Node, _ what: String) -> Double? {
        guard let text = string(node, what) else { return nil }
        guard let value = Double(text.trimmingSpaces), value.isFinite else {
            report("wrong_type", at: node, "\(what) should be a number, not '\(text)'")
            return nil
        }
        return value
    }

    mutating func bool(_ node: Node, _ what: String) -> Bool? {
        guard let text = string(node, what) else { return nil }
        switch text.lowercased() {
        case "true", "yes", "on": return true
        case "false", "no", "off": return false
        default:
            report("wrong_type", at: node, "\(what) should be true or false, not '\(text)'")
            return nil
        }
    }

    mutating func duration(_ node: Node, _ what: String) -> RuleDuration? {
        guard let text = string(node, what) else { return nil }
        switch RuleDuration.parse(text.trimmingSpaces) {
        case .success(let duration): return duration
        case .failure(let problem):
            report("bad_duration", at: node, "\(what): \(problem.message)")
            return nil
        }
    }

    /// A value of a closed set (`type: webhook`), with a suggestion when misspelled.
    mutating func choice<T>(_ node: Node, _ what: String, _ options: [(String, T)]) -> T? {
        guard let text = string(node, what) else { return nil }
        if let match = options.first(where: { $0.0 == text }) { return match.1 }
        let names = options.map(\.0)
        let hint = Suggestion.closest(to: text, in: names).map { "did you mean '\($0)'? " } ?? ""
        report("bad_value", at: node, "unknown \(what) '\(text)' (\(hint)expected one of: \(names.joined(separator: ", ")))")
        return nil
    }
}
