import DatelineApp
import DatelineCore
import DatelineExtraction
import DatelineNotify
import DatelineStorage
import Foundation
import Hummingbird
import Logging

/// The HTTP API: routes, auth and problem+json over the stores of one database.
///
/// Every route needs a bearer token with a scope (read < write < admin) except `/healthz`,
/// `/readyz`, `/openapi.json` and the web page's static file.
public struct APIServer: Sendable {
    public let context: DatabaseContext
    public let extractor: any EventExtracting
    public let maxArticleBytes: Int
    /// Links and file locations for channel tests and previews (the served configuration's).
    public let notifyConfiguration: NotifyConfiguration

    public init(
        context: DatabaseContext, extractor: any EventExtracting, maxArticleBytes: Int,
        notifyConfiguration: NotifyConfiguration = ChannelCatalog.notifyConfiguration()
    ) {
        self.context = context
        self.extractor = extractor
        self.maxArticleBytes = maxArticleBytes
        self.notifyConfiguration = notifyConfiguration
    }

    /// The router with every route (`Router.routes` lists them; a test checks each is in the OpenAPI document).
    /// `recordMetrics`: count and time every request through swift-metrics (route, method, status).
    public func makeRouter(recordMetrics: Bool = false) -> Router<ServerContext> {
        let router = Router(context: ServerContext.self)
        if recordMetrics { router.add(middleware: MetricsMiddleware<ServerContext>()) }
        router.add(middleware: ProblemMiddleware())
        router.get("/healthz") { _, _ in Self.jsonResponse(Data(#"{"status":"ok"}"#.utf8)) }
        router.get("/readyz") { _, _ in try await ready() }
        router.get("/openapi.json") { _, _ in try Self.openAPIResponse() }

        let v1 = router.group("v1").add(middleware: AuthMiddleware(tokens: context.tokens))
        v1.get("events") { request, context in try await listEvents(request, context) }
        v1.post("articles") { request, context in try await postArticle(request, context) }
        v1.get("articles/:id") { _, context in
            try context.require(.read)
            let (article, eventIDs) = try await self.context.events.article(id: try Self.id(context))
            let events = try await self.context.events.events(ids: eventIDs)
            return Self.jsonResponse(try EventOutput.json(article: article, duplicate: false, events: events))
        }
        v1.get("entities") { request, context in
            try context.require(.read)
            let query = request.uri.queryParameters["query"].map(String.init)
            let kind = try request.uri.queryParameters["kind"].map { text -> EntityKind in
                guard let kind = EntityKind(rawValue: String(text)) else {
                    throw Problem(status: .unprocessableContent, code: "invalid_input", detail: "kind: must be person, organization or post")
                }
                return kind
            }
            let limit = try Self.limit(request)
            let entities = try await self.context.entities.list(kind: kind, matching: query, limit: limit)
            return Self.jsonResponse(try Self.encode(["entities": entities]))
        }
        v1.get("entities/:id") { _, context in
            try context.require(.read)
            let reference = try context.parameters.require("id")
            return Self.jsonResponse(try Self.encode(try await self.context.entities.detail(reference)))
        }
        v1.get("watchlists") { _, context in
            try context.require(.read)
            let lists = try await self.context.watchlists.list().map { ["name": $0.name, "description": $0.description ?? "", "members": String($0.members)] }
            return Self.jsonResponse(try Self.encode(["watchlists": lists]))
        }
        v1.get("watchlists/:name") { _, context in
            try context.require(.read)
            return Self.jsonResponse(try Self.encode(try await self.context.watchlists.show(try context.parameters.require("name"))))
        }
        addTimelineRoutes(to: router)
        addWebPageRoutes(to: router)
        addAlertingRoutes(to: v1)
        addKnowledgeRoutes(to: v1)
        return router
    }

    // MARK: - Handlers

    func ready() async throws -> Response {
        do {
            try await Migrator.bundled().checkCurrent(client: context.client, logger: context.logger)
            return Self.jsonResponse(Data(#"{"status":"ready"}"#.utf8))
        } catch let error as any DatelineError {
            throw Problem(status: .serviceUnavailable, code: "not_ready", detail: error.category == .internal ? "the database is not ready" : error.message)
        }
    }

    func listEvents(_ request: Request, _ context: ServerContext) async throws -> Response {
        try context.require(.read)
        let q = request.uri.queryParameters
        let arguments = EventFilterArguments(
            kinds: q[values: "kind"].map(String.init), statuses: q[values: "status"].map(String.init),
            entities: q[values: "entity"].map(String.init), from: q["from"].map(String.init), to: q["to"].map(String.init),
            limit: try Self.limit(request), cursor: q["cursor"].map(String.init))
        let filter: EventFilter
        do {
            filter = try arguments.filter()
        } catch let error as AppError {
            // The CLI names flags (--kind); the API names query parameters.
            throw Problem(status: .unprocessableContent, code: error.code, detail: error.message.replacingOccurrences(of: "--", with: ""))
        }
        return Self.jsonResponse(try EventOutput.json(try await self.context.events.list(filter)))
    }

    func postArticle(_ request: Request, _ context: ServerContext) async throws -> Response {
        try context.require(.write)
        let body = try await request.body.collect(upTo: context.maxUploadSize)
        let object: [String: Any]
        do {
            guard let parsed = try JSONSerialization.jsonObject(with: Data(buffer: body)) as? [String: Any] else {
                throw Problem(status: .badRequest, code: "bad_json", detail: "the body must be a JSON object")
            }
            object = parsed
        } catch let problem as Problem {
            throw problem
        } catch {
            throw Problem(status: .badRequest, code: "bad_json", detail: "the body is not valid JSON")
        }
        let known: Set<String> = ["text", "html", "published", "url", "source", "headline"]
        if let unknown = object.keys.sorted().first(where: { !known.contains($0) }) {
            throw Problem(status: .unprocessableContent, code: "invalid_input", detail: "\(unknown): unknown field (expected \(known.sorted().joined(separator: ", ")))")
        }
        let input = try ArticleFiles.jsonArticle(object, name: "body", overrides: .init(), maxBytes: maxArticleBytes)
        let started = ContinuousClock.now
        let submission = try Ingestor.submission(for: input, extractor: extractor)
        let written = try await self.context.events.write([submission]).first
        DatelineMetrics.ingested(written, via: "api", seconds: (ContinuousClock.now - started).inSeconds)
        guard let result = written, let articleID = result.articleID else {
            throw Problem(status: .internalServerError, code: "internal", detail: "the article was not stored")
        }
        let (article, eventIDs) = try await self.context.events.article(id: articleID)
        let events = try await self.context.events.events(ids: eventIDs)
        var response = Self.jsonResponse(try EventOutput.json(article: article, duplicate: result.duplicate, events: events))
        response.status = result.duplicate ? .ok : .created
        response.headers[.location] = "/v1/articles/\(articleID)"
        return response
    }

    // MARK: - Helpers

    static func id(_ context: ServerContext) throws -> Int64 {
        guard let id = context.parameters.get("id", as: Int64.self), id > 0 else {
            throw Problem(status: .notFound, code: "not_found", detail: "ids are positive whole numbers")
        }
        return id
    }

    static func limit(_ request: Request) throws -> Int {
        guard let text = request.uri.queryParameters["limit"] else { return 100 }
        guard let limit = Int(text), (1...1000).contains(limit) else {
            throw Problem(status: .unprocessableContent, code: "invalid_input", detail: "limit: a whole number from 1 to 1000")
        }
        return limit
    }

    static func encode<T: Encodable>(_ value: T) throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        encoder.keyEncodingStrategy = .convertToSnakeCase
        return try encoder.encode(value)
    }

    static func jsonResponse(_ data: Data, status: HTTPResponse.Status = .ok) -> Response {
        Response(status: status, headers: [.contentType: "application/json"], body: .init(byteBuffer: ByteBuffer(bytes: data)))
    }

    static func openAPIResponse() throws -> Response {
        guard let url = Bundle.module.url(forResource: "openapi", withExtension: "json"), let data = FileManager.default.contents(atPath: url.path) else {
            throw Problem(status: .internalServerError, code: "internal", detail: "the OpenAPI document is missing")
        }
        return jsonResponse(data)
    }
}
