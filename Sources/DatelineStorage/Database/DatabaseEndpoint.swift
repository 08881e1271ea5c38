import DatelineCore
import Foundation
import NIOSSL
import PostgresNIO

/// Where the database is: a server given by URL, or a unix socket of the private cluster.
public struct DatabaseEndpoint: Sendable, Equatable {
    public enum Transport: Sendable, Equatable {
        case tcp(host: String, port: Int)
        case unixSocket(path: String)
    }

    public enum TLSMode: String, Sendable, Equatable {
        case disable, prefer, require
    }

    public var transport: Transport
    public var username: String
    public var password: String?
    public var database: String
    public var tls: TLSMode

    public init(transport: Transport, username: String, password: String?, database: String, tls: TLSMode = .disable) {
        self.transport = transport
        self.username = username
        self.password = password
        self.database = database
        self.tls = tls
    }

    /// The endpoint of a private cluster's database.
    public static func privateCluster(_ cluster: PrivatePostgres, database: String? = nil) -> DatabaseEndpoint {
        DatabaseEndpoint(
            transport: .unixSocket(path: cluster.socketPath), username: PrivatePostgres.superuser,
            password: nil, database: database ?? cluster.database)
    }

    /// Parses `postgres://user:password@host:port/db?sslmode=…`, or a socket form
    /// `postgresql:///db?host=/run/postgresql&user=me`.
    ///
    /// - Throws: `StorageError` naming what is wrong with the URL (never echoing the password).
    public init(url text: String) throws {
        guard let components = URLComponents(string: text),
              let scheme = components.scheme, ["postgres", "postgresql"].contains(scheme)
        else {
            throw StorageError.invalid("DATELINE_DATABASE_URL must look like postgres://user:password@host:5432/dateline", code: "bad_database_url")
        }
        let query = Dictionary((components.queryItems ?? []).map { ($0.name, $0.value ?? "") }, uniquingKeysWith: { _, last in last })
        let database = String(components.path.drop { $0 == "/" })
        self.database = database.isEmpty ? (query["dbname"] ?? "dateline") : database
        self.username = components.user ?? query["user"] ?? "postgres"
        self.password = components.password ?? query["password"]
        let port = components.port ?? Int(query["port"] ?? "") ?? 5432
        let socketHost = query["host"].flatMap { $0.hasPrefix("/") ? $0 : nil }
        if let socketHost {
            self.transport = .unixSocket(path: "\(socketHost)/.s.PGSQL.\(port)")
        } else if let host = components.host ?? query["host"], !host.isEmpty {
            self.transport = .tcp(host: host, port: port)
        } else {
            self.transport = .unixSocket(path: "/var/run/postgresql/.s.PGSQL.\(port)")
        }
        switch query["sslmode"] ?? "prefer" {
        case "disable", "allow": self.tls = .disable
        case "prefer": self.tls = .prefer
        case "require", "verify-ca", "verify-full": self.tls = .require
        case let other:
            throw StorageError.invalid("unknown sslmode '\(other)' in DATELINE_DATABASE_URL (use disable, prefer or require)", code: "bad_database_url")
        }
        if case .unixSocket = transport { self.tls = .disable }
    }

    /// The same endpoint with another database name.
    public func with(database: String) -> DatabaseEndpoint {
        var copy = self
        copy.database = database
        return copy
    }

    /// A description safe to log and print: the password is masked.
    public var redacted: String {
        switch transport {
        case let .tcp(host, port):
            return "postgres://\(username)\(password == nil ? "" : ":***")@\(host):\(port)/\(database)"
        case let .unixSocket(path):
            return "postgresql://\(username)@/\(database)?host=\((path as NSString).deletingLastPathComponent)"
        }
    }

    /// The PostgresNIO client configuration for this endpoint.
    public func clientConfiguration(maxConnections: Int = 20) -> PostgresClient.Configuration {
        var configuration: PostgresClient.Configuration
        switch transport {
        case let .tcp(host, port):
            let tlsConfig: PostgresClient.Configuration.TLS = switch tls {
            case .disable: .disable
            case .prefer: .prefer(.makeClientConfiguration())
            case .require: .require(.makeClientConfiguration())
            }
            configuration = .init(host: host, port: port, username: username, password: password, database: database, tls: tlsConfig)
        case let .unixSocket(path):
            configuration = .init(unixSocketPath: path, username: username, password: password, database: database)
        }
        configuration.options.maximumConnections = maxConnections
        configuration.options.connectTimeout = .seconds(5)
        return configuration
    }
}

extension DatabaseEndpoint {
    /// A libpq keyword/value connection string for `psql` and friends (no password: pass it as
    /// `PGPASSWORD`).
    public var libpqConnectionString: String {
        func quote(_ value: String) -> String { "'" + value.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "'", with: "\\'") + "'" }
        switch transport {
        case let .tcp(host, port):
            return "host=\(quote(host)) port=\(port) user=\(quote(username)) dbname=\(quote(database)) sslmode=\(tls == .require ? "require" : tls == .prefer ? "prefer" : "disable")"
        case let .unixSocket(path):
            let dir = (path as NSString).deletingLastPathComponent
            let port = path.split(separator: ".").last.flatMap { Int($0) } ?? 5432
            return "host=\(quote(dir)) port=\(port) user=\(quote(username)) dbname=\(quote(database))"
        }
    }
}
