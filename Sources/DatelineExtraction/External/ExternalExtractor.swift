import DatelineCore
import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Runs another program as the extractor: `/bin/sh -c COMMAND`, the article as JSON on stdin
/// (`{"text","published","url","source","headline"}`), events JSON (the `EventsJSON` schema) on
/// stdout.
///
/// `text` is the article body; for HTML input it is the cleaned text. The program runs in its
/// own process group, so a timeout kills it and anything it started. Its stdout is limited to
/// `maxOutputBytes`. Failures are `ExtractionError`s: `external_timeout`, `external_failed` (exit
/// status and the tail of stderr), `bad_events_json` (what and where), `unknown_kind`.
public struct ExternalExtractor: EventExtracting {
    /// The shell command, run as `/bin/sh -c COMMAND`.
    public let command: String
    /// How long one article may take; then the program's process group is killed.
    public let timeout: Duration
    /// The largest stdout accepted, in bytes.
    public var maxOutputBytes: Int
    /// The kinds the program may return; others are an error.
    public var knownKinds: Set<EventKind>

    /// Creates an extractor that runs `command` for each article.
    public init(command: String, timeout: Duration = .seconds(30), maxOutputBytes: Int = 64 * 1024 * 1024,
                knownKinds: Set<EventKind> = Set(EventKind.builtIn)) {
        self.command = command
        self.timeout = timeout
        self.maxOutputBytes = maxOutputBytes
        self.knownKinds = knownKinds
    }

    /// Runs the program on one article and parses its events.
    public func events(in input: ArticleInput) throws -> [ExtractedEvent] {
        var text = input.body
        if input.isHTML { text = HTMLStripper(entities: [:]).strip(input.body) }
        var json = "{\"text\":" + EventsJSON.quote(text)
        json += ",\"published\":" + EventsJSON.optional(input.published?.iso)
        json += ",\"url\":" + EventsJSON.optional(input.url)
        json += ",\"source\":" + EventsJSON.optional(input.source)
        json += ",\"headline\":" + EventsJSON.optional(input.headline) + "}\n"
        let output = try run(stdin: Array(json.utf8))
        return try EventsJSON.parse(Data(output), source: "output of external extractor `\(command)`", knownKinds: knownKinds)
    }

    /// Runs the command with `stdin`; returns its stdout when it exits with status 0.
    func run(stdin input: [UInt8]) throws -> [UInt8] {
        var inFDs: [Int32] = [-1, -1]
        var outFDs: [Int32] = [-1, -1]
        var errFDs: [Int32] = [-1, -1]
        #if os(Linux)
        let streamType = Int32(SOCK_STREAM.rawValue)
        #else
        let streamType = SOCK_STREAM
        #endif
        // Close-on-exec everywhere, so a program started meanwhile by another thread does not
        // inherit these ends (and keep them open); dup2 onto 0/1/2 clears the flag in the child.
        #if os(Linux)
        let cloexec = streamType | Int32(SOCK_CLOEXEC.rawValue)
        let pipesMade = socketpair(AF_UNIX, cloexec, 0, &inFDs) == 0 && socketpair(AF_UNIX, cloexec, 0, &outFDs) == 0
            && socketpair(AF_UNIX, cloexec, 0, &errFDs) == 0
        #else
        let pipesMade = socketpair(AF_UNIX, streamType, 0, &inFDs) == 0 && pipe(&outFDs) == 0 && pipe(&errFDs) == 0
        for fd in [inFDs[0], inFDs[1], outFDs[0], outFDs[1], errFDs[0], errFDs[1]] where fd >= 0 { _ = fcntl(fd, F_SETFD, FD_CLOEXEC) }
        #endif
        guard pipesMade else {
            throw ExtractionError.external("external_spawn_failed", "cannot create pipes for the external extractor (errno \(errno))")
        }
        defer { for fd in [inFDs[0], inFDs[1], outFDs[0], outFDs[1], errFDs[0], errFDs[1]] where fd >= 0 { close(fd) } }
        #if os(Linux)
        var actions = posix_spawn_file_actions_t()
        var attributes = posix_spawnattr_t()
        #else
        var actions: posix_spawn_file_actions_t?
        var attributes: posix_spawnattr_t?
        #endif
        posix_spawn_file_actions_init(&actions)
        posix_spawnattr_init(&attributes)
        defer {
            posix_spawn_file_actions_destroy(&actions)
            posix_spawnattr_destroy(&attributes)
        }
        posix_spawn_file_actions_adddup2(&actions, inFDs[1], 0)
        posix_spawn_file_actions_adddup2(&actions, outFDs[1], 1)
        posix_spawn_file_actions_adddup2(&actions, errFDs[1], 2)
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETPGROUP))
        posix_spawnattr_setpgroup(&attributes, 0)
        var pid: pid_t = 0
        let argv: [String] = ["/bin/sh", "-c", command]
        var cArgs: [UnsafeMutablePointer<CChar>?] = argv.map { strdup($0) }
        cArgs.append(nil)
        defer { for p in cArgs { free(p) } }
        let spawned = posix_spawn(&pid, "/bin/sh", &actions, &attributes, cArgs, environ)
        guard spawned == 0 else {
            throw ExtractionError.external("external_spawn_failed", "cannot start /bin/sh for the external extractor (error \(spawned))")
        }
        // The child's ends belong to the child now.
        close(inFDs[1]); inFDs[1] = -1
        close(outFDs[1]); outFDs[1] = -1
        close(errFDs[1]); errFDs[1] = -1
        #if canImport(Darwin)
        var one: Int32 = 1
        setsockopt(inFDs[0], SOL_SOCKET, SO_NOSIGPIPE, &one, socklen_t(MemoryLayout<Int32>.size))
        #endif
        _ = fcntl(inFDs[0], F_SETFL, fcntl(inFDs[0], F_GETFL) | O_NONBLOCK)

        let (seconds, attoseconds) = timeout.components
        let deadline = monotonicMilliseconds() + Int64(seconds) * 1000 + attoseconds / 1_000_000_000_000_000
        var stdout: [UInt8] = []
        var stderr: [UInt8] = []
        var written = 0
        var buffer = [UInt8](repeating: 0, count: 65536)
        func killGroup() {
            kill(-pid, SIGKILL)
            var status: Int32 = 0
            _ = waitpid(pid, &status, 0)
        }
        if input.isEmpty { close(inFDs[0]); inFDs[0] = -1 }
        while outFDs[0] >= 0 || errFDs[0] >= 0 {
            let remaining = deadline - monotonicMilliseconds()
            if remaining <= 0 {
                killGroup()
                throw ExtractionError.external("external_timeout", "external extractor `\(command)` did not finish within \(timeout); it was killed")
            }
            var fds: [pollfd] = []
            if inFDs[0] >= 0 { fds.append(pollfd(fd: inFDs[0], events: Int16(POLLOUT), revents: 0)) }
            if outFDs[0] >= 0 { fds.append(pollfd(fd: outFDs[0], events: Int16(POLLIN), revents: 0)) }
            if errFDs[0] >= 0 { fds.append(pollfd(fd: errFDs[0], events: Int16(POLLIN), revents: 0)) }
            let ready = poll(&fds, nfds_t(fds.count), Int32(min(remaining, 1000)))
            if ready < 0 && errno != EINTR {
                killGroup()
                throw ExtractionError.external("external_failed", "waiting for the external extractor failed (errno \(errno))")
            }
            for p in fds where p.revents != 0 {
                if p.fd == inFDs[0] {
                    let n = input[written...].withUnsafeBytes { raw -> Int in
                        #if os(Linux)
                        return send(p.fd, raw.baseAddress, raw.count, Int32(MSG_NOSIGNAL))
                        #else
                        return send(p.fd, raw.baseAddress, raw.count, 0)
                        #endif
                    }
                    if n > 0 { written += n }
                    if n < 0 && errno != EAGAIN && errno != EINTR || written >= input.count {
                        // Done, or the program closed its stdin without reading it all: fine.
                        close(inFDs[0]); inFDs[0] = -1
                    }
                } else {
                    let n = buffer.withUnsafeMutableBytes { read(p.fd, $0.baseAddress, $0.count) }
                    if n > 0 {
                        if p.fd == outFDs[0] {
                            stdout.append(contentsOf: buffer[0..<n])
                            if stdout.count > maxOutputBytes {
                                killGroup()
                                throw ExtractionError.external("external_output_too_large", "external extractor `\(command)` wrote more than \(maxOutputBytes) bytes", category: .tooLarge)
                            }
                        } else {
                            stderr.append(contentsOf: buffer[0..<n])
                            if stderr.count > 65536 { stderr.removeFirst(stderr.count - 65536) }
                        }
                    } else if n == 0 || errno != EAGAIN && errno != EINTR {
                        if p.fd == outFDs[0] { close(outFDs[0]); outFDs[0] = -1 } else { close(errFDs[0]); errFDs[0] = -1 }
                    }
                }
            }
        }
        // Output closed: wait for the exit status until the deadline.
        var status: Int32 = 0
        while true {
            let r = waitpid(pid, &status, WNOHANG)
            if r == pid { break }
            if r < 0 && errno != EINTR { break }
            if monotonicMilliseconds() >= deadline {
                killGroup()
                throw ExtractionError.external("external_timeout", "external extractor `\(command)` did not exit within \(timeout); it was killed")
            }
            var none: [pollfd] = []
            _ = poll(&none, 0, 10)
        }
        kill(-pid, SIGKILL)  // anything it left running in its group
        let exited = status & 0x7f == 0
        let code = (status >> 8) & 0xff
        if !exited || code != 0 {
            let tail = String(decoding: stderr.suffix(600), as: UTF8.self).trimmingWhitespace()
            let how = exited ? "exited with status \(code)" : "was killed by signal \(status & 0x7f)"
            throw ExtractionError.external("external_failed", "external extractor `\(command)` \(how)" + (tail.isEmpty ? "" : "; stderr: \(tail)"))
        }
        return stdout
    }

    func monotonicMilliseconds() -> Int64 {
        var ts = timespec()
        clock_gettime(CLOCK_MONOTONIC, &ts)
        return Int64(ts.tv_sec) * 1000 + Int64(ts.tv_nsec) / 1_000_000
    }
}
