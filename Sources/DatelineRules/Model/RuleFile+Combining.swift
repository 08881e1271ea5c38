import DatelineCore

extension RuleFile {
    /// Several rule files as one (a folder of files): rules and channels in the given order.
    ///
    /// Rule and channel names must be unique across the files; a clash is an error at the
    /// second definition naming the first. Parse each file with the other files' channel names
    /// in `knownChannels` when rules notify channels defined elsewhere.
    public static func combined(_ files: [RuleFile], name: String = "rules") throws(RulesError) -> RuleFile {
        var diagnostics: [RuleDiagnostic] = []
        var rules: [AlertRule] = []
        var channels: [ChannelConfig] = []
        var ruleOrigins: [String: String] = [:]
        var channelOrigins: [String: String] = [:]
        for file in files {
            for rule in file.rules {
                let position = rule.position ?? SourcePosition(file: file.file, line: 1, column: 1)
                if let first = ruleOrigins[rule.name] {
                    diagnostics.append(RuleDiagnostic(
                        code: "duplicate_name", position: position, message: "duplicate rule name '\(rule.name)' (first defined in \(first))"))
                } else {
                    ruleOrigins[rule.name] = position.description
                    rules.append(rule)
                }
            }
            for channel in file.channels {
                if let first = channelOrigins[channel.name] {
                    diagnostics.append(RuleDiagnostic(
                        code: "duplicate_name", position: SourcePosition(file: file.file, line: 1, column: 1),
                        message: "duplicate channel name '\(channel.name)' (first defined in \(first))"))
                } else {
                    channelOrigins[channel.name] = file.file
                    channels.append(channel)
                }
            }
        }
        guard diagnostics.isEmpty else { throw RulesError.invalidRuleFile(file: name, diagnostics: diagnostics) }
        return RuleFile(file: name, rules: rules, channels: channels)
    }
}
