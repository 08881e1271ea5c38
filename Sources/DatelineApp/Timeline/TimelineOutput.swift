import DatelineCore
import DatelineStorage
import DatelineTimeline
import Foundation

/// Builds timelines from the store and writes them out: the one path the CLI, the demo and the
/// tests share.
public enum TimelineOutput {
    /// The timeline (or page) that `arguments` select, stamped with `now`.
    ///
    /// - Parameter title: the heading; `nil` names it after the selection.
    public static func build(
        _ context: DatabaseContext, arguments: TimelineArguments, title: String? = nil, now: Date
    ) async throws -> Timeline {
        let query = try arguments.timelineQuery()
        return try await context.timelines.timeline(query, title: title, generatedAt: timestamp(now))
    }

    /// `2025-05-01T12:00:00Z`: ISO 8601, UTC, whole seconds.
    public static func timestamp(_ date: Date) -> String {
        let formatter = ISO8601DateFormatter()
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.formatOptions = [.withInternetDateTime]
        return formatter.string(from: date)
    }

    /// The format to use: the one asked for, else the output file's extension (`.html`, `.ics`,
    /// …), else text on a terminal and JSON otherwise.
    public static func format(requested: TimelineFormat?, outputPath: String?, stdoutIsTerminal: Bool) -> TimelineFormat {
        if let requested { return requested }
        if let outputPath {
            let ext = (outputPath as NSString).pathExtension.lowercased()
            let byExtension: [String: TimelineFormat] = [
                "txt": .text, "md": .markdown, "markdown": .markdown, "json": .json, "jsonl": .jsonl, "csv": .csv,
                "html": .html, "htm": .html, "ics": .ics, "atom": .atom, "xml": .atom, "svg": .svg,
            ]
            return byExtension[ext] ?? .json
        }
        return stdoutIsTerminal ? .text : .json
    }

    /// The timeline in `format`; ANSI colour only for text with `color`.
    public static func render(_ timeline: Timeline, format: TimelineFormat, color: Bool = false) throws -> String {
        try TimelineRenderer.render(timeline, format: format, options: RenderOptions(color: color && format == .text))
    }

    /// Writes the whole text to `path` atomically: a temporary file in the same folder, then a
    /// rename over the target, so a reader never sees half a file and a failure leaves the old
    /// file as it was.
    public static func write(_ text: String, to path: String) throws {
        let url = URL(fileURLWithPath: path)
        let directory = url.deletingLastPathComponent()
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: directory.path, isDirectory: &isDirectory), isDirectory.boolValue else {
            throw AppError.invalid("-o \(path): the folder \(directory.path) does not exist")
        }
        let temporary = directory.appendingPathComponent(".\(url.lastPathComponent).\(getpid()).\(UInt32.random(in: 0...UInt32.max)).tmp")
        guard FileManager.default.createFile(atPath: temporary.path, contents: Data(text.utf8)) else {
            throw AppError.invalid("-o \(path): cannot write in \(directory.path)")
        }
        guard rename(temporary.path, url.path) == 0 else {
            let reason = String(cString: strerror(errno))
            try? FileManager.default.removeItem(at: temporary)
            throw AppError.invalid("-o \(path): cannot replace the file (\(reason))")
        }
    }
}
