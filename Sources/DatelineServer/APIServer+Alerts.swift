import DatelineApp
import DatelineCore
import DatelineStorage
import Foundation
import Hummingbird

/// `/v1/alerts` (list with filters and keyset pages, detail with deliveries) and
/// `/v1/deliveries` (list, detail with every attempt, retry, retry-dead) — the same store calls
/// as `dateline deliveries list|show|retry|retry-dead`.
extension APIServer {
    func addAlertRoutes(to v1: RouterGroup<ServerContext>) {
        v1.get("alerts") { request, context in
            try context.require(.read)
            let q = request.uri.queryParameters
            let since = try q["since"].map { try RuleCatalog.backtestBound(String($0), name: "since", endOfDay: false) }
            let until = try q["until"].map { try RuleCatalog.backtestBound(String($0), name: "until", endOfDay: true) }
            let filter = AlertFilter(
                rule: q["rule"].map(String.init), since: since, until: until, eventID: try Self.positiveID(request, "event"),
                limit: try Self.limit(request), cursor: q["cursor"].map(String.init))
            return Self.jsonResponse(try AlertingJSON.alerts(try await AlertStore.page(filter, client: self.context.client, logger: self.context.logger)))
        }
        v1.get("alerts/:id") { _, context in
            try context.require(.read)
            let detail = try await AlertStore.detail(id: try Self.id(context), client: self.context.client, logger: self.context.logger)
            return Self.jsonResponse(try AlertingJSON.alert(detail))
        }
    }

    func addDeliveryRoutes(to v1: RouterGroup<ServerContext>) {
        v1.get("deliveries") { request, context in
            try context.require(.read)
            let q = request.uri.queryParameters
            let state = try q["status"].map { text -> DeliveryState in
                guard let state = DeliveryState(rawValue: String(text)) else {
                    throw Problem(status: .unprocessableContent, code: "invalid_input", detail: "status: must be pending, delivered, dead or cancelled")
                }
                return state
            }
            let page = try await self.context.deliveries.page(
                state: state, channel: q["channel"].map(String.init), limit: try Self.limit(request), cursor: q["cursor"].map(String.init))
            return Self.jsonResponse(try AlertingJSON.deliveries(page))
        }
        v1.get("deliveries/:id") { _, context in
            try context.require(.read)
            return Self.jsonResponse(try AlertingJSON.delivery(try await self.context.deliveries.detail(id: try Self.id(context))))
        }
        v1.post("deliveries/:id/retry") { _, context in
            try context.require(.write)
            return Self.jsonResponse(try AlertingJSON.delivery(try await self.context.deliveries.retry(id: try Self.id(context), now: Date())))
        }
        v1.post("deliveries/retry-dead") { request, context in
            try context.require(.write)
            let object = try Self.jsonObject(try await Self.body(request), emptyAllowed: true)
            try Self.requireKnownFields(object, ["channel", "include_cancelled"])
            let channel = try Self.string(object, "channel")
            let includeCancelled = try Self.bool(object, "include_cancelled") ?? false
            let count = try await self.context.deliveries.retryDead(channel: channel, includeCancelled: includeCancelled, now: Date())
            return Self.jsonResponse(try AlertingJSON.retried(count: count, channel: channel))
        }
    }
}
