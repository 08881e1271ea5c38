import DatelineCore
import DatelineExtraction
import DatelineStorage
import Foundation

/// The README's "run" command: the main job on the built-in samples, in the private database.
///
/// 1. Ingests the sample articles (fictional news written for Dateline) with the built-in
///    extractor, each article in its own transaction.
/// 2. Adds three hand-made reports of one fact to show one event per fact.
/// 3. Shows what the store holds and one fact's sources and status history, and a timeline.
/// 4. Runs the watcher once over the change feed and shows the alerts the demo rules fired.
/// Running it again stores nothing twice.
public enum Demo {
    /// Runs the demo and returns the report to print.
    public static func run(_ context: DatabaseContext, color: Bool) async throws -> String {
        guard let articles = Bundle.module.url(forResource: "articles", withExtension: nil),
              let eventsURL = Bundle.module.url(forResource: "demo-events", withExtension: "jsonl"),
              let eventsData = FileManager.default.contents(atPath: eventsURL.path)
        else { throw AppError(code: "demo_missing", message: "the built-in demo samples are missing from the resources", category: .internal) }
        var out = "Dateline demo — database: \(context.endpoint.redacted)\n\n"

        // Rules first: the watcher alerts on what arrives after them.
        if let rulesURL = Bundle.module.url(forResource: "demo-rules", withExtension: "yaml"),
           let rules = FileManager.default.contents(atPath: rulesURL.path) {
            let summary = try await RuleCatalog.apply(
                yaml: String(decoding: rules, as: UTF8.self), file: "demo-rules.yaml", environment: [:], prune: false, in: context)
            let stored = summary.added.isEmpty ? "already stored" : "stored \(summary.added.joined(separator: ", "))"
            out += "0. Rules (dateline rules apply demo-rules.yaml): \(stored): departures and court fights → stdout\n\n"
        }

        let sources = try ArticleFiles.sources([articles.path], metadata: .init(), maxBytes: 1_000_000)
        let ingest = await Ingestor(extractor: try Extractor(), store: context.events, logger: context.logger).run(sources)
        out += "1. Ingested \(sources.count) sample articles (dateline ingest samples/articles):\n   "
        out += try IngestOutput.render(ingest, json: false).split(separator: "\n").joined(separator: "\n   ") + "\n"

        let submissions = try EventsFileParser.parse(eventsData, name: "demo-events.jsonl")
        let results = try await context.events.write(submissions)
        out += "\n2. Added three reports of one resignation by three outlets (dateline events add):\n   "
        out += try WriteSummary(results).render(format: .text)

        let page = try await context.events.list(EventFilter(limit: 50))
        out += "\n3. What the store holds, in date order (dateline events list):\n"
        out += indent(try EventOutput.render(page, format: .text, color: color))
        let whitfield = try await context.events.list(EventFilter(kinds: [.resignation], entities: ["Dana Whitfield"], limit: 1))
        if let event = whitfield.events.first {
            out += "\n4. One fact, three sources, and how its status moved (dateline events show \(event.id)):\n"
            out += indent(try EventOutput.renderDetail(try await context.events.detail(id: event.id), format: .text, color: color))
        }
        let agency = "National Transit Safety Agency"
        let timeline = try await TimelineOutput.build(context, arguments: TimelineArguments(entities: [agency]), now: Date())
        out += "\n5. The agency's timeline, its posts and their holders included (dateline timeline):\n"
        out += indent(try TimelineOutput.render(timeline, format: .text, color: color))
        out += "   As a web page: dateline timeline --entity \"\(agency)\" --format html -o timeline.html\n"
        // The watcher: the change feed since the last run, matched against the rules, alerts
        // written exactly once (with a delivery per channel for `dateline deliver`).
        let collected = AlertCollector()
        let watcher = Watcher(
            client: context.client, logger: context.logger, options: WatcherOptions(consumer: "watcher", once: true),
            onAlerts: { alerts in await collected.add(alerts) })
        try await watcher.runOnce()
        let alerts = await collected.alerts
        out += "\n6. Alerts the watcher wrote (dateline watch --once --print):\n"
        if alerts.isEmpty {
            out += "   none new: every change was matched on an earlier run (alerts are written exactly once)\n"
        } else {
            out += indent(alerts.map { AlertPrinter.render($0, format: .text) }.joined())
            out += "   Their deliveries wait in the outbox: dateline deliver --once sends them to the rules' channels.\n"
        }
        out += "\nNext: dateline events list --format json · dateline timeline --entity \"\(agency)\" · dateline entities list · dateline db status\n"
        out += "      dateline tokens create --scope read, then dateline serve: the API and a timeline viewer at http://127.0.0.1:8080/\n"
        return out
    }

    /// Collects the alerts each committed watcher batch reports.
    actor AlertCollector {
        var alerts: [Alert] = []
        func add(_ batch: [Alert]) { alerts += batch }
    }

    static func indent(_ text: String) -> String {
        text.split(separator: "\n", omittingEmptySubsequences: false).map { $0.isEmpty ? "" : "   \($0)" }.joined(separator: "\n")
    }
}
