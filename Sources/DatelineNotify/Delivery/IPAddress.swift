#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// An IPv4 or IPv6 address as its bytes, with the classification the destination guard needs.
public struct IPAddress: Hashable, Sendable, CustomStringConvertible {
    /// 4 bytes (IPv4) or 16 bytes (IPv6), network order.
    public let bytes: [UInt8]

    /// An address from 4 (IPv4) or 16 (IPv6) bytes in network order; `nil` for other lengths.
    public init?(bytes: [UInt8]) {
        guard bytes.count == 4 || bytes.count == 16 else { return nil }
        self.bytes = bytes
    }

    /// Parses a literal address in standard notation (`192.0.2.1`, `2001:db8::1`, `[::1]`).
    public init?(_ text: String) {
        var literal = text
        if literal.hasPrefix("["), literal.hasSuffix("]") { literal = String(literal.dropFirst().dropLast()) }
        if let percent = literal.firstIndex(of: "%") { literal = String(literal[..<percent]) }  // zone id
        var v4 = in_addr()
        if inet_pton(AF_INET, literal, &v4) == 1 {
            bytes = withUnsafeBytes(of: &v4) { Array($0) }
            return
        }
        var v6 = in6_addr()
        if inet_pton(AF_INET6, literal, &v6) == 1 {
            bytes = withUnsafeBytes(of: &v6) { Array($0) }
            return
        }
        return nil
    }

    /// Whether this is a 4-byte IPv4 address.
    public var isIPv4: Bool { bytes.count == 4 }

    /// Dotted IPv4, or IPv6 as eight hex groups (not compressed).
    public var description: String {
        if isIPv4 { return bytes.map(String.init).joined(separator: ".") }
        var groups: [String] = []
        for i in stride(from: 0, to: 16, by: 2) { groups.append(String(UInt16(bytes[i]) << 8 | UInt16(bytes[i + 1]), radix: 16)) }
        return groups.joined(separator: ":")
    }

    /// Why a webhook must not go to this address, or `nil` for a public unicast address.
    ///
    /// Refused: unspecified, loopback, private (10/8, 172.16/12, 192.168/16, fc00::/7),
    /// link-local (169.254/16 incl. the cloud metadata address 169.254.169.254, fe80::/10),
    /// carrier-grade NAT (100.64/10), multicast, reserved/benchmark/IETF ranges, broadcast,
    /// deprecated site-local (fec0::/10), and IPv6 forms embedding such an IPv4 address
    /// (IPv4-mapped ::ffff:0:0/96, IPv4-compatible ::/96, NAT64 64:ff9b::/96).
    public var blockedReason: String? {
        if isIPv4 { return IPAddress.v4Reason(bytes) }
        let b = bytes
        if b.allSatisfy({ $0 == 0 }) { return "unspecified" }
        if b[0..<15].allSatisfy({ $0 == 0 }) && b[15] == 1 { return "loopback" }
        if b[0..<10].allSatisfy({ $0 == 0 }) && b[10] == 0xFF && b[11] == 0xFF {
            return IPAddress.v4Reason(Array(b[12..<16])).map { "\($0) (IPv4-mapped)" }
        }
        if b[0..<12].allSatisfy({ $0 == 0 }) {
            return IPAddress.v4Reason(Array(b[12..<16])).map { "\($0) (IPv4-compatible)" } ?? "reserved (IPv4-compatible)"
        }
        if b[0] == 0x00 && b[1] == 0x64 && b[2] == 0xFF && b[3] == 0x9B && b[4..<12].allSatisfy({ $0 == 0 }) {
            return IPAddress.v4Reason(Array(b[12..<16])).map { "\($0) (NAT64)" }
        }
        if b[0] & 0xFE == 0xFC { return "private" }
        if b[0] == 0xFE && b[1] & 0xC0 == 0x80 { return "link-local" }
        if b[0] == 0xFE && b[1] & 0xC0 == 0xC0 { return "site-local" }
        if b[0] == 0xFF { return "multicast" }
        if b[0] == 0x20 && b[1] == 0x01 && b[2] == 0x0D && b[3] == 0xB8 { return "documentation" }
        return nil
    }

    static func v4Reason(_ b: [UInt8]) -> String? {
        switch (b[0], b[1]) {
        case (0, _): return "unspecified"
        case (10, _): return "private"
        case (100, 64...127): return "carrier-grade NAT"
        case (127, _): return "loopback"
        case (169, 254): return b[2] == 169 && b[3] == 254 ? "link-local (cloud metadata)" : "link-local"
        case (172, 16...31): return "private"
        case (192, 0) where b[2] == 0: return "reserved"
        case (192, 168): return "private"
        case (198, 18...19): return "reserved"
        case (224...239, _): return "multicast"
        case (240...255, _): return b.allSatisfy({ $0 == 255 }) ? "broadcast" : "reserved"
        default: return nil
        }
    }
}
