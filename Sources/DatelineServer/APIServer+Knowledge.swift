import DatelineApp
import DatelineCore
import DatelineStorage
import Foundation
import Hummingbird
import NIOCore

/// The routes people use to fix what the machine got wrong: event corrections, entity aliases
/// and merges, and watchlist writes. Reads need the read scope; every write here needs write
/// (a merge too: `entities split` undoes it, so it is an editor's correction, not an admin's).
extension APIServer {
    /// The largest JSON body these routes accept; bigger ones get 413.
    static let knowledgeBodyLimit = 64 * 1024

    /// Adds the knowledge routes to the authenticated `/v1` group.
    func addKnowledgeRoutes(to v1: RouterGroup<ServerContext>) {
        v1.get("events/:id") { _, context in try await getEvent(context) }
        v1.patch("events/:id") { request, context in try await patchEvent(request, context) }

        v1.post("entities/:id/aliases") { request, context in try await addAlias(request, context) }
        v1.delete("entities/:id/aliases/:alias") { _, context in
            try context.require(.write)
            let entity = try await self.context.entities.removeAlias(try Self.text(context, "id"), alias: try Self.text(context, "alias"))
            return Self.jsonResponse(try Self.encode(entity))
        }
        v1.post("entities/:id/merge") { request, context in try await mergeEntity(request, context) }
        v1.post("entities/:id/split") { request, context in try await splitEntity(request, context) }

        v1.put("watchlists/:name") { request, context in try await putWatchlist(request, context) }
        v1.delete("watchlists/:name") { _, context in
            try context.require(.write)
            try await self.context.watchlists.delete(try Self.text(context, "name"))
            return Response(status: .noContent)
        }
        v1.post("watchlists/:name/members") { request, context in try await addMember(request, context) }
        v1.delete("watchlists/:name/members/:member") { _, context in
            try context.require(.write)
            let name = try Self.text(context, "name"), member = try Self.text(context, "member")
            guard try await self.context.watchlists.remove(name, members: [member]) > 0 else {
                throw Problem(status: .notFound, code: "not_found", detail: "'\(member)' is not a member of watchlist \(name)")
            }
            return Response(status: .noContent)
        }
    }

    // MARK: - Events

    func getEvent(_ context: ServerContext) async throws -> Response {
        try context.require(.read)
        return try Self.eventResponse(try await self.context.events.detail(id: try Self.id(context)))
    }

    func patchEvent(_ request: Request, _ context: ServerContext) async throws -> Response {
        try context.require(.write)
        let id = try Self.id(context)
        let body = try await Self.jsonBody(request, known: ["kind", "date", "date_precision", "status", "wrong", "note"])
        var arguments = EventCorrectionArguments(
            kind: try body.string("kind"), datePrecision: try body.string("date_precision"), status: try body.string("status"),
            wrong: try body.bool("wrong"), note: try body.string("note"))
        if let date = body.values["date"] {
            if case .null = date { arguments.undated = true } else { arguments.date = try body.string("date") }
        }
        let correction: EventCorrection
        do {
            correction = try arguments.correction()
        } catch let error as AppError {
            throw Problem(status: .unprocessableContent, code: error.code, detail: error.message)
        }
        let version = try Self.ifMatch(request)
        do {
            // `*` matches any version of an event that exists (an unknown id is 404 either way).
            let detail = try await self.context.events.correct(
                id: id, correction, actor: context.actor ?? "token", ifVersion: version == "*" ? nil : version)
            return try Self.eventResponse(detail)
        } catch let error as StorageError where error.code == "stale_version" {
            throw Problem(status: .preconditionFailed, code: "precondition_failed", detail: "the event changed since you read it (If-Match does not match its ETag); read it again")
        }
    }

    /// The event's JSON with its ETag (its version).
    static func eventResponse(_ detail: EventDetail) throws -> Response {
        var response = jsonResponse(try EventOutput.json(detail))
        response.headers[.eTag] = "\"\(detail.version)\""
        return response
    }

    /// The version an `If-Match` header asks for: `nil` without one, `*` for any.
    static func ifMatch(_ request: Request) throws -> String? {
        guard let header = request.headers[.ifMatch]?.trimmingCharacters(in: .whitespaces), !header.isEmpty else { return nil }
        if header == "*" { return "*" }
        // One strong ETag is what GET sends; a weak or listed one cannot match it.
        guard header.count >= 2, header.hasPrefix("\""), header.hasSuffix("\""), !header.contains(",") else {
            throw Problem(status: .preconditionFailed, code: "precondition_failed", detail: "If-Match must be the ETag from GET /v1/events/{id}")
        }
        return String(header.dropFirst().dropLast())
    }

    // MARK: - Entities

    func addAlias(_ request: Request, _ context: ServerContext) async throws -> Response {
        try context.require(.write)
        let reference = try Self.text(context, "id")
        let body = try await Self.jsonBody(request, known: ["name", "kind"])
        guard let name = try body.string("name") else { throw Problem(status: .unprocessableContent, code: "invalid_input", detail: "name: missing") }
        var kind = AliasKind.alias
        if let text = try body.string("kind") {
            guard let value = AliasKind(rawValue: text), value != .name else {
                throw Problem(status: .unprocessableContent, code: "invalid_input", detail: "kind: must be acronym, alias or previous")
            }
            kind = value
        }
        let entity = try await self.context.entities.addAlias(reference, alias: name, kind: kind)
        return Self.jsonResponse(try Self.encode(entity), status: .created)
    }

    func mergeEntity(_ request: Request, _ context: ServerContext) async throws -> Response {
        try context.require(.write)
        let source = try Self.text(context, "id")
        let body = try await Self.jsonBody(request, known: ["into"])
        let into: String
        switch body.values["into"] {
        case let .number(value)? where value == value.rounded() && value > 0: into = String(Int64(value))
        case let .string(text)? where !text.isEmpty: into = text
        case nil: throw Problem(status: .unprocessableContent, code: "invalid_input", detail: "into: missing (the id of the entity that survives)")
        default: throw Problem(status: .unprocessableContent, code: "invalid_input", detail: "into: expected an entity id or name")
        }
        let merged = try await self.context.entities.resolveOne(source)
        let survivor = try await self.context.entities.merge(source, into: into)
        return Self.jsonResponse(try Self.encode(MergeResult(merged: merged.id, into: try await self.context.entities.detail(String(survivor.id)))))
    }

    /// Undoes a merge (no `events`), or moves `events` to a new entity of the same name.
    func splitEntity(_ request: Request, _ context: ServerContext) async throws -> Response {
        try context.require(.write)
        let reference = try Self.text(context, "id")
        let body = try await Self.jsonBody(request, known: ["events"])
        var events: [Int64] = []
        switch body.values["events"] {
        case nil, .null?: break
        case let .array(items)?:
            for (index, item) in items.enumerated() {
                guard case let .number(value) = item, value == value.rounded(), value > 0, value < 9e15 else {
                    throw Problem(status: .unprocessableContent, code: "invalid_input", detail: "events[\(index)]: expected an event id")
                }
                events.append(Int64(value))
            }
        default: throw Problem(status: .unprocessableContent, code: "invalid_input", detail: "events: expected a list of event ids")
        }
        let entity = try await self.context.entities.split(reference, events: events)
        return Self.jsonResponse(try Self.encode(try await self.context.entities.detail(String(entity.id))))
    }

    struct MergeResult: Encodable {
        /// The entity merged away (its id now redirects).
        let merged: Int64
        /// The survivor as it now is.
        let into: EntityDetail
    }

    // MARK: - Watchlists

    func putWatchlist(_ request: Request, _ context: ServerContext) async throws -> Response {
        try context.require(.write)
        let name = try Self.text(context, "name")
        let body = try await Self.jsonBody(request, known: ["name", "description", "members"])
        if let named = try body.string("name"), named != name {
            throw Problem(status: .unprocessableContent, code: "invalid_input", detail: "name: '\(named)' differs from the name in the path ('\(name)')")
        }
        let description = try body.string("description")
        var members: [(reference: String, kind: EntityKind?)] = []
        switch body.values["members"] {
        case nil, .null?: break
        case let .array(items)?:
            for (index, item) in items.enumerated() { members.append(try Self.member(item, field: "members[\(index)]")) }
        default: throw Problem(status: .unprocessableContent, code: "invalid_input", detail: "members: expected a list")
        }
        let (created, detail) = try await self.context.watchlists.replace(name, description: description, members: members)
        var response = Self.jsonResponse(try Self.encode(detail), status: created ? .created : .ok)
        if created { response.headers[.location] = "/v1/watchlists/\(name)" }
        return response
    }

    func addMember(_ request: Request, _ context: ServerContext) async throws -> Response {
        try context.require(.write)
        let name = try Self.text(context, "name")
        let body = try await Self.jsonBody(request, known: ["name", "kind"])
        let member = try Self.member(.object(body.values), field: "body")
        let added = try await self.context.watchlists.add(name, members: [member])
        guard let entity = added.first else { throw Problem(status: .internalServerError, code: "internal", detail: "the member was not added") }
        return Self.jsonResponse(try Self.encode(entity), status: .created)
    }

    /// A watchlist member as the YAML file writes it: a name, or `{name, kind}`.
    static func member(_ value: KnowledgeJSON, field: String) throws -> (reference: String, kind: EntityKind?) {
        switch value {
        case let .string(text) where !text.trimmingCharacters(in: .whitespaces).isEmpty:
            return (text, nil)
        case let .object(object):
            let body = KnowledgeFields(values: object, path: field == "body" ? "" : field + ".")
            if let unknown = object.keys.sorted().first(where: { !["name", "kind"].contains($0) }) {
                throw Problem(status: .unprocessableContent, code: "invalid_input", detail: "\(body.path)\(unknown): unknown field (expected kind, name)")
            }
            guard let name = try body.string("name"), !name.trimmingCharacters(in: .whitespaces).isEmpty else {
                throw Problem(status: .unprocessableContent, code: "invalid_input", detail: "\(body.path)name: missing")
            }
            var kind: EntityKind?
            if let text = try body.string("kind") {
                guard let value = EntityKind(rawValue: text) else {
                    throw Problem(status: .unprocessableContent, code: "invalid_input", detail: "\(body.path)kind: must be person, organization or post")
                }
                kind = value
            }
            return (name, kind)
        default:
            throw Problem(status: .unprocessableContent, code: "invalid_input", detail: "\(field): a member is a name, or {\"name\": …, \"kind\": person|organization|post}")
        }
    }

    // MARK: - Helpers

    /// A path parameter, percent-decoded.
    static func text(_ context: ServerContext, _ name: String) throws -> String {
        let raw = try context.parameters.require(name)
        return raw.removingPercentEncoding ?? raw
    }

    /// The request body as a JSON object with only `known` fields; 413 over the limit, 400 for
    /// bad JSON, 422 naming an unknown field.
    static func jsonBody(_ request: Request, known: Set<String>) async throws -> KnowledgeFields {
        let buffer: ByteBuffer
        do {
            buffer = try await request.body.collect(upTo: knowledgeBodyLimit)
        } catch is NIOTooManyBytesError {
            throw Problem(status: .contentTooLarge, code: "too_large", detail: "the body is larger than \(knowledgeBodyLimit / 1024) KiB")
        }
        let value: KnowledgeJSON
        do {
            value = try JSONDecoder().decode(KnowledgeJSON.self, from: Data(buffer: buffer))
        } catch {
            throw Problem(status: .badRequest, code: "bad_json", detail: "the body is not valid JSON")
        }
        guard case let .object(object) = value else { throw Problem(status: .badRequest, code: "bad_json", detail: "the body must be a JSON object") }
        if let unknown = object.keys.sorted().first(where: { !known.contains($0) }) {
            throw Problem(status: .unprocessableContent, code: "invalid_input", detail: "\(unknown): unknown field (expected \(known.sorted().joined(separator: ", ")))")
        }
        return KnowledgeFields(values: object, path: "")
    }
}

/// Any JSON value, decoded strictly (a number is never a Bool).
enum KnowledgeJSON: Decodable, Sendable {
    case null
    case bool(Bool)
    case number(Double)
    case string(String)
    case array([KnowledgeJSON])
    case object([String: KnowledgeJSON])

    init(from decoder: any Decoder) throws {
        if var array = try? decoder.unkeyedContainer() {
            var items: [KnowledgeJSON] = []
            while !array.isAtEnd { items.append(try array.decode(KnowledgeJSON.self)) }
            self = .array(items)
            return
        }
        if let object = try? decoder.container(keyedBy: AnyKey.self) {
            var values: [String: KnowledgeJSON] = [:]
            for key in object.allKeys { values[key.stringValue] = try object.decode(KnowledgeJSON.self, forKey: key) }
            self = .object(values)
            return
        }
        let single = try decoder.singleValueContainer()
        if single.decodeNil() {
            self = .null
        } else if let value = try? single.decode(Bool.self) {
            self = .bool(value)
        } else if let value = try? single.decode(Double.self) {
            self = .number(value)
        } else {
            self = .string(try single.decode(String.self))
        }
    }

    struct AnyKey: CodingKey {
        var stringValue: String
        var intValue: Int? { nil }
        init(stringValue: String) { self.stringValue = stringValue }
        init?(intValue: Int) { nil }
    }
}

/// A request body's fields, read with type checks that name the field.
struct KnowledgeFields: Sendable {
    var values: [String: KnowledgeJSON]
    /// What goes before a field name in messages (`members[2].`).
    var path: String

    /// A string field (`nil` when absent or null); 422 for another type.
    func string(_ key: String) throws -> String? {
        switch values[key] {
        case nil, .null?: return nil
        case let .string(text)?: return text
        default: throw Problem(status: .unprocessableContent, code: "invalid_input", detail: "\(path)\(key): expected a string")
        }
    }

    /// A boolean field (`nil` when absent or null); 422 for another type.
    func bool(_ key: String) throws -> Bool? {
        switch values[key] {
        case nil, .null?: return nil
        case let .bool(value)?: return value
        default: throw Problem(status: .unprocessableContent, code: "invalid_input", detail: "\(path)\(key): expected true or false")
        }
    }
}
