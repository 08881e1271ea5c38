import DatelineCore

/// RFC 4287 Atom feed, one entry per event.
///
/// Entry ids are tag URIs (`tag:<authority>:event:<id>`) that never change; `updated` is the
/// event's `updatedAt`, so a feed reader shows the entry again when its status or date changes.
/// The title is the headline, whose wording carries the status ("expected to", "reportedly",
/// "Denied:"; also a `status:` category); the content (HTML,
/// escaped) holds the date, evidence and sources, which are also `related` links. The feed's
/// `updated` is the latest entry's (or `generatedAt` for an empty feed).
enum AtomRenderer {
    static func render(_ c: RenderContext) throws -> String {
        let x = Escape.xml
        let tag = c.options.tagAuthority
        var updatedValues: [String] = []
        var entries = ""
        for v in c.all {
            let updated = try Timestamp.rfc3339(v.event.updatedAt, field: "updatedAt of event \(v.id)")
            let published = try Timestamp.rfc3339(v.event.createdAt, field: "createdAt of event \(v.id)")
            updatedValues.append(updated)
            entries += "<entry>\n"
            entries += "<id>tag:\(x(tag)):event:\(v.id)</id>\n"
            entries += "<title type=\"text\">\(x(v.headline))</title>\n"
            entries += "<updated>\(updated)</updated>\n<published>\(published)</published>\n"
            entries += "<category term=\"\(x(v.kind))\" label=\"\(x(v.kindLabel))\"/>\n"
            entries += "<category term=\"status:\(v.status.rawValue)\" label=\"\(v.status.rawValue)\"/>\n"
            for m in v.sources {
                if let url = Escape.safeURL(m.url) {
                    let title = m.source.map { " title=\"\(x($0))\"" } ?? ""
                    entries += "<link rel=\"related\" href=\"\(x(url))\"\(title)/>\n"
                }
            }
            entries += "<content type=\"html\">\(x(content(v)))</content>\n"
            entries += "</entry>\n"
        }
        let feedUpdated = try updatedValues.max() ?? Timestamp.rfc3339(c.timeline.generatedAt, field: "generatedAt")
        var out = "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<feed xmlns=\"http://www.w3.org/2005/Atom\">\n"
        out += "<id>tag:\(x(tag)):timeline:\(slug(c.timeline.title + " " + c.timeline.selection))</id>\n"
        out += "<title type=\"text\">\(x(c.timeline.title))</title>\n"
        if !c.timeline.selection.isEmpty { out += "<subtitle type=\"text\">\(x(c.timeline.selection))</subtitle>\n" }
        out += "<updated>\(feedUpdated)</updated>\n<author><name>Dateline</name></author>\n"
        out += "<generator>Dateline</generator>\n"
        return out + entries + "</feed>\n"
    }

    /// The entry's HTML body (escaped once more by the caller, as `type="html"` requires).
    static func content(_ v: EntryView) -> String {
        let x = Escape.xml
        var s = "<p><strong>\(x(v.dateText))</strong> · \(x(v.kindLabel)) · \(v.status.rawValue)</p>"
        if let evidence = v.evidence { s += "<blockquote>\(x(evidence))</blockquote>" }
        if !v.sources.isEmpty {
            s += "<ul>"
            for m in v.sources {
                let name = x(m.source ?? "Unknown source")
                let when = m.published.map { " (\($0.iso))" } ?? ""
                if let url = Escape.safeURL(m.url) {
                    s += "<li><a href=\"\(x(url))\">\(name)</a>\(when)</li>"
                } else {
                    s += "<li>\(name)\(when)</li>"
                }
            }
            s += "</ul>"
        }
        for h in v.entry.history {
            let from = h.from.map { "\($0.rawValue) → " } ?? ""
            s += "<p>\(x(h.at)): \(from)\(h.to.rawValue)\(h.note.map { " — " + x($0) } ?? "")</p>"
        }
        return s
    }

    /// Lower-case letters and digits joined by `-`, for a stable feed id.
    static func slug(_ s: String) -> String {
        var out = ""
        var dash = false
        for u in s.lowercased().unicodeScalars {
            if ("a"..."z").contains(u) || ("0"..."9").contains(u) {
                if dash && !out.isEmpty { out += "-" }
                out.unicodeScalars.append(u)
                dash = false
            } else {
                dash = true
            }
        }
        return out.isEmpty ? "timeline" : out
    }
}
