import DatelineApp
import DatelineCore
import DatelineNotify
import DatelineStorage
import DatelineTesting
import Foundation
import Logging
import ServiceLifecycle
import Testing

@Suite("The worker as a service")
struct WorkerServiceTests {
    @Test("woken by NOTIFY it sends a new alert; graceful shutdown lets the send in flight finish and record")
    func listenAndShutdown() async throws {
        try await withDelivery { context, receiver, harness in
            let store = context.deliveries, clock = harness.clock
            try await store.saveChannels([Fixtures.webhook("hook", url: receiver.url)], now: clock.date)
            // Slow answer: the shutdown below arrives while the request is in flight.
            await receiver.script([.delayed(status: 200, seconds: 0.3)])
            let worker = harness.worker(context, owner: "svc", listen: true, poll: 30)
            let group = ServiceGroup(configuration: .init(services: [worker], logger: context.logger))
            try await bounded {
                try await withThrowingTaskGroup(of: Void.self) { tasks in
                    tasks.addTask { try await group.run() }
                    let id = try #require(try await store.enqueue(alert: Fixtures.alert(1), channels: ["hook"], now: clock.date).deliveries.first?.id)
                    await receiver.waitForRequests(1)
                    await group.triggerGracefulShutdown()
                    try await tasks.waitForAll()
                    let detail = try await store.detail(id: id)
                    #expect(detail.summary.state == .delivered)
                    #expect(detail.summary.leaseOwner == nil)
                    #expect(detail.attempts.map(\.statusCode) == [200])
                }
            }
        }
    }
}
