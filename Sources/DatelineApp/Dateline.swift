import DatelineCore
import DatelineStorage
import Foundation
import Logging
import PostgresNIO

/// The composition root: turns configuration into a database, a store and services.
///
/// The CLI and the server call this; nothing else decides where the database is.
public struct Dateline: Sendable {
    public let configuration: AppConfiguration
    public let logger: Logger

    public init(configuration: AppConfiguration, logger: Logger) {
        self.configuration = configuration
        self.logger = logger
    }

    /// The private cluster, when no database URL is configured.
    public func privateCluster() throws -> PrivatePostgres? {
        guard configuration.databaseURL == nil else { return nil }
        return try PrivatePostgres(directory: configuration.privateClusterDirectory)
    }

    /// Where the database is. For the private cluster this starts it (or reuses it) and creates
    /// the `dateline` database when missing.
    public func prepareDatabase() async throws -> DatabaseEndpoint {
        if let url = configuration.databaseURL { return try DatabaseEndpoint(url: url) }
        guard let cluster = try privateCluster() else { throw AppError.invalid("no database configured") }
        try cluster.start(logger: logger)
        let admin = DatabaseEndpoint.privateCluster(cluster, database: "postgres")
        try await DatabaseClient.with(admin, maxConnections: 1, logger: logger) { client in
            try await DatabaseClient.createDatabaseIfMissing(cluster.database, on: client, logger: logger)
        }
        return DatabaseEndpoint.privateCluster(cluster)
    }

    /// Runs `body` with a migrated database: the store, the client and the endpoint.
    ///
    /// With `migrate: true` (the default) pending migrations are applied first; an edited or
    /// unknown migration stops here with an error naming it.
    public func withDatabase<T: Sendable>(migrate: Bool = true, _ body: @Sendable (DatabaseContext) async throws -> T) async throws -> T {
        let endpoint = try await prepareDatabase()
        let logger = self.logger
        return try await DatabaseClient.with(endpoint, logger: logger) { client in
            if migrate { try await Migrator.bundled().migrate(client: client, logger: logger) }
            let context = DatabaseContext(endpoint: endpoint, client: client, logger: logger)
            return try await body(context)
        }
    }
}

/// What a command gets to work with: a running client and the stores on it.
public struct DatabaseContext: Sendable {
    public let endpoint: DatabaseEndpoint
    public let client: PostgresClient
    public let logger: Logger

    public init(endpoint: DatabaseEndpoint, client: PostgresClient, logger: Logger) {
        self.endpoint = endpoint
        self.client = client
        self.logger = logger
    }

    /// The event store; stored titles are worded like timeline headlines (`HeadlineTitles`).
    public var events: PostgresEventStore { PostgresEventStore(client: client, logger: logger, titleMaker: HeadlineTitles.maker) }
    public var entities: PostgresEntityStore { PostgresEntityStore(client: client, logger: logger) }
    public var watchlists: PostgresWatchlistStore { PostgresWatchlistStore(client: client, logger: logger) }
    public var feeds: PostgresFeedStore { PostgresFeedStore(client: client, logger: logger) }
    public var tokens: PostgresTokenStore { PostgresTokenStore(client: client, logger: logger) }

    /// Timelines from the stored events.
    public var timelines: PostgresTimelineStore { PostgresTimelineStore(client: client, logger: logger) }
}
