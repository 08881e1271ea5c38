import DatelineCore
import DatelineNotify
import DatelineRules
import DatelineStorage
import Foundation
import Logging

/// The channel commands' and routes' work: store one channel from API input, test, preview.
public enum ChannelCatalog {
    /// One problem with a channel given as JSON: the field it is about and what is wrong.
    public struct FieldProblem: Hashable, Sendable, Codable {
        /// The JSON field (`url`, `retry`, `rate_limit`…), or `body`.
        public var field: String
        /// What is wrong; never contains a secret value.
        public var message: String

        /// A problem.
        public init(field: String, message: String) {
            self.field = field
            self.message = message
        }
    }

    /// A channel given as JSON does not validate: every problem, by field.
    public struct InvalidChannel: DatelineError, Equatable {
        /// Every problem found.
        public var problems: [FieldProblem]
        public var code: String { "invalid_channel" }
        public var category: ErrorCategory { .invalidInput }
        public var message: String { problems.map { "\($0.field): \($0.message)" }.joined(separator: "; ") }

        /// An error listing `problems`.
        public init(problems: [FieldProblem]) { self.problems = problems }
    }

    /// The fields a channel has: the keys of a rules file's channel entry.
    public static let fields = [
        "name", "type", "format", "url", "secret", "allow_private_network", "retry", "rate_limit", "max_in_flight",
        "template", "path", "rotate", "max_size", "timeout",
    ]

    /// Validates a channel given as a JSON object (the fields of a rules file's channel entry,
    /// `name` optional and equal to `name` when given) with the rules file parser, so the API
    /// accepts exactly what a rules file accepts, except:
    /// - `${VAR}` is never expanded: a value containing `${` is refused (API callers send the
    ///   value itself; the server's environment is not theirs to read);
    /// - `path` and `template` must be relative paths without `..` (they are read and written
    ///   under `DATELINE_CHANNEL_DIR`, never anywhere on the server).
    ///
    /// Throws `InvalidChannel` naming each bad field.
    public static func config(name: String, json object: [String: Any]) throws -> ChannelConfig {
        var problems: [FieldProblem] = []
        if let given = object["name"] {
            if (given as? String) != name {
                problems.append(FieldProblem(field: "name", message: "must be the name in the path ('\(name)') or left out"))
            }
        }
        let keys = object.keys.filter { $0 != "name" }.sorted()
        for key in keys {
            guard let value = object[key] else { continue }
            if !fields.contains(key) {
                let suggestion = fields.min { distance(key, $0) < distance(key, $1) }.map { " (did you mean '\($0)'?)" } ?? ""
                problems.append(FieldProblem(field: key, message: "unknown field\(suggestion)"))
                continue
            }
            if strings(in: value).contains(where: { $0.contains("${") }) {
                problems.append(FieldProblem(
                    field: key, message: "${VAR} is not expanded in API input; send the value itself (value hidden)"))
            }
            if key == "path" || key == "template", let path = value as? String, !isSafeRelativePath(path) {
                problems.append(FieldProblem(field: key, message: "must be a relative path without '..' (resolved under DATELINE_CHANNEL_DIR)"))
            }
        }
        guard problems.isEmpty else { throw InvalidChannel(problems: problems) }
        // One key per line, values as JSON (which YAML reads): line 3 + i is keys[i].
        var lines = ["channels:", "  - name: " + (try json(name))]
        for key in keys {
            guard let value = object[key] else { continue }
            lines.append("    \(key): " + (try json(value)))
        }
        lines.append("rules: []")
        let result = RuleFileParser.validate(yaml: lines.joined(separator: "\n") + "\n", file: "body", environment: [:])
        if let channel = result.ruleFile?.channels.first, result.diagnostics.isEmpty { return channel }
        for diagnostic in result.diagnostics {
            let index = diagnostic.position.line - 3
            var field = keys.indices.contains(index) ? keys[index] : diagnostic.position.line == 2 ? "name" : "body"
            if diagnostic.code == "missing_key", let named = quotedKey(in: diagnostic.message) { field = named }
            problems.append(FieldProblem(field: field, message: diagnostic.message))
        }
        if problems.isEmpty { problems.append(FieldProblem(field: "body", message: "not a channel")) }
        throw InvalidChannel(problems: problems)
    }

    /// Stores one channel (insert or replace) through the one channels writer; returns whether
    /// it was new (decided by the same statement, so two callers at once cannot both see "new").
    @discardableResult
    public static func store(_ channel: ChannelConfig, in context: DatabaseContext, now: Date? = nil) async throws -> Bool {
        try await context.deliveries.saveChannels([channel], now: now).created.contains(channel.name)
    }

    /// The notifier settings from the environment: `DATELINE_BASE_URL` (links in messages) and
    /// `DATELINE_CHANNEL_DIR` (where relative template and file-channel paths are read from).
    public static func notifyConfiguration(
        baseURL: String? = nil, channelDirectory: String? = nil, _ environment: [String: String] = ProcessInfo.processInfo.environment
    ) -> NotifyConfiguration {
        NotifyConfiguration(
            baseURL: baseURL ?? environment["DATELINE_BASE_URL"].flatMap { $0.isEmpty ? nil : $0 },
            baseDirectory: channelDirectory ?? environment["DATELINE_CHANNEL_DIR"].flatMap { $0.isEmpty ? nil : $0 },
            colour: false)
    }

    /// Runs `body` with a notifier and shuts its HTTP clients down afterwards.
    public static func withNotifier<T: Sendable>(
        configuration: NotifyConfiguration, clock: any NotifyClock = SystemNotifyClock(), logger: Logger,
        _ body: (ChannelNotifier) async throws -> T
    ) async throws -> T {
        let notifier = ChannelNotifier(configuration: configuration, clock: clock, logger: logger)
        do {
            let result = try await body(notifier)
            try await notifier.shutdown()
            return result
        } catch {
            try? await notifier.shutdown()
            throw error
        }
    }

    /// The stored channel `name`'s configuration; `notFound` when there is none, an internal
    /// error when its stored JSON cannot be read.
    public static func stored(named name: String, in context: DatabaseContext) async throws -> ChannelConfig {
        let stored = try await context.deliveries.channel(named: name)
        guard let config = stored.config else {
            throw AppError(code: "bad_channel", message: "channel '\(name)': its stored configuration cannot be read", category: .internal)
        }
        return config
    }

    /// `channels test`: sends a test message to the stored channel `name` and returns what
    /// happened (status code, latency, error) with the channel.
    public static func test(named name: String, in context: DatabaseContext, notifier: ChannelNotifier) async throws -> (outcome: DeliveryOutcome, channel: ChannelConfig) {
        let config = try await stored(named: name, in: context)
        return (await notifier.channelTest(config), config)
    }

    // MARK: - Helpers

    static func json(_ value: Any) throws -> String {
        let data = try JSONSerialization.data(withJSONObject: value, options: [.fragmentsAllowed, .sortedKeys, .withoutEscapingSlashes])
        return String(decoding: data, as: UTF8.self)
    }

    static func strings(in value: Any) -> [String] {
        switch value {
        case let text as String: [text]
        case let list as [Any]: list.flatMap(strings(in:))
        case let object as [String: Any]: object.values.flatMap(strings(in:))
        default: []
        }
    }

    static func isSafeRelativePath(_ path: String) -> Bool {
        !path.isEmpty && !path.hasPrefix("/") && !path.hasPrefix("~") && !path.split(separator: "/").contains("..") && !path.contains("\\")
    }

    /// The key a "needs a 'url:'" message names.
    static func quotedKey(in message: String) -> String? {
        guard let open = message.range(of: "'"), let close = message.range(of: ":'", range: open.upperBound..<message.endIndex) else { return nil }
        let key = String(message[open.upperBound..<close.lowerBound])
        return fields.contains(key) ? key : nil
    }

    static func distance(_ a: String, _ b: String) -> Int {
        let a = Array(a), b = Array(b)
        var previous = Array(0...b.count)
        for i in 1...max(a.count, 1) where !a.isEmpty {
            var current = [i] + Array(repeating: 0, count: b.count)
            for j in 1...max(b.count, 1) where !b.isEmpty {
                current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1))
            }
            previous = current
        }
        return previous[b.count]
    }
}
