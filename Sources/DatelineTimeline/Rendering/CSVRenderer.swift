import DatelineCore

/// RFC 4180 CSV: a header row, one row per entry (dated in order, then undated with an empty
/// date), CRLF line endings, fields quoted when they hold a comma, quote, CR or LF.
enum CSVRenderer {
    static let header = [
        "id", "date", "precision", "date_start", "date_end", "date_display", "kind", "status", "headline",
        "subject", "organization", "post", "counterparty", "evidence", "source_count", "publications", "urls",
    ]

    static func render(_ c: RenderContext) -> String {
        var out = row(header)
        for v in c.all {
            let e = v.event
            out += row([
                String(e.id), e.date?.value ?? "", e.date?.precision.rawValue ?? "", e.date?.start.iso ?? "",
                e.date?.end.iso ?? "", e.date == nil ? "" : v.dateText, e.kind.rawValue, e.status.rawValue,
                v.headline, e.name(for: .subject) ?? "", e.name(for: .organization) ?? "", e.name(for: .post) ?? "",
                e.name(for: .counterparty) ?? "", v.entry.evidence ?? "", String(e.sourceCount),
                v.entry.publications.joined(separator: "; "),
                v.sources.compactMap(\.url).joined(separator: " "),
            ])
        }
        return out
    }

    static func row(_ fields: [String]) -> String {
        fields.map(field).joined(separator: ",") + "\r\n"
    }

    /// One field, quoted (with quotes doubled) when needed.
    static func field(_ s: String) -> String {
        let needsQuotes = s.unicodeScalars.contains { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }
        guard needsQuotes else { return s }
        return "\"" + s.replacing("\"", with: "\"\"") + "\""
    }
}
