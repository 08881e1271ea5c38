import DatelineCore
import DatelineStorage
import Foundation

/// The README's "run" command: loads the built-in sample and shows what the store holds.
public enum Demo {
    /// Stores the sample (idempotent) and returns the report to print.
    public static func run(_ context: DatabaseContext, color: Bool) async throws -> String {
        guard let url = Bundle.module.url(forResource: "demo-events", withExtension: "jsonl"),
              let data = FileManager.default.contents(atPath: url.path)
        else { throw AppError(code: "demo_missing", message: "the built-in demo sample is missing from the resources", category: .internal) }
        let submissions = try EventsFileParser.parse(data, name: "demo-events.jsonl")
        let results = try await context.events.write(submissions)
        var out = "Dateline demo — database: \(context.endpoint.redacted)\n\n"
        out += "1. Stored \(submissions.count) sample reports about a fictional transit agency:\n   "
        out += try WriteSummary(results).render(format: .text)
        let page = try await context.events.list(EventFilter(limit: 50))
        out += "\n2. What the store holds, in date order (three reports of one resignation are one event):\n"
        out += try EventOutput.render(page, format: .text, color: color).split(separator: "\n").map { "   \($0)" }.joined(separator: "\n") + "\n"
        let whitfield = try await context.events.list(EventFilter(kinds: [.resignation], entities: ["Dana Whitfield"], limit: 1))
        if let event = whitfield.events.first {
            out += "\n3. One fact, three sources, and how its status moved (dateline events show \(event.id)):\n"
            let detail = try await context.events.detail(id: event.id)
            out += try EventOutput.renderDetail(detail, format: .text, color: color).split(separator: "\n").map { "   \($0)" }.joined(separator: "\n") + "\n"
        }
        out += "\nNext: `dateline events list --format json`, `dateline db status`.\n"
        return out
    }
}
