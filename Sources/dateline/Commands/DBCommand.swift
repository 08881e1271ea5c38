import ArgumentParser
import DatelineApp
import DatelineStorage
import Foundation

struct DBCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "db",
        abstract: "Manage the private PostgreSQL database (used when DATELINE_DATABASE_URL is not set).",
        subcommands: [Start.self, Stop.self, Status.self, URLCommand.self, PSQL.self])

    struct Start: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Start (or reuse) the private server, create and migrate the database.")
        @OptionGroup var options: GlobalOptions

        func run() async throws {
            let app = try options.app()
            guard let cluster = try app.privateCluster() else {
                throw AppError.invalid("DATELINE_DATABASE_URL is set: Dateline uses that server and has no private one to start")
            }
            let wasRunning = if case .running = cluster.state() { true } else { false }
            _ = try await app.withDatabase { _ in 0 }
            print(wasRunning ? "already running: \(cluster.url)" : "started: \(cluster.url)")
        }
    }

    struct Stop: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Stop the private server.")
        @OptionGroup var options: GlobalOptions

        func run() async throws {
            let app = try options.app()
            guard let cluster = try app.privateCluster() else {
                throw AppError.invalid("DATELINE_DATABASE_URL is set: there is no private server to stop")
            }
            print(try cluster.stop() ? "stopped" : "not running")
        }
    }

    struct Status: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Say where the database is and whether it runs.")
        @OptionGroup var options: GlobalOptions

        func run() async throws {
            let app = try options.app()
            guard let cluster = try app.privateCluster() else {
                let endpoint = try DatabaseEndpoint(url: app.configuration.databaseURL ?? "")
                print("database: \(endpoint.redacted) (from DATELINE_DATABASE_URL)")
                return
            }
            let state: String = switch cluster.state() {
            case .notInitialized: "not created yet (created on first use)"
            case .stopped: "stopped"
            case let .running(pid): "running (pid \(pid))"
            }
            print("private PostgreSQL: \(state)")
            print("data folder:  \(cluster.dataDirectory)")
            if cluster.dataDirectory != cluster.requestedDirectory {
                print("              (asked for \(cluster.requestedDirectory); the postgres user cannot reach it, so the cluster lives here)")
            }
            print("socket:       \(cluster.socketPath)")
            print("binaries:     \(cluster.binDirectory)")
            print("log:          \(cluster.logFile)")
            print("url:          \(cluster.url)")
        }
    }

    struct URLCommand: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "url", abstract: "Print the database URL (password masked).")
        @OptionGroup var options: GlobalOptions

        func run() async throws {
            let app = try options.app()
            if let cluster = try app.privateCluster() {
                print(cluster.url)
            } else {
                print(try DatabaseEndpoint(url: app.configuration.databaseURL ?? "").redacted)
            }
        }
    }

    struct PSQL: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "psql", abstract: "Open psql on the database (extra arguments go to psql).")
        @OptionGroup var options: GlobalOptions
        @Argument(parsing: .captureForPassthrough, help: "Arguments for psql.")
        var arguments: [String] = []

        func run() async throws {
            let app = try options.app()
            var psqlArguments: [String]
            var psqlPath = "psql"
            if let cluster = try app.privateCluster() {
                _ = try await app.withDatabase { _ in 0 }
                psqlPath = cluster.tool("psql")
                psqlArguments = ["-h", cluster.socketDirectory, "-U", "postgres", "-d", cluster.database]
            } else {
                psqlArguments = [app.configuration.databaseURL ?? ""]
            }
            psqlArguments += arguments
            let process = Process()
            process.executableURL = URL(fileURLWithPath: FileManager.default.isExecutableFile(atPath: psqlPath) ? psqlPath : "/usr/bin/env")
            process.arguments = FileManager.default.isExecutableFile(atPath: psqlPath) ? psqlArguments : ["psql"] + psqlArguments
            try process.run()
            process.waitUntilExit()
            if process.terminationStatus != 0 { throw ExitCode(process.terminationStatus) }
        }
    }
}

struct MigrateCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "migrate",
        abstract: "Apply pending database migrations.",
        subcommands: [Apply.self, Status.self],
        defaultSubcommand: Apply.self)

    struct Apply: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "up", abstract: "Apply pending migrations (the default).")
        @OptionGroup var options: GlobalOptions

        func run() async throws {
            let app = try options.app()
            let applied = try await app.withDatabase(migrate: false) { context in
                try await Migrator.bundled().migrate(client: context.client, logger: context.logger).map { "\($0.version) \($0.name)" }
            }
            if applied.isEmpty {
                print("database is up to date")
            } else {
                for line in applied { print("applied \(line)") }
            }
        }
    }

    struct Status: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List migrations and whether each is applied.")
        @OptionGroup var options: GlobalOptions

        func run() async throws {
            let app = try options.app()
            let statuses = try await app.withDatabase(migrate: false) { context in
                try await Migrator.bundled().status(client: context.client, logger: context.logger)
            }
            var problem = false
            for status in statuses {
                let label = String(format: "%04d_%@", status.version, status.name)
                switch status.state {
                case let .applied(at): print("applied  \(label)  \(at)")
                case .pending: print("pending  \(label)")
                case let .edited(at):
                    problem = true
                    print("EDITED   \(label)  applied \(at), file changed since")
                case let .unknown(at):
                    problem = true
                    print("UNKNOWN  \(label)  applied \(at), not in this build")
                }
            }
            if problem { throw ExitCode(1) }
        }
    }
}
