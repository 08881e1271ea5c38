import ArgumentParser
import DatelineApp
import DatelineCore
import DatelineStorage
import Foundation

extension EntityKind: ExpressibleByArgument {}
extension AliasKind: ExpressibleByArgument {}

/// JSON for entity commands (sorted keys, stable).
func json<T: Encodable>(_ value: T) throws -> String {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes]
    return String(decoding: try encoder.encode(value), as: UTF8.self) + "\n"
}

func describe(_ entity: Entity) -> String {
    let aliases = entity.aliases.isEmpty ? "" : "  aka " + entity.aliases.map { "\($0.name) (\($0.kind.rawValue))" }.joined(separator: ", ")
    return "#\(entity.id)  \(entity.kind.rawValue.padding(toLength: 12, withPad: " ", startingAt: 0)) \(entity.name)\(aliases)"
}

func describe(_ o: Occupancy, showPerson: Bool) -> String {
    func range(_ a: CalendarDate?, _ b: CalendarDate?) -> String {
        guard let a, let b else { return "?" }
        return a == b ? a.iso : "\(a.iso)…\(b.iso)"
    }
    let who = showPerson ? o.personName : o.postName
    return "\(who)\(o.acting ? " (acting)" : ""): from \(range(o.startedFrom, o.startedTo)) to \(o.endedFrom == nil ? "(no end recorded)" : range(o.endedFrom, o.endedTo))"
}

struct EntitiesCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "entities",
        abstract: "People, organizations and posts: list, show, fix what the machine got wrong.",
        subcommands: [List.self, Show.self, Holders.self, AliasCommand.self, Merge.self, Split.self])

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List entities (survivors of merges), with their aliases.")
        @OptionGroup var options: GlobalOptions
        @Option(help: "person, organization or post.") var kind: EntityKind?
        @Option(help: "Only names or aliases containing this text.") var query: String?
        @Option(help: "At most this many.") var limit = 100
        @Option(help: "text or json.") var format: TextOrJSON = .text

        func run() async throws {
            let (kind, query, limit) = (kind, query, limit)
            let entities = try await options.app().withDatabase { try await $0.entities.list(kind: kind, matching: query, limit: limit) }
            emit(format == .json ? try json(entities) : entities.isEmpty ? "No entities.\n" : entities.map(describe).joined(separator: "\n") + "\n")
        }
    }

    struct Show: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Show an entity: aliases, merges, posts and who held them, events.")
        @OptionGroup var options: GlobalOptions
        @Argument(help: "Name, alias or id.") var entity: String
        @Option(help: "text or json.") var format: TextOrJSON = .text

        func run() async throws {
            let reference = entity
            let detail = try await options.app().withDatabase { try await $0.entities.detail(reference) }
            if format == .json { emit(try json(detail)); return }
            var out = describe(detail.entity) + "\n"
            if !detail.mergedFrom.isEmpty { out += "  merged from: \(detail.mergedFrom.map { "#\($0)" }.joined(separator: ", "))\n" }
            if let org = detail.organization { out += "  post of organization #\(org)\n" }
            for post in detail.posts { out += "  post: #\(post.id) \(post.name)\n" }
            for o in detail.holders { out += "  held by: \(describe(o, showPerson: true))\n" }
            for o in detail.held { out += "  held: \(describe(o, showPerson: false))\n" }
            out += "  events: \(detail.eventCount) (dateline events list --entity \(detail.entity.id))\n"
            emit(out)
        }
    }

    struct Holders: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Who held a post (or the posts of an organization) on a day.")
        @OptionGroup var options: GlobalOptions
        @Argument(help: "A post or organization: name, alias or id.") var entity: String
        @Option(help: "The day (YYYY-MM-DD).") var on: String
        @Option(help: "text or json.") var format: TextOrJSON = .text

        func run() async throws {
            guard let day = CalendarDate(iso: on) else { throw AppError.invalid("--on: expected a date as YYYY-MM-DD, got '\(on)'") }
            let reference = entity
            let holders = try await options.app().withDatabase { try await $0.entities.holders(of: reference, on: day) }
            if format == .json { emit(try json(holders)); return }
            emit(holders.isEmpty ? "No recorded holder on \(day.iso).\n" : holders.map { describe($0, showPerson: true) }.joined(separator: "\n") + "\n")
        }
    }

    struct AliasCommand: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "alias", abstract: "Manage aliases.", subcommands: [Add.self])

        struct Add: AsyncParsableCommand {
            static let configuration = CommandConfiguration(abstract: "Give an entity another name (IRS = Internal Revenue Service).")
            @OptionGroup var options: GlobalOptions
            @Argument(help: "The entity: name, alias or id.") var entity: String
            @Argument(help: "The other name.") var alias: String
            @Option(help: "acronym, alias or previous.") var kind: AliasKind = .alias

            func run() async throws {
                let (reference, alias, kind) = (entity, alias, kind)
                let updated = try await options.app().withDatabase { try await $0.entities.addAlias(reference, alias: alias, kind: kind) }
                emit(describe(updated) + "\n")
            }
        }
    }

    struct Merge: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Merge an entity into another; the old id stays as a redirect.")
        @OptionGroup var options: GlobalOptions
        @Argument(help: "The entity to merge away: name, alias or id.") var source: String
        @Argument(help: "The entity that survives.") var target: String

        func run() async throws {
            let (source, target) = (source, target)
            let survivor = try await options.app().withDatabase { try await $0.entities.merge(source, into: target) }
            emit("merged '\(source)' into #\(survivor.id) \(survivor.name)\n")
        }
    }

    struct Split: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Undo a merge, or move events to a new entity of the same name (two people, one name).")
        @OptionGroup var options: GlobalOptions
        @Argument(help: "The entity: name, alias or id.") var entity: String
        @Option(name: .long, parsing: .upToNextOption, help: "Event ids to move to a new entity.") var events: [Int64] = []

        func run() async throws {
            let (reference, events) = (entity, events)
            let entity = try await options.app().withDatabase { try await $0.entities.split(reference, events: events) }
            emit("now separate: #\(entity.id) \(entity.name)\n")
        }
    }
}

struct WatchlistsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "watchlists",
        abstract: "Named sets of people, organizations and posts to follow.",
        subcommands: [List.self, Create.self, Add.self, Remove.self, Show.self, Delete.self, Apply.self])

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List watchlists.")
        @OptionGroup var options: GlobalOptions

        func run() async throws {
            let lists = try await options.app().withDatabase { try await $0.watchlists.list().map { "\($0.name)\t\($0.members) member(s)\($0.description.map { "\t\($0)" } ?? "")" } }
            emit(lists.isEmpty ? "No watchlists.\n" : lists.joined(separator: "\n") + "\n")
        }
    }

    struct Create: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Create a watchlist.")
        @OptionGroup var options: GlobalOptions
        @Argument var name: String
        @Option(help: "What it is for.") var description: String?

        func run() async throws {
            let (name, description) = (name, description)
            try await options.app().withDatabase { try await $0.watchlists.create(name, description: description) }
            emit("watchlist \(name) ready\n")
        }
    }

    struct Add: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Add people, organizations or posts (by name, alias or id; unknown names are created).")
        @OptionGroup var options: GlobalOptions
        @Argument var name: String
        @Argument(help: "Entities to add.") var entities: [String]
        @Option(help: "The kind of entity for names not known yet.") var kind: EntityKind?

        func run() async throws {
            let (name, references, kind) = (name, entities, kind)
            let added = try await options.app().withDatabase { try await $0.watchlists.add(name, members: references.map { ($0, kind) }) }
            emit(added.map { "added " + describe($0) }.joined(separator: "\n") + "\n")
        }
    }

    struct Remove: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Take entities off a watchlist.")
        @OptionGroup var options: GlobalOptions
        @Argument var name: String
        @Argument var entities: [String]

        func run() async throws {
            let (name, references) = (name, entities)
            let count = try await options.app().withDatabase { try await $0.watchlists.remove(name, members: references) }
            emit("removed \(count)\n")
        }
    }

    struct Show: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Members and everything they cover (posts of organizations, holders of posts).")
        @OptionGroup var options: GlobalOptions
        @Argument var name: String
        @Option(help: "text or json.") var format: TextOrJSON = .text

        func run() async throws {
            let name = name
            let detail = try await options.app().withDatabase { try await $0.watchlists.show(name) }
            if format == .json { emit(try json(detail)); return }
            var out = "\(detail.name)\(detail.description.map { " — \($0)" } ?? "")\nmembers:\n"
            out += detail.members.map { "  " + describe($0) }.joined(separator: "\n") + "\ncovers:\n"
            out += detail.covered.map { "  " + describe($0) }.joined(separator: "\n") + "\n"
            emit(out)
        }
    }

    struct Delete: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Delete a watchlist (its entities stay).")
        @OptionGroup var options: GlobalOptions
        @Argument var name: String

        func run() async throws {
            let name = name
            try await options.app().withDatabase { try await $0.watchlists.delete(name) }
            emit("deleted \(name)\n")
        }
    }

    struct Apply: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Make the watchlists of a YAML file true in the store: create, add, and take off members the file no longer lists.")
        @OptionGroup var options: GlobalOptions
        @Argument var file: String

        func run() async throws {
            let text = String(decoding: try readInput(file), as: UTF8.self)
            let parsed = try WatchlistFile.parse(text, file: file)
            let lines = try await options.app().withDatabase { context in
                var lines: [String] = []
                for entry in parsed.watchlists {
                    try await context.watchlists.create(entry.name, description: entry.description)
                    let added = try await context.watchlists.add(entry.name, members: entry.members.map { ($0.name, $0.kind) })
                    // The file is the truth: members it no longer lists come off.
                    let keep = Set(added.map(\.id))
                    let stale = try await context.watchlists.show(entry.name).members.filter { !keep.contains($0.id) }
                    let removed = stale.isEmpty ? 0 : try await context.watchlists.remove(entry.name, members: stale.map { String($0.id) })
                    lines.append("\(entry.name): \(added.count) member(s)\(removed > 0 ? ", \(removed) removed" : "")")
                }
                return lines
            }
            emit(lines.joined(separator: "\n") + "\n")
        }
    }
}
