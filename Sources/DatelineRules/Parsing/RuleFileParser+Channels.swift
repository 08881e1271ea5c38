import DatelineCore
import Yams

extension ParseSession {
    static let channelKeys = [
        "name", "type", "format", "url", "secret", "allow_private_network", "retry", "rate_limit", "max_in_flight",
        "template", "path", "rotate", "max_size", "timeout",
    ]

    mutating func parseChannels(_ node: Node) -> [ChannelConfig] {
        guard case .sequence(let sequence) = node else {
            report("wrong_type", at: node, "'channels' should be a list of channels, not \(Self.typeName(node))")
            return []
        }
        var channels: [ChannelConfig] = []
        var seen: [String: Int] = [:]
        for item in sequence {
            if let nameNode = Self.value(of: "name", in: item), let name = nameNode.scalar?.string {
                if let line = seen[name] {
                    report("duplicate_name", at: item["name"] ?? item, "duplicate channel name '\(name)' (first defined at line \(line))")
                    continue
                }
                seen[name] = position(item).line
            }
            if let channel = parseChannel(item) { channels.append(channel) }
        }
        return channels
    }

    mutating func parseChannel(_ node: Node) -> ChannelConfig? {
        let before = diagnostics.count
        let written = Self.value(of: "name", in: node)?.scalar?.string
        guard let pairs = mapping(node, written.map { "channel '\($0)'" } ?? "a channel", allowed: Self.channelKeys) else { return nil }
        var name = ""
        if let nameNode = pairs["name"], let text = string(nameNode, "the channel name") {
            if Self.isValidName(text) {
                name = text
            } else {
                report("bad_value", at: nameNode, "channel name '\(text)' should use only letters, digits, '-', '_' and '.'")
            }
        } else if pairs["name"] == nil {
            report("missing_key", at: node, "a channel needs a 'name:'")
        }
        let label = name.isEmpty ? "the channel" : "channel '\(name)'"
        guard let typeNode = pairs["type"] else {
            report("missing_key", at: node, "\(label) needs a 'type:' (stdout, file or webhook)")
            return nil
        }
        guard let type = choice(typeNode, "channel type", ChannelConfig.ChannelType.allCases.map { ($0.rawValue, $0) }) else {
            return nil
        }
        let allowedFormats: [ChannelConfig.Format] = switch type {
        case .stdout: [.text, .json]
        case .file: [.json, .text]
        case .webhook: [.json, .slack, .mattermost, .discord, .teams, .googlechat]
        }
        var format = allowedFormats[0]
        if let formatNode = pairs["format"] {
            if let value = choice(formatNode, "format for a \(type.rawValue) channel", allowedFormats.map { ($0.rawValue, $0) }) {
                format = value
            }
        }
        var channel = ChannelConfig(name: name, type: type, format: format)

        // Keys that only make sense for one type.
        let onlyFor: [(String, ChannelConfig.ChannelType)] = [
            ("url", .webhook), ("secret", .webhook), ("allow_private_network", .webhook), ("timeout", .webhook),
            ("path", .file), ("rotate", .file), ("max_size", .file),
        ]
        for (key, owner) in onlyFor where owner != type {
            if let keyNode = pairs[key] {
                report("bad_value", at: keyNode, "'\(key)' only applies to \(owner.rawValue) channels, and \(label) is a \(type.rawValue) channel")
            }
        }

        if type == .webhook {
            if let urlNode = pairs["url"], let raw = string(urlNode, "'url' of \(label)"),
               let url = expand(raw, at: urlNode, what: "'url' of \(label)") {
                let lower = url.lowercased()
                if !(lower.hasPrefix("https://") || lower.hasPrefix("http://")) || url.count < 10 {
                    report("bad_value", at: urlNode, "'url' of \(label) should be an http(s) URL, not '\(Self.mask(url: url))'")
                }
                channel.url = url
            } else if pairs["url"] == nil {
                report("missing_key", at: node, "\(label) is a webhook and needs a 'url:'")
            }
            if let secretNode = pairs["secret"], let values = strings(secretNode, "'secret' of \(label)") {
                for (index, (raw, itemNode)) in values.enumerated() {
                    guard let secret = expand(raw, at: itemNode, what: "'secret' of \(label)") else { continue }
                    if Self.isStandardWebhooksSecret(secret) {
                        channel.secrets.append(secret)
                    } else {
                        let which = values.count > 1 ? " number \(index + 1)" : ""
                        report("bad_value", at: itemNode,
                               "secret\(which) of \(label) is not a Standard Webhooks secret: expected 'whsec_' followed by base64 (value hidden)")
                    }
                }
            }
            if let node = pairs["allow_private_network"], let value = bool(node, "'allow_private_network' of \(label)") {
                channel.allowPrivateNetwork = value
            }
            if let node = pairs["timeout"], let value = duration(node, "'timeout' of \(label)") {
                channel.timeoutSeconds = value.timeIntervalSeconds
            }
        }
        if type == .file {
            if let pathNode = pairs["path"], let raw = string(pathNode, "'path' of \(label)"),
               let path = expand(raw, at: pathNode, what: "'path' of \(label)") {
                if path.isEmpty { report("bad_value", at: pathNode, "'path' of \(label) is empty") }
                channel.path = path
            } else if pairs["path"] == nil {
                report("missing_key", at: node, "\(label) is a file channel and needs a 'path:'")
            }
            var maxSize: Int?
            if let sizeNode = pairs["max_size"], let text = string(sizeNode, "'max_size' of \(label)") {
                switch ValueParsers.size(text) {
                case .success(let bytes): maxSize = bytes
                case .failure(let problem): report("bad_size", at: sizeNode, "'max_size' of \(label): \(problem.message)")
                }
            }
            if let rotateNode = pairs["rotate"], let rotate = choice(rotateNode, "'rotate' of \(label)", [("daily", "daily"), ("size", "size")]) {
                if rotate == "daily" {
                    channel.rotate = .daily
                    if let sizeNode = pairs["max_size"] {
                        report("bad_value", at: sizeNode, "'max_size' of \(label) needs 'rotate: size'")
                    }
                } else if let maxSize {
                    channel.rotate = .size(bytes: maxSize)
                } else if pairs["max_size"] == nil {
                    report("missing_key", at: rotateNode, "'rotate: size' of \(label) needs 'max_size:' (like 10MB)")
                }
            } else if pairs["rotate"] == nil, let sizeNode = pairs["max_size"] {
                report("bad_value", at: sizeNode, "'max_size' of \(label) needs 'rotate: size'")
            }
        }
        if let retryNode = pairs["retry"], let retry = mapping(retryNode, "'retry' of \(label)", allowed: ["schedule"]),
           let scheduleNode = retry["schedule"] {
            if case .sequence(let items) = scheduleNode {
                channel.retrySchedule = items.compactMap { duration($0, "a delay in 'retry' of \(label)")?.timeIntervalSeconds }
            } else {
                report("wrong_type", at: scheduleNode, "'schedule' of \(label) should be a list of durations like [5s, 5m, 30m]")
            }
        }
        if let rateNode = pairs["rate_limit"], let text = string(rateNode, "'rate_limit' of \(label)") {
            switch ValueParsers.rateLimit(text.trimmingSpaces) {
            case .success(let rate): channel.rateLimit = rate
            case .failure(let problem): report("bad_rate", at: rateNode, "'rate_limit' of \(label): \(problem.message)")
            }
        }
        if let node = pairs["max_in_flight"], let value = int(node, "'max_in_flight' of \(label)") {
            if value < 1 { report("bad_value", at: node, "'max_in_flight' of \(label) should be at least 1") }
            channel.maxInFlight = value
        }
        if let node = pairs["template"], let raw = string(node, "'template' of \(label)") {
            channel.template = expand(raw, at: node, what: "'template' of \(label)")
        }
        return diagnostics.count == before ? channel : nil
    }

    /// Replaces `${NAME}` with the environment's value; reports an unset variable by name.
    /// `$${` writes a literal `${`.
    mutating func expand(_ text: String, at node: Node, what: String) -> String? {
        switch EnvironmentExpander.expand(text, environment: environment) {
        case .success(let value):
            return value
        case .failure(.unset(let name)):
            report("unset_variable", at: node, "environment variable \(name) is not set (used in \(what))")
        case .failure(.malformed(let offset)):
            report("bad_value", at: node, "\(what): a '${' at character \(offset + 1) is not closed or holds no variable name")
        }
        return nil
    }

    /// A URL safe to show: scheme and host only.
    static func mask(url: String) -> String {
        ChannelConfig(name: "", type: .webhook, format: .json, url: url).maskedURL ?? "…"
    }

    /// `whsec_` followed by non-empty base64.
    static func isStandardWebhooksSecret(_ secret: String) -> Bool {
        guard secret.hasPrefix("whsec_") else { return false }
        let body = secret.dropFirst(6).unicodeScalars
        guard body.count >= 8, body.count % 4 == 0 else { return false }
        let padding = body.reversed().prefix { $0 == "=" }.count
        guard padding <= 2 else { return false }
        return body.dropLast(padding).allSatisfy {
            ("A"..."Z").contains($0) || ("a"..."z").contains($0) || ("0"..."9").contains($0) || $0 == "+" || $0 == "/"
        }
    }
}

extension RuleDuration {
    /// The length in seconds as a `Double` (channel settings are in seconds).
    var timeIntervalSeconds: Double { Double(seconds) }
}
