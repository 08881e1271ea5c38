import DatelineCore
import DatelineExtraction
import Foundation
import Yams

/// One article waiting to be ingested: where it came from and how to read it.
public struct ArticleSource: Sendable {
    /// The path, URL or `stdin`, for messages.
    public var name: String
    public var load: @Sendable () throws -> ArticleInput

    public init(name: String, load: @escaping @Sendable () throws -> ArticleInput) {
        self.name = name
        self.load = load
    }
}

/// Finds the articles under paths and reads each with its metadata.
///
/// - `.txt`, `.text`, `.md`: plain text, first line the headline; an optional front matter block
///   (`---` lines around YAML: published, url, source, headline) at the top.
/// - `.html`, `.htm`: HTML; metadata from a sidecar.
/// - `.json`: an article object `{"text"|"html", "published", "url", "source", "headline"}`, unless
///   it is the sidecar of an article file beside it.
/// - Sidecars: `NAME.json`, `NAME.yaml` or `NAME.yml` next to `NAME.txt`/`NAME.html` holding the
///   metadata fields. Command-line metadata applies to a single file and wins over the file's own.
public enum ArticleFiles {
    static let textExtensions: Set<String> = ["txt", "text", "md"]
    static let htmlExtensions: Set<String> = ["html", "htm", "xhtml"]
    static let sidecarExtensions: Set<String> = ["json", "yaml", "yml"]

    /// The article sources under `paths` (folders recursively, sorted), or an error naming a
    /// path that does not exist.
    public static func sources(_ paths: [String], metadata: ArticleReader.Metadata, maxBytes: Int) throws -> [ArticleSource] {
        var files: [String] = []
        var useStdin = false
        for path in paths {
            if path == "-" { useStdin = true; continue }
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
                throw AppError.invalid("\(path): no such file or folder")
            }
            if isDirectory.boolValue {
                // A linked folder (samples/articles) is read where it really is.
                files += try articleFiles(in: URL(fileURLWithPath: path).resolvingSymlinksInPath().path)
            } else {
                files.append(path)
            }
        }
        let single = files.count + (useStdin ? 1 : 0) == 1
        if !single && (metadata.url != nil || metadata.headline != nil) {
            throw AppError.invalid("--url and --headline apply to a single article; give one file, or use front matter or sidecar files")
        }
        var sources: [ArticleSource] = files.map { path in
            ArticleSource(name: path) { try read(path: path, overrides: metadata, maxBytes: maxBytes) }
        }
        if useStdin {
            let data = FileHandle.standardInput.readDataToEndOfFile()
            sources.append(ArticleSource(name: "stdin") {
                try ArticleReader.input(bytes: data, name: "stdin", metadata: metadata, maxBytes: maxBytes)
            })
        }
        return sources
    }

    /// Article files in a folder and its subfolders, sidecars and hidden files left out.
    static func articleFiles(in folder: String) throws -> [String] {
        guard let enumerator = FileManager.default.enumerator(atPath: folder) else {
            throw AppError.invalid("\(folder): cannot be read")
        }
        var all: [String] = []
        while let relative = enumerator.nextObject() as? String {
            let name = (relative as NSString).lastPathComponent
            if name.hasPrefix(".") {
                if (enumerator.fileAttributes?[.type] as? FileAttributeType) == .typeDirectory { enumerator.skipDescendants() }
                continue
            }
            if (enumerator.fileAttributes?[.type] as? FileAttributeType) == .typeDirectory { continue }
            all.append((folder as NSString).appendingPathComponent(relative))
        }
        let stems = Set(all.filter { textExtensions.contains(ext($0)) || htmlExtensions.contains(ext($0)) }.map { stem($0) })
        return all.filter { path in
            let e = ext(path)
            if textExtensions.contains(e) || htmlExtensions.contains(e) { return true }
            // A .json is an article unless it is an article file's sidecar.
            return e == "json" && !stems.contains(stem(path))
        }.sorted()
    }

    static func ext(_ path: String) -> String { (path as NSString).pathExtension.lowercased() }
    static func stem(_ path: String) -> String { (path as NSString).deletingPathExtension }

    /// Reads one file with its front matter or sidecar; `overrides` win.
    static func read(path: String, overrides: ArticleReader.Metadata, maxBytes: Int) throws -> ArticleInput {
        guard let data = FileManager.default.contents(atPath: path) else { throw AppError.invalid("\(path): cannot be read") }
        if data.count > maxBytes {
            throw ExtractionError.tooLarge(size: data.count, limit: maxBytes, what: path)
        }
        if ext(path) == "json" { return try jsonArticle(data, path: path, overrides: overrides, maxBytes: maxBytes) }
        var metadata = try sidecar(for: path) ?? ArticleReader.Metadata()
        var bytes = data
        if textExtensions.contains(ext(path)), let (front, rest) = try frontMatter(data, path: path) {
            metadata = merge(front, over: metadata)
            bytes = rest
        }
        return try ArticleReader.input(bytes: bytes, name: path, metadata: merge(overrides, over: metadata), maxBytes: maxBytes)
    }

    static func merge(_ top: ArticleReader.Metadata, over base: ArticleReader.Metadata) -> ArticleReader.Metadata {
        ArticleReader.Metadata(published: top.published ?? base.published, url: top.url ?? base.url,
                               source: top.source ?? base.source, headline: top.headline ?? base.headline)
    }

    /// `NAME.json|yaml|yml` beside the article, if any.
    static func sidecar(for path: String) throws -> ArticleReader.Metadata? {
        for e in ["json", "yaml", "yml"] {
            let candidate = stem(path) + "." + e
            guard candidate != path, let data = FileManager.default.contents(atPath: candidate) else { continue }
            let text = String(decoding: data, as: UTF8.self)
            return try metadata(fromYAML: text, location: candidate)
        }
        return nil
    }

    /// A `---` … `---` block at the very top of a text file.
    static func frontMatter(_ data: Data, path: String) throws -> (ArticleReader.Metadata, Data)? {
        guard data.starts(with: Data("---\n".utf8)) || data.starts(with: Data("---\r\n".utf8)) else { return nil }
        let text = String(decoding: data, as: UTF8.self)
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        guard let close = lines.dropFirst().firstIndex(where: { $0.trimmingCharacters(in: .whitespaces) == "---" }) else {
            throw AppError.invalid("\(path):1: front matter starts with --- but has no closing --- line")
        }
        let yaml = lines[1..<close].joined(separator: "\n")
        let rest = lines[(close + 1)...].joined(separator: "\n")
        return (try metadata(fromYAML: yaml, location: path, lineOffset: 1), Data(rest.utf8))
    }

    /// Metadata fields from YAML or JSON text (JSON is YAML).
    static func metadata(fromYAML text: String, location: String, lineOffset: Int = 0) throws -> ArticleReader.Metadata {
        let node: Node?
        do {
            node = try Yams.compose(yaml: text)
        } catch let error as YamlError {
            throw AppError.invalid("\(location): metadata is not valid YAML/JSON: \(error)")
        }
        guard let mapping = node?.mapping else {
            if node == nil { return ArticleReader.Metadata() }
            throw AppError.invalid("\(location): metadata must be a mapping of published, url, source, headline")
        }
        var result = ArticleReader.Metadata()
        let allowed: Set<String> = ["published", "url", "source", "headline", "title", "date", "author", "tags"]
        for (keyNode, valueNode) in mapping {
            guard let key = keyNode.string else { continue }
            let line = keyNode.mark.map { $0.line + lineOffset } ?? 0
            guard allowed.contains(key) else {
                throw AppError.invalid("\(location):\(line): unknown metadata field '\(key)' (published, url, source, headline)")
            }
            guard let value = valueNode.string else { continue }
            switch key {
            case "published", "date":
                let day = String(value.prefix(10))
                guard let date = CalendarDate(iso: day) else {
                    throw AppError.invalid("\(location):\(line): \(key): expected a date as YYYY-MM-DD, got '\(value)'")
                }
                result.published = date
            case "url": result.url = value
            case "source": result.source = value
            case "headline", "title": result.headline = value
            default: break
            }
        }
        return result
    }

    /// A JSON article: `{"text"|"html", "published", "url", "source", "headline"}`.
    static func jsonArticle(_ data: Data, path: String, overrides: ArticleReader.Metadata, maxBytes: Int) throws -> ArticleInput {
        let object: [String: Any]
        do {
            guard let parsed = try JSONSerialization.jsonObject(with: data) as? [String: Any] else {
                throw AppError.invalid("\(path): expected a JSON object with text or html")
            }
            object = parsed
        } catch let error as AppError {
            throw error
        } catch {
            throw AppError.invalid("\(path): invalid JSON (\((error as NSError).userInfo[NSDebugDescriptionErrorKey] as? String ?? "malformed"))")
        }
        return try jsonArticle(object, name: path, overrides: overrides, maxBytes: maxBytes)
    }

    /// An article object (also the body of `POST /v1/articles`).
    public static func jsonArticle(_ object: [String: Any], name: String, overrides: ArticleReader.Metadata, maxBytes: Int) throws -> ArticleInput {
        func string(_ key: String) throws -> String? {
            guard let value = object[key], !(value is NSNull) else { return nil }
            guard let text = value as? String else { throw AppError.invalid("\(name): \(key): expected a string") }
            return text
        }
        let text = try string("text"), html = try string("html")
        guard (text == nil) != (html == nil) else {
            throw AppError.invalid("\(name): give exactly one of \"text\" and \"html\"")
        }
        var metadata = ArticleReader.Metadata(url: try string("url"), source: try string("source"), headline: try string("headline"))
        if let published = try string("published") {
            guard let date = CalendarDate(iso: String(published.prefix(10))) else {
                throw AppError.invalid("\(name): published: expected a date as YYYY-MM-DD, got '\(published)'")
            }
            metadata.published = date
        }
        metadata = merge(overrides, over: metadata)
        let body = text ?? html ?? ""
        if body.utf8.count > maxBytes { throw ExtractionError.tooLarge(size: body.utf8.count, limit: maxBytes, what: name) }
        if let headline = metadata.headline {
            return ArticleInput(body: body, isHTML: html != nil, published: metadata.published, url: metadata.url, source: metadata.source, headline: headline)
        }
        if html != nil {
            return ArticleInput(body: body, isHTML: true, published: metadata.published, url: metadata.url, source: metadata.source)
        }
        var input = GoldScorer.articleInput(body, published: metadata.published?.iso, source: metadata.source)
        input.url = metadata.url
        return input
    }
}
