import ArgumentParser
import DatelineApp
import DatelineStorage
import Foundation

extension TokenScope: ExpressibleByArgument {}

struct TokensCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "tokens",
        abstract: "Bearer tokens for the HTTP API (stored hashed; shown once).",
        subcommands: [Create.self, List.self, Revoke.self])

    struct Create: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Create a token. The token alone is the last line of the output.")
        @OptionGroup var options: GlobalOptions
        @Option(help: "read, write or admin (each includes the ones before).") var scope: TokenScope
        @Option(help: "What it is for (shown in lists).") var name = "api"

        func run() async throws {
            let (name, scope) = (name, scope)
            let (token, record) = try await options.app().withDatabase { try await $0.tokens.create(name: name, scope: scope) }
            emit("token #\(record.id) \(record.prefix) (\(record.scope.rawValue)) — store it now, it is not shown again:\n\(token)\n")
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List tokens (never their secrets).")
        @OptionGroup var options: GlobalOptions
        @Option(help: "text or json.") var format: TextOrJSON = .text

        func run() async throws {
            let records = try await options.app().withDatabase { try await $0.tokens.list() }
            if format == .json { emit(try json(records)); return }
            emit(records.isEmpty ? "No tokens.\n" : records.map {
                "#\($0.id) \($0.prefix) \($0.scope.rawValue) \($0.name) created \($0.createdAt)\($0.lastUsedAt.map { " used \($0)" } ?? "")\($0.revokedAt.map { " REVOKED \($0)" } ?? "")"
            }.joined(separator: "\n") + "\n")
        }
    }

    struct Revoke: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Revoke a token by id or prefix.")
        @OptionGroup var options: GlobalOptions
        @Argument var token: String

        func run() async throws {
            let token = token
            guard try await options.app().withDatabase({ try await $0.tokens.revoke(token) }) else {
                throw AppError(code: "not_found", message: "no active token \(token)", category: .notFound)
            }
            emit("revoked\n")
        }
    }
}
