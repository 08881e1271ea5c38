import DatelineCore
import Yams

extension ParseSession {
    static let ruleKeys = ["name", "description", "match", "on", "notify", "throttle", "threshold", "deadline", "group_by"]
    static let filterKeys = [
        "kinds", "status", "previous_status", "entities", "watchlist", "watchlists", "organization", "posts",
        "event_date", "reported_within", "min_sources", "min_confidence", "text",
    ]

    mutating func parseRules(_ node: Node, channels: Set<String>) -> [AlertRule] {
        guard case .sequence(let sequence) = node else {
            report("wrong_type", at: node, "'rules' should be a list of rules, not \(Self.typeName(node))")
            return []
        }
        var rules: [AlertRule] = []
        var seen: [String: SourcePosition] = [:]
        for item in sequence {
            // Names are checked before the rule itself, so an invalid rule still claims its name.
            if let nameNode = Self.value(of: "name", in: item), let name = nameNode.scalar?.string {
                if let first = seen[name] {
                    report("duplicate_name", at: item["name"] ?? item, "duplicate rule name '\(name)' (first defined at line \(first.line))")
                    continue
                }
                seen[name] = position(item)
            }
            if let rule = parseRule(item, channels: channels) { rules.append(rule) }
        }
        return rules
    }

    /// Whether a name is usable on a command line: letters, digits, `-`, `_`, `.`.
    static func isValidName(_ name: String) -> Bool {
        !name.isEmpty && name.count <= 100 && name.unicodeScalars.allSatisfy {
            $0.properties.isAlphabetic || ("0"..."9").contains($0) || $0 == "-" || $0 == "_" || $0 == "."
        }
    }

    mutating func parseRule(_ node: Node, channels: Set<String>) -> AlertRule? {
        let before = diagnostics.count
        let written = Self.value(of: "name", in: node)?.scalar?.string
        guard let pairs = mapping(node, written.map { "rule '\($0)'" } ?? "a rule", allowed: Self.ruleKeys) else { return nil }
        var name = ""
        if let nameNode = pairs["name"], let text = string(nameNode, "the rule name") {
            if Self.isValidName(text) {
                name = text
            } else {
                report("bad_value", at: nameNode, "rule name '\(text)' should use only letters, digits, '-', '_' and '.'")
            }
        } else if pairs["name"] == nil {
            report("missing_key", at: node, "a rule needs a 'name:'")
        }
        let label = name.isEmpty ? "the rule" : "rule '\(name)'"
        let description = pairs["description"].flatMap { string($0, "the description of \(label)") }

        var on: [ChangeKind] = [.new]
        if let onNode = pairs["on"], let values = strings(onNode, "'on' of \(label)") {
            let options = ChangeKind.allCases.map { ($0.rawValue, $0) }
            on = values.compactMap { choice($0.1, "change kind", options) }
        }

        var notify: [String] = []
        if let notifyNode = pairs["notify"], let values = strings(notifyNode, "'notify' of \(label)") {
            for (channel, channelNode) in values {
                if channels.contains(channel) {
                    notify.append(channel)
                } else {
                    let hint = Suggestion.closest(to: channel, in: channels.sorted()).map { " (did you mean '\($0)'?)" } ?? ""
                    report("unknown_channel", at: channelNode,
                           "unknown channel '\(channel)' in 'notify' of \(label): define it under 'channels:'\(hint)")
                }
            }
            if values.isEmpty { report("missing_key", at: notifyNode, "'notify' of \(label) lists no channel") }
        } else if pairs["notify"] == nil {
            report("missing_key", at: node, "\(label) needs a 'notify:' list of channels")
        }

        let throttle = pairs["throttle"].flatMap { duration($0, "'throttle' of \(label)") }
        let groupBy = pairs["group_by"].flatMap { groupByValue($0, label) }

        var trigger: AlertRule.Trigger?
        switch (pairs["match"], pairs["deadline"]) {
        case (.some(let matchNode), nil):
            let filter = parseFilter(matchNode, "'match' of \(label)")
            if let thresholdNode = pairs["threshold"] {
                if let threshold = parseThreshold(thresholdNode, label), let filter { trigger = .threshold(filter, threshold) }
            } else if let filter {
                trigger = .each(filter)
            }
        case (nil, .some(let deadlineNode)):
            if let thresholdNode = pairs["threshold"] {
                report("bad_value", at: thresholdNode, "\(label) has both 'deadline' and 'threshold': a deadline rule cannot count")
            }
            if let deadline = parseDeadline(deadlineNode, label) { trigger = .deadline(deadline) }
        case (.some, .some(let deadlineNode)):
            report("bad_value", at: deadlineNode,
                   "\(label) has both 'match' and 'deadline': a deadline rule puts its conditions in 'after' and 'expect'")
        case (nil, nil):
            report("missing_key", at: node, "\(label) needs a 'match:' (or a 'deadline:') block")
        }
        if let filter = trigger?.primaryFilter,
           !filter.previousStatuses.isEmpty, pairs["on"] == nil {
            on = [.statusChange]
        }
        guard diagnostics.count == before, let trigger else { return nil }
        return AlertRule(name: name, description: description, trigger: trigger, on: on, notify: notify,
                    throttle: throttle, groupBy: groupBy, position: position(node))
    }

    mutating func groupByValue(_ node: Node, _ label: String) -> AlertRule.GroupBy? {
        choice(node, "'group_by' of \(label)", AlertRule.GroupBy.allCases.map { ($0.rawValue, $0) })
    }

    mutating func parseThreshold(_ node: Node, _ label: String) -> AlertRule.Threshold? {
        let before = diagnostics.count
        guard let pairs = mapping(node, "'threshold' of \(label)", allowed: ["count", "within", "group_by"]) else { return nil }
        var count = 0
        if let countNode = pairs["count"], let value = int(countNode, "'count' of \(label)") {
            if value < 1 { report("bad_value", at: countNode, "'count' of \(label) should be at least 1") }
            count = value
        } else if pairs["count"] == nil {
            report("missing_key", at: node, "'threshold' of \(label) needs a 'count:'")
        }
        var within: RuleDuration?
        if let withinNode = pairs["within"] {
            within = duration(withinNode, "'within' of \(label)")
        } else {
            report("missing_key", at: node, "'threshold' of \(label) needs 'within:' (a duration like 30d)")
        }
        let groupBy = pairs["group_by"].flatMap { groupByValue($0, label) }
        guard diagnostics.count == before, let within else { return nil }
        return AlertRule.Threshold(count: count, within: within, groupBy: groupBy)
    }

    mutating func parseDeadline(_ node: Node, _ label: String) -> AlertRule.Deadline? {
        let before = diagnostics.count
        guard let pairs = mapping(node, "'deadline' of \(label)", allowed: ["after", "expect", "within"]) else { return nil }
        let after = pairs["after"].flatMap { parseFilter($0, "'after' of \(label)") }
        let expect = pairs["expect"].flatMap { parseFilter($0, "'expect' of \(label)") }
        let within = pairs["within"].flatMap { duration($0, "'within' of \(label)") }
        for key in ["after", "expect", "within"] where pairs[key] == nil {
            report("missing_key", at: node, "'deadline' of \(label) needs '\(key):'")
        }
        guard diagnostics.count == before, let after, let expect, let within else { return nil }
        return AlertRule.Deadline(after: after, expect: expect, within: within)
    }

    // MARK: Filters

    mutating func parseFilter(_ node: Node, _ what: String) -> RuleFilter? {
        let before = diagnostics.count
        guard let pairs = mapping(node, what, allowed: Self.filterKeys) else { return nil }
        var filter = RuleFilter()
        if let kindsNode = pairs["kinds"], let values = strings(kindsNode, "'kinds' of \(what)") {
            for (kind, kindNode) in values {
                if knownKinds.contains(kind) {
                    filter.kinds.append(EventKind(rawValue: kind))
                } else {
                    let hint = Suggestion.closest(to: kind, in: knownKinds.sorted()).map { " (did you mean '\($0)'?)" } ?? ""
                    report("unknown_kind", at: kindNode, "unknown kind '\(kind)' in \(what)\(hint)")
                }
            }
        }
        let statusOptions = EventStatus.allCases.map { ($0.rawValue, $0) }
        if let statusNode = pairs["status"], let values = strings(statusNode, "'status' of \(what)") {
            filter.statuses = values.compactMap { choice($0.1, "status", statusOptions) }
        }
        if let statusNode = pairs["previous_status"], let values = strings(statusNode, "'previous_status' of \(what)") {
            filter.previousStatuses = values.compactMap { choice($0.1, "status", statusOptions) }
        }
        if let entitiesNode = pairs["entities"], let values = strings(entitiesNode, "'entities' of \(what)") {
            filter.entities = values.map(\.0).filter { !$0.trimmingSpaces.isEmpty }
        }
        for key in ["watchlist", "watchlists"] {
            guard let listNode = pairs[key], let values = strings(listNode, "'\(key)' of \(what)") else { continue }
            for (watchlist, watchlistNode) in values {
                if let known = knownWatchlists, !known.contains(watchlist) {
                    let hint = Suggestion.closest(to: watchlist, in: known.sorted()).map { " (did you mean '\($0)'?)" } ?? ""
                    report("unknown_watchlist", at: watchlistNode, "unknown watchlist '\(watchlist)' in \(what)\(hint)")
                } else {
                    filter.watchlists.append(watchlist)
                }
            }
        }
        if let orgNode = pairs["organization"], let values = strings(orgNode, "'organization' of \(what)") {
            filter.organizations = values.map(\.0)
        }
        if let postsNode = pairs["posts"], let values = strings(postsNode, "'posts' of \(what)") {
            filter.posts = values.map(\.0)
        }
        if let dateNode = pairs["event_date"] { filter.eventDate = parseDateWindow(dateNode, "'event_date' of \(what)") }
        if let withinNode = pairs["reported_within"] { filter.reportedWithin = duration(withinNode, "'reported_within' of \(what)") }
        if let sourcesNode = pairs["min_sources"], let value = int(sourcesNode, "'min_sources' of \(what)") {
            if value < 0 { report("bad_value", at: sourcesNode, "'min_sources' of \(what) should not be negative") }
            filter.minSources = value
        }
        if let confidenceNode = pairs["min_confidence"], let value = double(confidenceNode, "'min_confidence' of \(what)") {
            if !(0...1).contains(value) {
                report("bad_value", at: confidenceNode, "'min_confidence' of \(what) should be between 0 and 1, not \(value)")
            }
            filter.minConfidence = value
        }
        if let textNode = pairs["text"], let text = string(textNode, "'text' of \(what)") {
            switch TextQueryParser.parse(text) {
            case .success(let query):
                filter.text = text
                filter.textQuery = query
            case .failure(let problem):
                report("bad_text_query", at: textNode, "'text' of \(what): \(problem.message)")
            }
        }
        return diagnostics.count == before ? filter : nil
    }

    mutating func parseDateWindow(_ node: Node, _ what: String) -> RuleFilter.DateWindow? {
        guard let pairs = mapping(node, what, allowed: ["from", "to"]) else { return nil }
        let from = pairs["from"].flatMap { dateBound($0, "'from' of \(what)") }
        let to = pairs["to"].flatMap { dateBound($0, "'to' of \(what)") }
        if pairs.isEmpty { report("missing_key", at: node, "\(what) needs 'from:' and/or 'to:'") }
        if case .date(let start)? = from, case .date(let end)? = to, end < start {
            report("bad_date", at: node, "\(what) ends (\(end.iso)) before it starts (\(start.iso))")
        }
        return RuleFilter.DateWindow(from: from, to: to)
    }

    /// `2025-01-31`, `today`, `-30d`, `+2w`.
    mutating func dateBound(_ node: Node, _ what: String) -> RuleFilter.DateWindow.Bound? {
        guard let raw = string(node, what) else { return nil }
        let text = raw.trimmingSpaces
        if text == "today" { return .relativeDays(0) }
        if let date = CalendarDate(iso: text) { return .date(date) }
        if let sign = text.first, sign == "-" || sign == "+",
           case .success(let duration) = RuleDuration.parse(String(text.dropFirst())),
           duration.seconds % 86_400 == 0 {
            let days = Int(duration.seconds / 86_400)
            return .relativeDays(sign == "-" ? -days : days)
        }
        report("bad_date", at: node, "\(what): '\(text)' is not a date: write 2025-01-31, today, -30d or +2w")
        return nil
    }
}
