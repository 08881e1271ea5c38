import DatelineCore
import Foundation
import Yams

/// A watchlists file: what `dateline watchlists apply FILE` makes true in the store.
///
/// ```yaml
/// watchlists:
///   - name: irs-leadership
///     description: The people at the top of the IRS
///     members:
///       - Internal Revenue Service          # an organization covers its posts and their holders
///       - {name: Billy Long, kind: person}
///       - {name: "Commissioner, Internal Revenue Service", kind: post}
/// ```
public struct WatchlistFile: Sendable {
    public struct Member: Sendable, Equatable {
        public var name: String
        public var kind: EntityKind?

        public init(name: String, kind: EntityKind?) {
            self.name = name
            self.kind = kind
        }
    }

    public struct Entry: Sendable, Equatable {
        public var name: String
        public var description: String?
        public var members: [Member]
    }

    public var watchlists: [Entry]

    /// Parses the file; every error names the file, line and column.
    public static func parse(_ text: String, file: String) throws -> WatchlistFile {
        func at(_ node: Node?) -> String {
            guard let mark = node?.mark else { return file }
            return "\(file):\(mark.line):\(mark.column)"
        }
        let root: Node?
        do {
            root = try Yams.compose(yaml: text)
        } catch let error as YamlError {
            throw AppError.invalid("\(file): not valid YAML: \(error)")
        }
        guard let mapping = root?.mapping else { throw AppError.invalid("\(file): expected a mapping with a 'watchlists:' list") }
        for key in mapping.keys where key.string != "watchlists" {
            throw AppError.invalid("\(at(key)): unknown key '\(key.string ?? "?")' (expected watchlists)")
        }
        guard let listNode = mapping["watchlists"] else { throw AppError.invalid("\(file): missing 'watchlists:'") }
        guard let list = listNode.sequence else { throw AppError.invalid("\(at(listNode)): 'watchlists' must be a list") }
        var entries: [Entry] = []
        var seen: Set<String> = []
        for item in list {
            guard let object = item.mapping else { throw AppError.invalid("\(at(item)): each watchlist is a mapping with name and members") }
            for key in object.keys where !["name", "description", "members"].contains(key.string ?? "") {
                throw AppError.invalid("\(at(key)): unknown key '\(key.string ?? "?")' (name, description, members)")
            }
            guard let name = object["name"]?.string, !name.isEmpty else { throw AppError.invalid("\(at(item)): a watchlist needs a name") }
            guard seen.insert(name).inserted else { throw AppError.invalid("\(at(object["name"])): watchlist '\(name)' appears twice") }
            var members: [Member] = []
            if let membersNode = object["members"] {
                guard let sequence = membersNode.sequence else { throw AppError.invalid("\(at(membersNode)): members must be a list") }
                for m in sequence {
                    if let text = m.string, !text.isEmpty {
                        members.append(Member(name: text, kind: nil))
                    } else if let mm = m.mapping, let text = mm["name"]?.string, !text.isEmpty {
                        var kind: EntityKind?
                        if let kindNode = mm["kind"] {
                            guard let k = kindNode.string.flatMap(EntityKind.init(rawValue:)) else {
                                throw AppError.invalid("\(at(kindNode)): kind must be person, organization or post")
                            }
                            kind = k
                        }
                        members.append(Member(name: text, kind: kind))
                    } else {
                        throw AppError.invalid("\(at(m)): a member is a name, or {name: …, kind: person|organization|post}")
                    }
                }
            }
            entries.append(Entry(name: name, description: object["description"]?.string, members: members))
        }
        return WatchlistFile(watchlists: entries)
    }
}
