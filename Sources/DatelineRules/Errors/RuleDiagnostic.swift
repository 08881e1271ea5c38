import DatelineCore

/// A place in a rule file: the file name and a 1-based line and column.
public struct SourcePosition: Hashable, Sendable, Codable, CustomStringConvertible {
    /// The file name as given to the parser.
    public var file: String
    /// 1-based line.
    public var line: Int
    /// 1-based column, counted in Unicode scalars (as libYAML counts them).
    public var column: Int

    /// A position; `line` and `column` are 1-based.
    public init(file: String, line: Int, column: Int) {
        self.file = file
        self.line = line
        self.column = column
    }

    /// `file:line:column`, the form editors and compilers use.
    public var description: String { "\(file):\(line):\(column)" }
}

/// One problem found in a rule file, with where it is.
///
/// Parsing collects every diagnostic it can instead of stopping at the first, so a user fixes a
/// file in one pass. Messages never contain secret values.
public struct RuleDiagnostic: Hashable, Sendable, Codable, CustomStringConvertible {
    /// A stable code: `yaml_syntax`, `duplicate_key`, `empty`, `unknown_key`, `unknown_kind`,
    /// `unknown_watchlist`, `unknown_channel`, `bad_duration`, `bad_rate`, `bad_size`,
    /// `bad_date`, `wrong_type`, `missing_key`, `duplicate_name`, `unset_variable`, `bad_value`,
    /// `bad_text_query`.
    public var code: String
    /// Where the problem is: the offending key or value.
    public var position: SourcePosition
    public var message: String

    /// A diagnostic; the message must not contain secret values.
    public init(code: String, position: SourcePosition, message: String) {
        self.code = code
        self.position = position
        self.message = message
    }

    /// `file:line:column: message`.
    public var description: String { "\(position): \(message)" }
}
