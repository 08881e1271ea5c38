import Foundation

/// Progress and summaries for `dateline ingest`.
public enum IngestOutput {
    /// One progress line (for a terminal, redrawn with a carriage return).
    public static func progressLine(done: Int, total: Int, failed: Int, elapsed: Double) -> String {
        let rate = elapsed > 0 ? Double(done) / elapsed : 0
        let remaining = rate > 0 ? Double(total - done) / rate : 0
        let width = 28
        let filled = total > 0 ? Int(Double(width) * Double(done) / Double(total)) : width
        let bar = String(repeating: "█", count: filled) + String(repeating: "░", count: width - filled)
        let eta = done < total ? String(format: " ETA %@", clock(remaining)) : ""
        let failures = failed > 0 ? " \(failed) failed" : ""
        return String(format: "\r%@ %d/%d  %.1f articles/s%@%@\u{1B}[K", bar, done, total, rate, eta, failures)
    }

    static func clock(_ seconds: Double) -> String {
        let s = Int(seconds.rounded())
        return s >= 3600 ? String(format: "%d:%02d:%02d", s / 3600, s / 60 % 60, s % 60) : String(format: "%d:%02d", s / 60, s % 60)
    }

    /// The end-of-run summary: failures with their reasons, then the counts.
    public static func render(_ report: Ingestor.Report, json: Bool) throws -> String {
        if json {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes]
            return String(decoding: try encoder.encode(report), as: UTF8.self) + "\n"
        }
        var out = ""
        for failure in report.failed {
            out += "failed: \(failure.source): \(failure.error ?? "unknown error")\n"
        }
        out += try report.summary.render(format: .text)
        out += String(format: "in %.2f s\n", report.seconds)
        return out
    }
}
