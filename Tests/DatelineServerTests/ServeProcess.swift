import AsyncHTTPClient
import DatelineApp
import DatelineCore
import DatelineStorage
import DatelineTesting
import Foundation
import NIOCore
import Testing

/// A plain GET on 127.0.0.1: the status and body.
func httpGet(port: Int, path: String, token: String? = nil) async throws -> (status: Int, body: String) {
    var request = HTTPClientRequest(url: "http://127.0.0.1:\(port)\(path)")
    if let token { request.headers.add(name: "Authorization", value: "Bearer \(token)") }
    let response = try await HTTPClient.shared.execute(request, timeout: .seconds(30))
    let body = try await response.body.collect(upTo: 10_000_000)
    return (Int(response.status.code), String(buffer: body))
}

/// The sum of a Prometheus metric's samples whose line contains every one of `labels`.
func metricSum(_ text: String, _ name: String, _ labels: [String] = []) -> Double {
    text.split(separator: "\n").filter { line in
        !line.hasPrefix("#") && (line.hasPrefix(name + "{") || line.hasPrefix(name + " ")) && labels.allSatisfy { line.contains($0) }
    }.compactMap { $0.split(separator: " ").last.flatMap { Double($0) } }.reduce(0, +)
}

/// One line of `events add` input: an article and its events.
func articleLine(_ name: String, source: String, events: [[String: Any]]) -> String {
    let object: [String: Any] = ["article": name, "url": "https://news.example/\(name)", "source": source, "published": "2025-04-09", "events": events]
    let data = (try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys])) ?? Data()
    return String(decoding: data, as: UTF8.self)
}

/// A resignation of `person`.
func resignationEvent(_ person: String) -> [String: Any] {
    ["kind": "resignation", "subject": person, "organization": "Bureau of Ports", "date": "2025-04-08", "status": "expected",
     "evidence": "\(person) is leaving the Bureau of Ports, officials said."]
}

/// Polls `condition` (bounded; not a timed assertion: the bound only stops a hung test).
func eventually(_ what: String, timeout: Duration = .seconds(90), _ condition: () async throws -> Bool) async throws {
    let clock = ContinuousClock()
    let deadline = clock.now + timeout
    while clock.now < deadline {
        if try await condition() { return }
        try await Task.sleep(for: .milliseconds(50))
    }
    Issue.record("gave up waiting: \(what)")
    throw AppError.invalid("gave up waiting: \(what)")
}
