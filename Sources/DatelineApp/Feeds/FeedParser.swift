import DatelineCore
import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif

/// One entry of an RSS 2.0 or Atom feed.
public struct FeedItem: Sendable, Equatable {
    /// The item's identity: guid / Atom id, else its link.
    public var key: String
    public var title: String?
    public var link: String?
    public var published: CalendarDate?
    /// Full content or summary as the feed gives it (often HTML).
    public var content: String?
    /// Whether `content` is the full article (content:encoded / Atom content) rather than a teaser.
    public var hasFullContent: Bool
}

/// A parsed feed.
public struct Feed: Sendable, Equatable {
    public var title: String?
    public var items: [FeedItem]
}

/// Parses RSS 2.0 and Atom with Foundation's XML parser (no network, no entity expansion).
public enum FeedParser {
    public static func parse(_ data: Data, source: String) throws -> Feed {
        let delegate = Delegate()
        let parser = XMLParser(data: data)
        parser.shouldResolveExternalEntities = false
        parser.delegate = delegate
        guard parser.parse(), delegate.sawRoot else {
            let line = parser.lineNumber
            let reason = parser.parserError.map { ($0 as NSError).localizedDescription } ?? "not an RSS or Atom feed"
            throw AppError.invalid("\(source): line \(line): \(delegate.sawRoot ? reason : "not an RSS 2.0 or Atom feed")")
        }
        return Feed(title: delegate.feedTitle, items: delegate.items)
    }

    /// Dates as feeds write them: RFC 822 (RSS) or RFC 3339 (Atom); only the day is kept.
    public static func day(_ text: String) -> CalendarDate? {
        let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines)
        if let date = CalendarDate(iso: String(trimmed.prefix(10))) { return date }
        // "Tue, 08 Apr 2025 14:00:00 GMT" or "8 Apr 2025 …"
        let months = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"]
        let words = trimmed.replacingOccurrences(of: ",", with: " ").split(separator: " ").map { $0.lowercased() }
        for (i, word) in words.enumerated() {
            guard let month = months.firstIndex(of: String(word.prefix(3))), i > 0, i + 1 < words.count,
                  let d = Int(words[i - 1]), let y = Int(words[i + 1])
            else { continue }
            return CalendarDate(year: y < 100 ? 1900 + y + (y < 50 ? 100 : 0) : y, month: month + 1, day: d)
        }
        return nil
    }

    final class Delegate: NSObject, XMLParserDelegate {
        var sawRoot = false
        var feedTitle: String?
        var items: [FeedItem] = []
        private var current: [String: String]?
        private var currentLink: String?
        private var text = ""
        private var isAtom = false

        func parser(_ parser: XMLParser, didStartElement name: String, namespaceURI: String?, qualifiedName: String?, attributes: [String: String] = [:]) {
            let local = name.split(separator: ":").last.map(String.init) ?? name
            if !sawRoot {
                sawRoot = local == "rss" || local == "feed" || local == "RDF"
                isAtom = local == "feed"
            }
            if local == "item" || local == "entry" {
                current = [:]
                currentLink = nil
            }
            if isAtom, local == "link", current != nil {
                let rel = attributes["rel"] ?? "alternate"
                if rel == "alternate", let href = attributes["href"] { currentLink = href }
            }
            text = ""
        }

        func parser(_ parser: XMLParser, foundCharacters string: String) { text += string }

        func parser(_ parser: XMLParser, foundCDATA data: Data) { text += String(decoding: data, as: UTF8.self) }

        func parser(_ parser: XMLParser, didEndElement name: String, namespaceURI: String?, qualifiedName: String?) {
            let value = text.trimmingCharacters(in: .whitespacesAndNewlines)
            let key = qualifiedName ?? name
            if var item = current {
                if name == "item" || name == "entry" || key.hasSuffix(":item") {
                    let link = currentLink ?? item["link"]
                    let id = item["guid"] ?? item["id"] ?? link
                    if let id, !id.isEmpty {
                        let full = item["content:encoded"] ?? item["content"]
                        items.append(FeedItem(
                            key: id, title: item["title"], link: link,
                            published: (item["pubDate"] ?? item["published"] ?? item["updated"] ?? item["dc:date"]).flatMap(FeedParser.day),
                            content: full ?? item["description"] ?? item["summary"], hasFullContent: full != nil))
                    }
                    current = nil
                } else if !value.isEmpty, item[key] == nil {
                    item[key] = value
                    current = item
                }
            } else if (name == "title"), feedTitle == nil, !value.isEmpty {
                feedTitle = value
            }
            text = ""
        }
    }
}
