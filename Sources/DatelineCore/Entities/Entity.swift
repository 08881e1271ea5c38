/// What an entity is.
public enum EntityKind: String, Hashable, Sendable, Codable, CaseIterable {
    case person
    case organization
    /// A post: "Commissioner of Internal Revenue". Held by people over time.
    case post
}

/// How an alias relates to the entity's canonical name.
public enum AliasKind: String, Hashable, Sendable, Codable, CaseIterable {
    /// The canonical name itself.
    case name
    /// An acronym: IRS for Internal Revenue Service.
    case acronym
    /// Another name in use: "the tax agency", "Treasury".
    case alias
    /// A former name.
    case previous
}

/// A person, organization or post that events are about.
public struct Entity: Hashable, Sendable, Codable, Identifiable {
    public var id: Int64
    public var kind: EntityKind
    public var name: String
    public var aliases: [EntityAlias]

    public init(id: Int64, kind: EntityKind, name: String, aliases: [EntityAlias] = []) {
        self.id = id
        self.kind = kind
        self.name = name
        self.aliases = aliases
    }
}

/// Another name of an entity.
public struct EntityAlias: Hashable, Sendable, Codable {
    public var name: String
    public var kind: AliasKind

    public init(name: String, kind: AliasKind) {
        self.name = name
        self.kind = kind
    }
}
