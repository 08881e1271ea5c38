import DatelineCore

/// The `json` and `jsonl` formats; the schema is documented in docs/timeline-json.md.
enum JSONRenderer {
    /// The version of the documented schema, bumped on incompatible changes.
    static let schemaVersion: Int64 = 1

    static func document(_ c: RenderContext) -> JSONValue {
        let t = c.timeline
        return .object([
            "schema_version": .int(schemaVersion),
            "title": .string(t.title),
            "selection": .string(t.selection),
            "generated_at": .string(t.generatedAt),
            "entries": .array(c.dated.map(entry)),
            "undated": .array(c.undated.map(entry)),
            "next_cursor": .optional(t.nextCursor),
        ])
    }

    static func lines(_ c: RenderContext) -> String {
        c.all.map { entry($0).serialized(pretty: false) + "\n" }.joined()
    }

    static func entry(_ v: EntryView) -> JSONValue {
        let e = v.event
        return .object([
            "id": .int(e.id),
            "kind": .string(e.kind.rawValue),
            "status": .string(e.status.rawValue),
            "date": date(e.date, display: v.dateText),
            "headline": .string(v.headline),
            "participants": .array(e.participants.map { p in
                .object([
                    "entity_id": .int(p.entityID),
                    "kind": .string(p.kind.rawValue),
                    "name": .string(p.name),
                    "role": .string(p.role.rawValue),
                ])
            }),
            "evidence": .optional(v.evidence),
            "sources": .array(v.sources.map(source)),
            "source_count": .int(Int64(e.sourceCount)),
            "mention_count": .int(Int64(e.mentionCount)),
            "confidence": .double(e.confidence),
            "created_at": .string(e.createdAt),
            "updated_at": .string(e.updatedAt),
            "history": .array(v.entry.history.map { h in
                .object([
                    "from": .optional(h.from?.rawValue),
                    "to": .string(h.to.rawValue),
                    "at": .string(h.at),
                    "article_id": h.articleID.map(JSONValue.int) ?? .null,
                    "note": .optional(h.note),
                ])
            }),
        ])
    }

    static func date(_ d: FuzzyDate?, display: String) -> JSONValue {
        guard let d else { return .null }
        return .object([
            "value": .string(d.value),
            "precision": .string(d.precision.rawValue),
            "start": .string(d.start.iso),
            "end": .string(d.end.iso),
            "display": .string(display),
        ])
    }

    static func source(_ m: Mention) -> JSONValue {
        .object([
            "article_id": .int(m.articleID),
            "publication": .optional(m.source),
            "published": .optional(m.published?.iso),
            "url": .optional(m.url),
            "headline": .optional(m.headline),
            "sentence": .string(m.sentence),
            "status": .string(m.status.rawValue),
        ])
    }
}
