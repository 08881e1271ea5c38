import DatelineCore
import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Appends alerts to a JSON Lines file, safely shared by several processes.
///
/// Each alert is one line written whole: a single `write(2)` of the full line on an
/// `O_APPEND` descriptor, then `fsync`. `rotate: daily` writes to `name-YYYY-MM-DD.jsonl`
/// (UTC day of the injected clock); `rotate: size` moves the file to `name.1.jsonl` (older ones
/// to `.2`, `.3`, … up to `keepRotated`) when the next line would pass the limit, under an
/// advisory `flock` on `path.lock` that every writer takes, so a rotation never loses a line.
public struct FileSink: Notifier {
    let renderer: AlertRenderer
    let clock: any NotifyClock
    let baseDirectory: String?
    /// Rotated files kept by size rotation.
    public let keepRotated: Int

    /// Relative channel paths are read from `baseDirectory` (else the working directory).
    public init(renderer: AlertRenderer = AlertRenderer(), clock: any NotifyClock = SystemNotifyClock(), baseDirectory: String? = nil, keepRotated: Int = 10) {
        self.renderer = renderer
        self.clock = clock
        self.baseDirectory = baseDirectory
        self.keepRotated = max(1, keepRotated)
    }

    /// Renders `alert` as one JSON line and appends it; I/O failures are `retry` outcomes.
    public func send(_ alert: Alert, to channel: ChannelConfig, attempt: DeliveryAttempt) async -> DeliveryOutcome {
        do {
            let message = try renderer.render(alert, for: channel)
            try append(line: message.body, channel: channel)
            return DeliveryOutcome(classification: .delivered)
        } catch let error as NotifyError {
            return DeliveryOutcome(classification: error.retryable ? .retry : .rejected, errorCode: error.code, error: error.message)
        } catch {
            return DeliveryOutcome(classification: .retry, errorCode: "io_error", error: "\(error)")
        }
    }

    /// The file the next line goes to (the dated name under daily rotation).
    public func currentPath(for channel: ChannelConfig) throws -> String {
        guard channel.type == .file, let raw = channel.path, !raw.isEmpty else {
            throw NotifyError.badChannel(channel.name, "a file channel needs a path")
        }
        let path = raw.hasPrefix("/") || baseDirectory == nil ? raw : (baseDirectory.map { $0.hasSuffix("/") ? $0 : $0 + "/" } ?? "") + raw
        guard case .daily = channel.rotate else { return path }
        let day = CalendarDate(dayNumber: Int((clock.now() / 86_400).rounded(.down)))
        let (stem, ext) = FileSink.split(path)
        return "\(stem)-\(day.iso)\(ext)"
    }

    /// Appends `line` (a newline is added) to the channel's file, rotating by size if configured.
    public func append(line: String, channel: ChannelConfig) throws {
        var text = line
        while text.hasSuffix("\n") { text.removeLast() }
        let bytes = Array((text.replacingNewlines(with: " ") + "\n").utf8)
        let path = try currentPath(for: channel)
        if case .size(let limit) = channel.rotate {
            let lock = try FileSink.open(path + ".lock", flags: O_WRONLY | O_CREAT)
            defer { close(lock) }
            guard flock(lock, LOCK_EX) == 0 else { throw NotifyError.io("cannot lock \(path).lock: \(FileSink.errnoText())") }
            defer { flock(lock, LOCK_UN) }
            var info = stat()
            if stat(path, &info) == 0, info.st_size > 0, Int(info.st_size) + bytes.count > limit {
                try rotate(path)
            }
            try FileSink.write(bytes, to: path)
        } else {
            try FileSink.write(bytes, to: path)
        }
    }

    /// `name.jsonl` → `name.1.jsonl`, `name.1.jsonl` → `name.2.jsonl`, …; the oldest is dropped.
    func rotate(_ path: String) throws {
        let (stem, ext) = FileSink.split(path)
        func numbered(_ n: Int) -> String { "\(stem).\(n)\(ext)" }
        unlink(numbered(keepRotated))
        for n in stride(from: keepRotated - 1, through: 1, by: -1) {
            rename(numbered(n), numbered(n + 1))
        }
        guard rename(path, numbered(1)) == 0 else { throw NotifyError.io("cannot rotate \(path): \(FileSink.errnoText())") }
    }

    static func write(_ bytes: [UInt8], to path: String) throws {
        let fd = try open(path, flags: O_WRONLY | O_APPEND | O_CREAT)
        defer { close(fd) }
        let written = bytes.withUnsafeBytes { systemWrite(fd, $0.baseAddress, $0.count) }
        guard written == bytes.count else {
            throw NotifyError.io("short write to \(path) (\(written) of \(bytes.count) bytes): \(errnoText())")
        }
        guard fsync(fd) == 0 else { throw NotifyError.io("cannot fsync \(path): \(errnoText())") }
    }

    static func open(_ path: String, flags: Int32) throws -> Int32 {
        let fd = systemOpen(path, flags | O_CLOEXEC, 0o644)
        guard fd >= 0 else { throw NotifyError.io("cannot open \(path): \(errnoText())", retryable: true) }
        return fd
    }

    static func split(_ path: String) -> (stem: String, ext: String) {
        let slash = path.lastIndex(of: "/").map { path.index(after: $0) } ?? path.startIndex
        guard let dot = path[slash...].lastIndex(of: "."), dot != slash else { return (path, "") }
        return (String(path[..<dot]), String(path[dot...]))
    }

    static func errnoText() -> String { String(cString: strerror(errno)) }
}

// The C calls, named apart from the methods above that share their names.
#if canImport(Glibc)
private func systemWrite(_ fd: Int32, _ buffer: UnsafeRawPointer?, _ count: Int) -> Int { Glibc.write(fd, buffer, count) }
private func systemOpen(_ path: String, _ flags: Int32, _ mode: mode_t) -> Int32 { Glibc.open(path, flags, mode) }
#elseif canImport(Musl)
private func systemWrite(_ fd: Int32, _ buffer: UnsafeRawPointer?, _ count: Int) -> Int { Musl.write(fd, buffer, count) }
private func systemOpen(_ path: String, _ flags: Int32, _ mode: mode_t) -> Int32 { Musl.open(path, flags, mode) }
#elseif canImport(Darwin)
private func systemWrite(_ fd: Int32, _ buffer: UnsafeRawPointer?, _ count: Int) -> Int { Darwin.write(fd, buffer, count) }
private func systemOpen(_ path: String, _ flags: Int32, _ mode: mode_t) -> Int32 { Darwin.open(path, flags, mode) }
#endif
