import DatelineCore
import Foundation
import Metrics

/// The application's metrics, through swift-metrics: no-ops until a process bootstraps a
/// backend (`dateline serve` bootstraps Prometheus once; library code never does).
///
/// Names follow Prometheus conventions (`_total` counters, `_seconds` timers). Each call site
/// in the ingest, watch and deliver code is one line calling one of these.
public enum DatelineMetrics {
    /// Articles through the ingest path (`dateline_ingest_articles_total{via, outcome}`,
    /// outcome new|duplicate|failed), their events (`dateline_ingest_events_total{result}`,
    /// result new|merged|updated) and the time per article (`dateline_ingest_seconds{via}`).
    public static func ingested(_ result: SubmissionResult?, via: String, seconds: Double) {
        let outcome = result == nil ? "failed" : result?.duplicate == true ? "duplicate" : "new"
        Counter(label: "dateline_ingest_articles_total", dimensions: [("via", via), ("outcome", outcome)]).increment()
        Metrics.Timer(label: "dateline_ingest_seconds", dimensions: [("via", via)], preferredDisplayUnit: .seconds)
            .recordNanoseconds(Int64(max(0, seconds) * 1e9))
        guard let result, !result.duplicate else { return }
        for (name, count) in [("new", result.eventsNew), ("merged", result.eventsMerged), ("updated", result.eventsUpdated)] where count > 0 {
            Counter(label: "dateline_ingest_events_total", dimensions: [("result", name)]).increment(by: count)
        }
    }

    /// Alerts committed by the watcher (`dateline_alerts_fired_total{rule}`).
    public static func alertsFired(_ alerts: [Alert]) {
        for (rule, group) in Dictionary(grouping: alerts, by: \.rule) {
            Counter(label: "dateline_alerts_fired_total", dimensions: [("rule", rule)]).increment(by: group.count)
        }
    }

    /// One recorded delivery attempt (`dateline_deliveries_total{channel, outcome}`, outcome
    /// delivered|retry|dead|disabled) and its send time (`dateline_delivery_seconds{channel}`).
    public static func delivered(channel: String, outcome: String, seconds: Double) {
        Counter(label: "dateline_deliveries_total", dimensions: [("channel", channel), ("outcome", outcome)]).increment()
        Metrics.Timer(label: "dateline_delivery_seconds", dimensions: [("channel", channel)], preferredDisplayUnit: .seconds)
            .recordNanoseconds(Int64(max(0, seconds) * 1e9))
    }

    /// After a watcher batch: how far behind the committed feed the cursor is
    /// (`dateline_watch_lag_changes`, `dateline_watch_lag_seconds`: the age of the oldest
    /// unprocessed change) and the batch's size and time (`dateline_watch_batch_seconds`).
    public static func watchBatch(changes: Int, seconds: Double, lagChanges: Int, lagSeconds: Double, now: Date = Date()) {
        Gauge(label: "dateline_watch_lag_changes").record(lagChanges)
        Gauge(label: "dateline_watch_lag_seconds").record(lagSeconds)
        Counter(label: "dateline_watch_changes_total").increment(by: changes)
        Metrics.Timer(label: "dateline_watch_batch_seconds", preferredDisplayUnit: .seconds).recordNanoseconds(Int64(max(0, seconds) * 1e9))
        if changes > 0 { lastProcessed.set(now.timeIntervalSince1970) }
    }

    /// Sets the gauges that depend on the time of the scrape; call before rendering metrics
    /// (`dateline_watch_seconds_since_last_change`: seconds since the watcher last processed
    /// a change in this process, absent until it has).
    public static func refreshScrapeTimeGauges(now: Date = Date()) {
        guard let last = lastProcessed.get() else { return }
        Gauge(label: "dateline_watch_seconds_since_last_change").record(max(0, now.timeIntervalSince1970 - last))
    }

    private static let lastProcessed = LockedTime()
}

/// A time behind a lock (NSLock: `Mutex` needs macOS 15).
private final class LockedTime: @unchecked Sendable {
    private let lock = NSLock()
    private var value: Double?

    func set(_ time: Double) { lock.withLock { value = time } }
    func get() -> Double? { lock.withLock { value } }
}
