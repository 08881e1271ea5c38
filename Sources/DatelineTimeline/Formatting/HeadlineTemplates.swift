import DatelineCore
import Foundation

/// The wording of generated headlines, loaded from `Resources/headlines.json`.
///
/// A headline is the status frame (`"{actor} expected to {base}"`) with `{actor}`, `{past}` and
/// `{base}` taken from the kind's template lists; in each list the first template whose
/// placeholders (`{subject}`, `{organization}`, `{post}`, `{counterparty}`, `{kind}`) all have a
/// value wins, so "Acting Commissioner Melanie Krause" falls back to "Melanie Krause" when the
/// post is unknown. Kinds without an entry use `default`.
public struct HeadlineTemplates: Sendable, Hashable, Decodable {
    /// Templates of one kind.
    public struct KindTemplates: Sendable, Hashable, Decodable {
        /// Who: "{post} {subject}", "{subject}", … (the first that can be filled wins).
        public var actor: [String]
        /// What, in the past tense: "resigned from {organization}", "resigned".
        public var past: [String]
        /// What, in the base form after "expected to": "resign from {organization}", "resign".
        public var base: [String]
    }

    /// One frame per status name (`occurred`, `expected`, `reported`, `denied`).
    public var statusFrames: [String: String]
    /// The templates of kinds without an entry in `kinds`.
    public var `default`: KindTemplates
    /// Templates by kind name (`resignation`, `court_filing`, a newsroom's own kind).
    public var kinds: [String: KindTemplates]

    enum CodingKeys: String, CodingKey {
        case statusFrames = "status_frames"
        case `default`
        case kinds
    }

    static let placeholders: Set<String> = ["subject", "organization", "post", "counterparty", "kind"]

    /// Parses and validates a templates file (the format of the bundled `headlines.json`).
    public init(json data: Data, name: String = "headlines.json") throws {
        do {
            self = try JSONDecoder().decode(HeadlineTemplates.self, from: data)
        } catch {
            throw TimelineError.resource(name, "not a valid templates file (\(error))")
        }
        for status in EventStatus.allCases {
            guard let frame = statusFrames[status.rawValue] else {
                throw TimelineError.resource(name, "status_frames has no \"\(status.rawValue)\"")
            }
            guard frame.contains("{actor}") else {
                throw TimelineError.resource(name, "status frame \"\(status.rawValue)\" lacks {actor}")
            }
        }
        for (kind, t) in kinds.map({ ($0.key, $0.value) }) + [("default", self.default)] {
            for (slot, list) in [("actor", t.actor), ("past", t.past), ("base", t.base)] {
                guard !list.isEmpty else { throw TimelineError.resource(name, "\(kind).\(slot) is empty") }
                for template in list {
                    for p in Self.names(in: template) where !Self.placeholders.contains(p) {
                        throw TimelineError.resource(name, "\(kind).\(slot): unknown placeholder {\(p)} in \"\(template)\"")
                    }
                }
            }
        }
    }

    /// The templates shipped with the module.
    public static func bundled() throws -> HeadlineTemplates {
        try bundledResult.get()
    }

    private static let bundledResult: Result<HeadlineTemplates, TimelineError> = {
        guard let url = Bundle.module.url(forResource: "headlines", withExtension: "json", subdirectory: "Resources")
            ?? Bundle.module.url(forResource: "headlines", withExtension: "json")
        else { return .failure(TimelineError.resource("headlines.json", "missing from the module's resources")) }
        do {
            return .success(try HeadlineTemplates(json: Data(contentsOf: url)))
        } catch let error as TimelineError {
            return .failure(error)
        } catch {
            return .failure(TimelineError.resource("headlines.json", "unreadable (\(error))"))
        }
    }()

    /// The headline of an event, one line, first letter capitalized.
    public func headline(for event: Event) -> String {
        headline(
            kind: event.kind, status: event.status, subject: event.name(for: .subject),
            organization: event.name(for: .organization), post: event.name(for: .post),
            counterparty: event.name(for: .counterparty))
    }

    /// The headline from plain names, for callers that have no `Event` yet (the storage layer
    /// makes a stored title from an extracted event with this: `post` is its `role`). Empty or
    /// blank names count as missing.
    public func headline(
        kind: EventKind, status: EventStatus, subject: String?, organization: String?, post: String?,
        counterparty: String?
    ) -> String {
        var values: [String: String] = ["kind": kind.rawValue.replacing("_", with: " ")]
        let names: [(String, String?)] = [
            ("subject", subject), ("organization", organization), ("post", post), ("counterparty", counterparty),
        ]
        for (key, name) in names {
            if let name = name.map(Self.oneLine), !name.isEmpty { values[key] = name }
        }
        // The store names a post "Director, Bureau of Ports"; with the organization in the
        // sentence already, the title alone reads right ("Director Alma Reyes resigned from …").
        if let post = values["post"], let organization = values["organization"], post.hasSuffix(", " + organization),
           post.count > organization.count + 2 {
            values["post"] = String(post.dropLast(organization.count + 2))
        }
        let t = kinds[kind.rawValue] ?? self.default
        let frame = statusFrames[status.rawValue] ?? "{actor} {past}"
        let actor = Self.first(t.actor, values) ?? ""
        let past = Self.first(t.past, values) ?? ""
        let base = Self.first(t.base, values) ?? ""
        let text = Self.oneLine(Self.fill(frame, ["actor": actor, "past": past, "base": base]))
        guard let first = text.first else { return text }
        return first.uppercased() + text.dropFirst()
    }

    /// The first template whose placeholders all have values, filled.
    static func first(_ templates: [String], _ values: [String: String]) -> String? {
        for t in templates where names(in: t).allSatisfy({ values[$0] != nil }) {
            return fill(t, values)
        }
        return nil
    }

    /// The placeholder names in a template (`{name}`).
    static func names(in template: String) -> [String] {
        var result: [String] = []
        var rest = template[...]
        while let open = rest.firstIndex(of: "{") {
            let after = rest[rest.index(after: open)...]
            guard let close = after.firstIndex(of: "}") else { break }
            result.append(String(after[..<close]))
            rest = after[after.index(after: close)...]
        }
        return result
    }

    /// Replaces `{name}` with values; unknown names are left as they are.
    static func fill(_ template: String, _ values: [String: String]) -> String {
        var out = ""
        var rest = template[...]
        while let open = rest.firstIndex(of: "{") {
            out += rest[..<open]
            let after = rest[rest.index(after: open)...]
            guard let close = after.firstIndex(of: "}") else { out += rest[open...]; return out }
            let name = String(after[..<close])
            out += values[name] ?? "{\(name)}"
            rest = after[after.index(after: close)...]
        }
        out += rest
        return out
    }

    /// Collapses all whitespace runs (newlines included) to single spaces and trims.
    static func oneLine(_ s: String) -> String {
        s.split(whereSeparator: { $0.isWhitespace || $0.isNewline }).joined(separator: " ")
    }
}
