import DatelineApp
import DatelineCore
import DatelineStorage
import Foundation
import Hummingbird

/// `/v1/channels`: list and show (secrets never returned: URLs show scheme and host, secrets
/// are counted), create or replace one channel, send a test message, preview a message.
extension APIServer {
    func addChannelRoutes(to v1: RouterGroup<ServerContext>) {
        v1.get("channels") { _, context in
            try context.require(.read)
            return Self.jsonResponse(try AlertingJSON.channels(try await self.context.deliveries.channels()))
        }
        v1.get("channels/:name") { _, context in
            try context.require(.read)
            return Self.jsonResponse(try AlertingJSON.channel(try await self.context.deliveries.channel(named: try Self.name(context))))
        }
        v1.put("channels/:name") { request, context in
            try context.require(.admin)
            let name = try Self.name(context)
            let object = try Self.jsonObject(try await Self.body(request))
            let config: ChannelConfig
            do {
                config = try ChannelCatalog.config(name: name, json: object)
            } catch let error as ChannelCatalog.InvalidChannel {
                return try Self.problemResponse(
                    .unprocessableContent, code: error.code, detail: error.message, request: request,
                    extensions: ["errors": error.problems.map { ["field": $0.field, "message": $0.message] }])
            }
            let created = try await ChannelCatalog.store(config, in: self.context)
            var response = Self.jsonResponse(
                try AlertingJSON.channel(try await self.context.deliveries.channel(named: name)), status: created ? .created : .ok)
            response.headers[.location] = "/v1/channels/\(name)"
            return response
        }
        v1.post("channels/:name/test") { _, context in
            try context.require(.write)
            let name = try Self.name(context)
            let (outcome, channel) = try await ChannelCatalog.withNotifier(
                configuration: notifyConfiguration, logger: self.context.logger
            ) { notifier in
                try await ChannelCatalog.test(named: name, in: self.context, notifier: notifier)
            }
            return Self.jsonResponse(try AlertingJSON.channelTest(outcome, channel: channel))
        }
        v1.get("channels/:name/preview") { request, context in
            try context.require(.read)
            let name = try Self.name(context)
            guard let eventID = try Self.positiveID(request, "event") else {
                throw Problem(status: .unprocessableContent, code: "invalid_input", detail: "event: missing (the id of a stored event)")
            }
            let channel = try await ChannelCatalog.stored(named: name, in: self.context)
            let body = try await ChannelCatalog.withNotifier(configuration: notifyConfiguration, logger: self.context.logger) { notifier in
                try await ChannelPreview.render(channel: name, eventID: eventID, context: self.context, notifier: notifier, now: Date())
            }
            return Self.jsonResponse(try AlertingJSON.preview(channel: channel, eventID: eventID, body: body))
        }
    }
}
