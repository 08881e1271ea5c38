import Testing
@testable import DatelineNotify

@Suite("Destination guard")
struct DestinationGuardTests {
    @Test("non-public addresses are classified", arguments: [
        ("127.0.0.1", "loopback"), ("127.5.6.7", "loopback"), ("10.1.2.3", "private"), ("172.16.0.1", "private"),
        ("172.31.255.255", "private"), ("192.168.1.1", "private"), ("169.254.169.254", "link-local (cloud metadata)"),
        ("169.254.1.1", "link-local"), ("100.64.0.1", "carrier-grade NAT"), ("100.127.255.255", "carrier-grade NAT"),
        ("0.0.0.0", "unspecified"), ("224.0.0.1", "multicast"), ("255.255.255.255", "broadcast"),
        ("::1", "loopback"), ("::", "unspecified"), ("fc00::1", "private"), ("fd12:3456::1", "private"),
        ("fe80::1", "link-local"), ("ff02::1", "multicast"), ("::ffff:127.0.0.1", "loopback (IPv4-mapped)"),
        ("::ffff:169.254.169.254", "link-local (cloud metadata) (IPv4-mapped)"), ("[::1]", "loopback"),
        ("64:ff9b::a00:1", "private (NAT64)"),
    ])
    func blocked(address: String, reason: String) throws {
        let ip = try #require(IPAddress(address))
        #expect(ip.blockedReason == reason)
    }

    @Test("public addresses pass", arguments: ["93.184.216.34", "8.8.8.8", "172.32.0.1", "100.128.0.1", "2606:4700::1111", "::ffff:8.8.8.8", "169.253.1.1"])
    func allowed(address: String) throws {
        #expect(try #require(IPAddress(address)).blockedReason == nil)
    }

    @Test("URLs: literal IPs and names are checked after resolution; allowPrivateNetwork lets them through")
    func urls() async throws {
        let guardWithFakeDNS = DestinationGuard(resolver: { host in
            switch host {
            case "internal.example": [IPAddress("10.0.0.5")].compactMap { $0 }
            case "mixed.example": [IPAddress("93.184.216.34"), IPAddress("127.0.0.1")].compactMap { $0 }
            default: [IPAddress("93.184.216.34")].compactMap { $0 }
            }
        })
        for url in ["http://127.0.0.1:8080/x", "http://[::1]/x", "https://internal.example/hook", "https://mixed.example/",
                    "http://169.254.169.254/latest/meta-data", "http://[::ffff:10.0.0.1]/"] {
            await #expect(throws: NotifyError.self, "\(url)") {
                try await guardWithFakeDNS.check(url: url, channel: "c", allowPrivateNetwork: false)
            }
            let allowed = try await guardWithFakeDNS.check(url: url, channel: "c", allowPrivateNetwork: true)
            #expect(!allowed.addresses.isEmpty)
        }
        let ok = try await guardWithFakeDNS.check(url: "https://hooks.example.com/services/T0/B0/x", channel: "c", allowPrivateNetwork: false)
        #expect(ok.port == 443)
        #expect(ok.addresses.map(\.description) == ["93.184.216.34"])
    }

    @Test("the system resolver sees localhost as loopback")
    func systemResolver() async throws {
        do {
            _ = try await DestinationGuard().check(url: "http://localhost:1/", channel: "c", allowPrivateNetwork: false)
            Issue.record("localhost was allowed")
        } catch let error as NotifyError {
            #expect(error.code == "destination_refused")
            #expect(error.message.contains("loopback"))
        }
    }
}
