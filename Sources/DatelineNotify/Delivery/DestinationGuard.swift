import Foundation
import NIOCore
import NIOPosix
#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Keeps webhooks away from internal networks (SSRF): refuses URLs whose host resolves to a
/// loopback, private, link-local (cloud metadata), CGNAT, multicast or otherwise non-public
/// address, unless the channel sets `allowPrivateNetwork`.
///
/// Two checks, because DNS may answer differently the second time (DNS rebinding):
/// 1. `check(url:allowPrivateNetwork:)` resolves the host (getaddrinfo) before the request and
///    refuses it if ANY address is non-public, with a clear message;
/// 2. the HTTP client used for guarded channels re-checks the address it actually connected
///    to (`verifyConnected`), on every new connection, before a byte is sent. A host that
///    resolves to a public address for the first check and to 127.0.0.1 for the client's
///    own lookup is refused there. Connections are only reused for the same host and port.
public struct DestinationGuard: Sendable {
    /// A URL that passed the first check.
    public struct Destination: Hashable, Sendable {
        /// `http` or `https`.
        public var scheme: String
        /// The host name or literal address, without brackets.
        public var host: String
        /// The port, defaulted from the scheme.
        public var port: Int
        /// The addresses the host resolved to, all allowed.
        public var addresses: [IPAddress]
    }

    /// Resolves a host name to addresses; injectable for tests of name resolution.
    public typealias Resolver = @Sendable (_ host: String) async throws -> [IPAddress]

    let resolve: Resolver

    /// A guard resolving with `resolver`, or the system's getaddrinfo when `nil`.
    public init(resolver: Resolver? = nil) {
        resolve = resolver ?? DestinationGuard.systemResolve
    }

    /// Checks `url` for `channel`: an http(s) URL whose host resolves only to allowed addresses.
    /// Throws `NotifyError`: `destination_refused` (not retryable), `bad_url`, or `dns_failed` (retryable).
    public func check(url: String, channel: String, allowPrivateNetwork: Bool) async throws -> Destination {
        guard let parsed = URL(string: url), let scheme = parsed.scheme?.lowercased() else {
            throw NotifyError(code: "bad_url", message: "channel '\(channel)': the webhook URL does not parse")
        }
        guard scheme == "http" || scheme == "https" else {
            throw NotifyError(code: "bad_url", message: "channel '\(channel)': only http and https webhook URLs are allowed, not '\(scheme)'")
        }
        guard var host = parsed.host, !host.isEmpty else {
            throw NotifyError(code: "bad_url", message: "channel '\(channel)': the webhook URL has no host")
        }
        if host.hasPrefix("["), host.hasSuffix("]") { host = String(host.dropFirst().dropLast()) }
        if parsed.user != nil || parsed.password != nil {
            // Not an address problem, but credentials in a URL end up in logs; refuse loudly.
            throw NotifyError(code: "bad_url", message: "channel '\(channel)': put credentials in secrets, not in the webhook URL")
        }
        let port = parsed.port ?? (scheme == "https" ? 443 : 80)
        let addresses: [IPAddress]
        if let literal = IPAddress(host) {
            addresses = [literal]
        } else {
            do {
                addresses = try await resolve(host)
            } catch let error as NotifyError {
                throw error
            } catch {
                throw NotifyError(code: "dns_failed", message: "channel '\(channel)': cannot resolve \(host)", category: .unavailable, retryable: true)
            }
            guard !addresses.isEmpty else {
                throw NotifyError(code: "dns_failed", message: "channel '\(channel)': \(host) has no address", category: .unavailable, retryable: true)
            }
        }
        if !allowPrivateNetwork {
            for address in addresses {
                if let reason = address.blockedReason {
                    throw NotifyError.destination(channel, "\(host) resolves to \(address), a \(reason) address; set allowPrivateNetwork to send there")
                }
            }
        }
        return Destination(scheme: scheme, host: host, port: port, addresses: addresses)
    }

    /// The second check: the peer a connection actually reached. Closes the channel and
    /// fails when it is not allowed. Installed as the guarded client's connection initializer.
    static func verifyConnected(_ channel: any Channel) -> EventLoopFuture<Void> {
        let peer = channel.remoteAddress
        if let text = peer?.ipAddress, let address = IPAddress(text) {
            if let reason = address.blockedReason {
                let error = NotifyError(code: "destination_refused", message: "the webhook connected to \(address), a \(reason) address; refused")
                return channel.close().flatMapThrowing { throw error }.flatMapError { _ in channel.eventLoop.makeFailedFuture(error) }
            }
            return channel.eventLoop.makeSucceededVoidFuture()
        }
        let error = NotifyError(code: "destination_refused", message: "the webhook connection has no IP peer address; refused")
        return channel.close().flatMapThrowing { throw error }.flatMapError { _ in channel.eventLoop.makeFailedFuture(error) }
    }

    /// getaddrinfo on NIO's blocking-I/O thread pool.
    @Sendable static func systemResolve(_ host: String) async throws -> [IPAddress] {
        try await NIOThreadPool.singleton.runIfActive {
            var hints = addrinfo()
            hints.ai_family = AF_UNSPEC
            #if canImport(Darwin)
            hints.ai_socktype = SOCK_STREAM
            #else
            hints.ai_socktype = Int32(SOCK_STREAM.rawValue)
            #endif
            var result: UnsafeMutablePointer<addrinfo>?
            let rc = getaddrinfo(host, nil, &hints, &result)
            guard rc == 0, let first = result else {
                throw NotifyError(code: "dns_failed", message: "cannot resolve \(host)", category: .unavailable, retryable: true)
            }
            defer { freeaddrinfo(first) }
            var addresses: [IPAddress] = []
            var node: UnsafeMutablePointer<addrinfo>? = first
            while let current = node {
                if let sa = current.pointee.ai_addr {
                    if current.pointee.ai_family == AF_INET {
                        let bytes = sa.withMemoryRebound(to: sockaddr_in.self, capacity: 1) { ptr in
                            withUnsafeBytes(of: ptr.pointee.sin_addr) { Array($0) }
                        }
                        if let a = IPAddress(bytes: bytes), !addresses.contains(a) { addresses.append(a) }
                    } else if current.pointee.ai_family == AF_INET6 {
                        let bytes = sa.withMemoryRebound(to: sockaddr_in6.self, capacity: 1) { ptr in
                            withUnsafeBytes(of: ptr.pointee.sin6_addr) { Array($0) }
                        }
                        if let a = IPAddress(bytes: bytes), !addresses.contains(a) { addresses.append(a) }
                    }
                }
                node = current.pointee.ai_next
            }
            return addresses
        }
    }
}
