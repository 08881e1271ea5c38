import DatelineApp
import DatelineCore
import DatelineRules
import DatelineStorage
import Foundation
import Hummingbird

/// `/v1/rules`: validate, apply (versioned), list, show, backtest and silence — the same
/// `RuleCatalog` calls as `dateline rules check|apply|list|show|test|silence`.
///
/// API input is never `${VAR}`-expanded (the server's environment is not the caller's to read):
/// a rules file sent here that uses `${VAR}` is refused with `unset_variable` at its position.
extension APIServer {
    /// The name positions in errors refer to.
    static let rulesBodyName = "body"

    func addRuleRoutes(to v1: RouterGroup<ServerContext>) {
        v1.post("rules/validate") { request, context in
            try context.require(.read)
            let (yaml, _) = try await Self.rulesInput(request, extraFields: [])
            let known = try await RuleCatalog.known(in: self.context)
            let result = RuleCatalog.check(yaml: yaml, file: Self.rulesBodyName, environment: [:], known: known)
            guard let ruleFile = result.ruleFile else { return try Self.invalidRules(result.diagnostics, request: request) }
            return Self.jsonResponse(try AlertingJSON.validation(ruleFile))
        }
        v1.post("rules") { request, context in
            try context.require(.admin)
            let (yaml, object) = try await Self.rulesInput(request, extraFields: ["prune"])
            var prune = try object.flatMap { try Self.bool($0, "prune") } ?? false
            if let text = request.uri.queryParameters["prune"] {
                guard let flag = Bool(String(text)) else {
                    throw Problem(status: .unprocessableContent, code: "invalid_input", detail: "prune: true or false")
                }
                prune = flag
            }
            do {
                let summary = try await RuleCatalog.apply(yaml: yaml, file: Self.rulesBodyName, environment: [:], prune: prune, in: self.context)
                return Self.jsonResponse(try AlertingJSON.applied(summary))
            } catch let error as RulesError where !error.diagnostics.isEmpty {
                return try Self.invalidRules(error.diagnostics, request: request)
            }
        }
        v1.get("rules") { _, context in
            try context.require(.read)
            return Self.jsonResponse(try AlertingJSON.rules(try await self.context.rules.list()))
        }
        v1.get("rules/:name") { _, context in
            try context.require(.read)
            let name = try Self.name(context)
            let versions = try await self.context.rules.versions(of: name)
            let listing = try await self.context.rules.list().first { $0.name == name }
            return Self.jsonResponse(try AlertingJSON.rule(versions: versions, listing: listing))
        }
        v1.post("rules/backtest") { request, context in
            try context.require(.read)
            let object = try Self.jsonObject(try await Self.body(request))
            try Self.requireKnownFields(object, ["yaml", "from", "to"])
            let from = try Self.requiredString(object, "from", "a day YYYY-MM-DD or an ISO 8601 time")
            let to = try Self.requiredString(object, "to", "a day YYYY-MM-DD (inclusive) or an ISO 8601 time")
            let window = try RuleCatalog.backtestWindow(from: from, to: to, fromName: "from", toName: "to")
            let result: Backtester.Result
            do {
                if let yaml = try Self.string(object, "yaml") {
                    result = try await RuleCatalog.backtest(
                        yaml: yaml, file: Self.rulesBodyName, environment: [:], from: window.from, to: window.to, in: self.context)
                } else {
                    result = try await RuleCatalog.backtestStored(from: window.from, to: window.to, in: self.context)
                }
            } catch let error as RulesError where !error.diagnostics.isEmpty {
                return try Self.invalidRules(error.diagnostics, request: request)
            }
            return Self.jsonResponse(try AlertingJSON.backtest(result))
        }
        v1.post("rules/:name/silence") { request, context in
            try context.require(.write)
            let name = try Self.name(context)
            let object = try Self.jsonObject(try await Self.body(request))
            try Self.requireKnownFields(object, ["for"])
            let duration = try Self.requiredString(object, "for", "how long: 30m, 2h, 1d")
            let (length, until) = try await RuleCatalog.silence(rule: name, for: duration, now: Date(), in: self.context)
            return Self.jsonResponse(try AlertingJSON.silenced(rule: name, length: length, until: until))
        }
    }

    /// The rules file of a request: the body itself for `text/yaml`, `application/yaml` and
    /// `text/plain`, otherwise JSON `{"yaml": "..."}` (plus `extraFields`).
    static func rulesInput(_ request: Request, extraFields: [String]) async throws -> (yaml: String, object: [String: Any]?) {
        let data = try await body(request)
        let type = request.headers[.contentType]?.lowercased() ?? ""
        if type.hasPrefix("text/yaml") || type.hasPrefix("application/yaml") || type.hasPrefix("application/x-yaml") || type.hasPrefix("text/plain") {
            guard let yaml = String(data: data, encoding: .utf8) else {
                throw Problem(status: .unprocessableContent, code: "invalid_input", detail: "body: the rules file must be UTF-8")
            }
            return (yaml, nil)
        }
        let object = try jsonObject(data)
        try requireKnownFields(object, ["yaml"] + extraFields)
        let yaml = try requiredString(object, "yaml", "the rules file as a string, or send it as text/yaml")
        return (yaml, object)
    }

    /// 422 listing every problem with its line and column.
    static func invalidRules(_ diagnostics: [RuleDiagnostic], request: Request) throws -> Response {
        let count = diagnostics.count
        let detail = "\(count) problem\(count == 1 ? "" : "s") in the rules file: " + diagnostics.map { "\($0.position.line):\($0.position.column): \($0.message)" }.joined(separator: "; ")
        return try problemResponse(
            .unprocessableContent, code: "invalid_rule_file", detail: detail, request: request,
            extensions: ["errors": AlertingJSON.diagnostics(diagnostics)])
    }
}
