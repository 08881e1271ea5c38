/// A permission to send one message on a channel; give it back with `ChannelGate.release`.
public struct GatePermit: Hashable, Sendable {
    /// The name of the channel the permit is for.
    public let channel: String
    let serial: UInt64
}

/// A place in a channel's line at the gate, reserved before the send is ready
/// (`ChannelGate.reserve(_:)`).
public struct GateTicket: Hashable, Sendable {
    public let channel: String
    let number: UInt64
}
