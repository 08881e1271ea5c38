import Foundation

/// What `dateline serve` runs: the HTTP API, the watcher, the delivery worker.
public enum ServeRole: String, CaseIterable, Sendable, Codable {
    case api
    case watch
    case deliver
}

/// Where a configuration value came from, highest precedence first.
public enum ConfigurationSource: String, Sendable, Codable, CaseIterable {
    case flag
    case env
    case file
    case `default`
}

/// A typed configuration value.
public enum ConfigurationValue: Hashable, Sendable {
    case string(String)
    case integer(Int)
    case number(Double)
    case list([String])

    /// The value as configuration text (lists comma-separated).
    public var text: String {
        switch self {
        case .string(let text): text
        case .integer(let value): String(value)
        case .number(let value): value == value.rounded() && abs(value) < 1e15 ? String(Int(value)) : String(value)
        case .list(let items): items.joined(separator: ",")
        }
    }
}

/// One setting Dateline reads: its key in the YAML file (`deliver.concurrency`), its
/// environment variable (`DATELINE_DELIVER_CONCURRENCY`), its type and default.
public struct ConfigurationSetting: Sendable {
    /// The value's type and its allowed range.
    public enum Kind: Sendable {
        case string
        case integer(ClosedRange<Int>)
        /// Seconds or another decimal; the lower bound is exclusive when `positive`.
        case number(minimum: Double, positive: Bool)
        case choice([String])
        case list(allowed: [String])
    }

    /// How the value is shown by `config show`.
    public enum Secrecy: Sendable {
        case none
        /// A URL whose password is masked.
        case urlPassword
        /// Masked entirely.
        case whole
    }

    /// The dotted key: a top-level key or `section.key`.
    public let key: String
    public let kind: Kind
    public let defaultValue: ConfigurationValue?
    public let secrecy: Secrecy
    /// One line for the reference table.
    public let summary: String

    public init(_ key: String, _ kind: Kind, default defaultValue: ConfigurationValue?, secrecy: Secrecy = .none, _ summary: String) {
        self.key = key
        self.kind = kind
        self.defaultValue = defaultValue
        self.secrecy = secrecy
        self.summary = summary
    }

    /// `DATELINE_` and the key in capitals with `.` as `_`.
    public var environmentName: String { "DATELINE_" + key.uppercased().replacingOccurrences(of: ".", with: "_") }

    /// What the value must be, for error messages.
    public var expectation: String {
        switch kind {
        case .string: "text"
        case .integer(let range): range.upperBound == Int.max ? "a whole number ≥ \(range.lowerBound)" : "a whole number from \(range.lowerBound) to \(range.upperBound)"
        case .number(let minimum, let positive): positive ? "a number > \(ConfigurationValue.number(minimum).text)" : "a number ≥ \(ConfigurationValue.number(minimum).text)"
        case .choice(let names): "one of \(names.joined(separator: ", "))"
        case .list(let allowed): "a list of \(allowed.joined(separator: ", "))"
        }
    }

    /// Parses text from a flag or the environment (lists are comma-separated); the message
    /// says what was wrong, without the place.
    public func parse(text: String) -> Result<ConfigurationValue, ConfigurationProblem> {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        switch kind {
        case .string:
            return .success(.string(text))
        case .integer(let range):
            guard let value = Int(trimmed), range.contains(value) else { return .failure(problem(trimmed)) }
            return .success(.integer(value))
        case .number(let minimum, let positive):
            guard let value = Double(trimmed), value.isFinite, positive ? value > minimum : value >= minimum else { return .failure(problem(trimmed)) }
            return .success(.number(value))
        case .choice(let names):
            guard names.contains(trimmed) else { return .failure(problem(trimmed)) }
            return .success(.string(trimmed))
        case .list:
            return parse(items: trimmed.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) })
        }
    }

    /// Checks the items of a list setting.
    public func parse(items: [String]) -> Result<ConfigurationValue, ConfigurationProblem> {
        guard case .list(let allowed) = kind else { return .failure(problem(items.joined(separator: ","))) }
        guard !items.isEmpty, !items.contains(where: \.isEmpty) else {
            return .failure(ConfigurationProblem(message: "\(key): must be \(expectation), got an empty list"))
        }
        if let unknown = items.first(where: { !allowed.contains($0) }) {
            return .failure(ConfigurationProblem(message: "\(key): unknown value '\(unknown)' (expected \(allowed.joined(separator: ", ")))"))
        }
        var seen: [String] = []
        for item in items where !seen.contains(item) { seen.append(item) }
        return .success(.list(seen))
    }

    func problem(_ got: String) -> ConfigurationProblem {
        ConfigurationProblem(message: "\(key): must be \(expectation), got '\(got)'")
    }

    /// The value as `config show` prints it.
    public func display(_ value: ConfigurationValue) -> ConfigurationValue {
        switch secrecy {
        case .none: return value
        case .whole: return .string("****")
        case .urlPassword:
            guard case .string(let text) = value, var components = URLComponents(string: text), components.password != nil else { return value }
            components.password = "****"
            return .string(components.string ?? "****")
        }
    }
}

/// A configuration error's message before its place (file:line:column, variable or flag) is added.
public struct ConfigurationProblem: Error, Sendable, Equatable {
    public var message: String
}

extension ConfigurationSetting {
    /// Every setting, in the order `config show` prints them.
    public static let all: [ConfigurationSetting] = [
        .init("database_url", .string, default: nil, secrecy: .urlPassword, "PostgreSQL URL; unset: the private cluster under data_dir"),
        .init("data_dir", .string, default: .string(".dateline"), "Dateline's folder (the private cluster lives in <data_dir>/postgres)"),
        .init("log_level", .choice(["trace", "debug", "info", "notice", "warning", "error", "critical"]), default: .string("warning"),
              "Log level (stderr); `serve` logs at least notice"),
        .init("max_article_bytes", .integer(1...Int.max), default: .integer(5_000_000), "Largest article accepted, in bytes"),
        .init("host", .string, default: .string("127.0.0.1"), "`serve`: address to listen on"),
        .init("port", .integer(0...65535), default: .integer(8080), "`serve`: port (0 picks a free one)"),
        .init("roles", .list(allowed: ServeRole.allCases.map(\.rawValue)), default: .list(ServeRole.allCases.map(\.rawValue)),
              "`serve`: what runs: api, watch, deliver"),
        .init("base_url", .string, default: nil, "Public base URL of the API, for event links in messages"),
        .init("channel_dir", .string, default: nil, "Folder relative channel template and file paths are read from (default: working dir)"),
        .init("metrics_token", .string, default: nil, secrecy: .whole, "`serve`: when set, /metrics needs `Authorization: Bearer <it>`"),
        .init("watch.consumer", .string, default: .string("watcher"), "Watcher: consumer name (cursor, state, lock)"),
        .init("watch.batch_size", .integer(1...10_000), default: .integer(500), "Watcher: changes per transaction"),
        .init("watch.sweep_seconds", .number(minimum: 0, positive: true), default: .number(5), "Watcher: seconds between sweeps (LISTEN wakes it sooner)"),
        .init("deliver.concurrency", .integer(1...10_000), default: .integer(16), "Delivery: sends in flight at once"),
        .init("deliver.prefetch", .integer(0...10_000), default: nil, "Delivery: claimed rows held beyond those sending (unset: max(32, 2 × concurrency))"),
        .init("deliver.lease_seconds", .number(minimum: 1, positive: false), default: .number(300),
              "Delivery: seconds a claim is held without renewal (renewed every third of it while the worker lives)"),
        .init("deliver.record_delay_seconds", .number(minimum: 0, positive: false), default: .number(0.003),
              "Delivery: seconds the recorder waits for more finished sends to write them in one transaction"),
        .init("deliver.poll_seconds", .number(minimum: 0, positive: true), default: .number(2), "Delivery: seconds between sweeps for due retries"),
        .init("deliver.shutdown_grace_seconds", .number(minimum: 0, positive: false), default: .number(20),
              "Delivery: seconds sends in flight may finish after SIGTERM before their leases are released"),
    ]

    /// The setting with this key.
    public static func named(_ key: String) -> ConfigurationSetting? { all.first { $0.key == key } }
}
