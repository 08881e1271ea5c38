import DatelineCore

/// The one error type of `DatelineRules`.
///
/// Messages say what and where and are safe to show: secret values and full webhook URLs are
/// never included.
public enum RulesError: DatelineError, Equatable {
    /// A rule file has problems; all of them are listed, in file order.
    case invalidRuleFile(file: String, diagnostics: [RuleDiagnostic])
    /// A value given outside a rule file (a CLI flag such as `--for 2h`) is not valid.
    case invalidValue(code: String, message: String)
    /// A rule named by the caller (for `silence`, `explain`) does not exist.
    case unknownRule(name: String, suggestion: String?)

    public var code: String {
        switch self {
        case .invalidRuleFile: "invalid_rule_file"
        case .invalidValue(let code, _): code
        case .unknownRule: "unknown_rule"
        }
    }

    public var message: String {
        switch self {
        case .invalidRuleFile(let file, let diagnostics):
            let count = diagnostics.count
            let head = "\(file): \(count) problem\(count == 1 ? "" : "s") in the rule file"
            return ([head] + diagnostics.map(\.description)).joined(separator: "\n")
        case .invalidValue(_, let message):
            return message
        case .unknownRule(let name, let suggestion):
            return "no rule named '\(name)'" + (suggestion.map { " (did you mean '\($0)'?)" } ?? "")
        }
    }

    public var category: ErrorCategory {
        switch self {
        case .invalidRuleFile, .invalidValue: .invalidInput
        case .unknownRule: .notFound
        }
    }

    /// The diagnostics of an invalid rule file (empty for other errors).
    public var diagnostics: [RuleDiagnostic] {
        if case .invalidRuleFile(_, let diagnostics) = self { return diagnostics }
        return []
    }
}
