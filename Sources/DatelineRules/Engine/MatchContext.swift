import DatelineCore

/// What matching needs to know about entities and watchlists, answered by the caller.
///
/// The watcher implements it over the entity resolver and the watchlist tables (typically an
/// in-memory snapshot refreshed when they change); tests and backtests use
/// `StaticMatchContext`. Rules keep names; this resolves them when a change is evaluated.
///
/// Contract: if `entityIDs(named: n)` contains `id`, then `names(of: id)` contains `n` up to
/// case and spacing. The engine's index looks rules up by the names of the entities in a change;
/// a name missing from `names(of:)` would hide a rule from the index.
public protocol MatchContext {
    /// The ids of the entities a name (canonical name or alias) resolves to.
    func entityIDs(named name: String) -> Set<Int64>
    /// Every name an entity is known by: canonical name and aliases.
    func names(of entityID: Int64) -> [String]
    /// The watchlists an entity is on.
    func watchlists(containing entityID: Int64) -> Set<String>
}

extension MatchContext {
    /// Whether an entity is on a watchlist.
    public func isOnWatchlist(_ entityID: Int64, _ watchlist: String) -> Bool {
        watchlists(containing: entityID).contains(watchlist)
    }
}

/// A `MatchContext` over a fixed list of entities and watchlists (tests, backtests, the CLI).
///
/// Names compare case-insensitively with runs of spaces collapsed.
public struct StaticMatchContext: MatchContext, Sendable {
    private var idsByName: [String: Set<Int64>] = [:]
    private var namesByID: [Int64: [String]] = [:]
    private var watchlistsByID: [Int64: Set<String>] = [:]

    /// A context knowing these entities (with their aliases) and watchlist members by entity id.
    public init(entities: [Entity] = [], watchlists: [String: Set<Int64>] = [:]) {
        for entity in entities {
            add(entity)
        }
        for (watchlist, members) in watchlists {
            for id in members { watchlistsByID[id, default: []].insert(watchlist) }
        }
    }

    /// Adds an entity and its aliases.
    public mutating func add(_ entity: Entity) {
        for name in [entity.name] + entity.aliases.map(\.name) {
            idsByName[NameKey.normalize(name), default: []].insert(entity.id)
            namesByID[entity.id, default: []].append(name)
        }
    }

    /// Puts an entity on a watchlist.
    public mutating func add(_ entityID: Int64, toWatchlist watchlist: String) {
        watchlistsByID[entityID, default: []].insert(watchlist)
    }

    /// The entities whose name or alias equals `name` (ignoring case and spacing).
    public func entityIDs(named name: String) -> Set<Int64> { idsByName[NameKey.normalize(name)] ?? [] }

    /// The canonical name and aliases of an entity.
    public func names(of entityID: Int64) -> [String] { namesByID[entityID] ?? [] }

    /// The watchlists an entity was put on.
    public func watchlists(containing entityID: Int64) -> Set<String> { watchlistsByID[entityID] ?? [] }
}

/// The form names take in indexes: lower-cased, spaces trimmed and collapsed.
enum NameKey {
    static func normalize(_ name: String) -> String {
        // Fast path for ASCII names (most of them): no Unicode property lookups.
        if name.utf8.allSatisfy({ $0 < 0x80 }) {
            var bytes: [UInt8] = []
            bytes.reserveCapacity(name.utf8.count)
            var pendingSpace = false
            for byte in name.utf8 {
                if byte == 0x20 || (0x09...0x0D).contains(byte) {
                    pendingSpace = !bytes.isEmpty
                } else {
                    if pendingSpace { bytes.append(0x20) }
                    pendingSpace = false
                    bytes.append((0x41...0x5A).contains(byte) ? byte + 0x20 : byte)
                }
            }
            return String(decoding: bytes, as: UTF8.self)
        }
        var result = ""
        var pendingSpace = false
        for character in name.lowercased() {
            if character.isWhitespace {
                pendingSpace = !result.isEmpty
            } else {
                if pendingSpace { result.append(" ") }
                pendingSpace = false
                result.append(character)
            }
        }
        return result
    }
}
