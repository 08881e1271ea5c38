import Foundation
import Synchronization

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Runs a program and collects its output, with `posix_spawn` and `waitpid`.
///
/// Foundation's `Process.waitUntilExit()` was seen to hang here when called from a Swift
/// concurrency thread while the child (`pg_ctl`) leaves a daemon behind, so the private
/// PostgreSQL manager spawns and reaps its tools itself.
public enum ChildProcess {
    public struct Result: Sendable {
        public var status: Int32
        public var output: String
    }

    /// Runs `executable` with `arguments`, stdin from /dev/null, stdout and stderr merged.
    public static func run(_ executable: String, _ arguments: [String]) throws -> Result {
        // The pipe is close-on-exec, and made and handed to the child under one process-wide
        // lock: otherwise a child spawned meanwhile by another thread (the tests start three
        // clusters at once) inherits this pipe's write end, and the server its pg_ctl leaves
        // behind keeps it open for good, so the read below never sees end-of-file. The child's
        // own copies on 1 and 2 are made by dup2, which clears the flag. (`pipe2` with
        // O_CLOEXEC would be atomic, but Glibc's module does not export it.)
        let (pid, readFD) = try spawnLock.withLock { _ in try spawn(executable, arguments) }
        // Read until every writer closed the pipe; a daemon the child leaves behind must not hold
        // it (pg_ctl redirects the server's output to its log file).
        var output = [UInt8]()
        var buffer = [UInt8](repeating: 0, count: 4096)
        while true {
            let n = read(readFD, &buffer, buffer.count)
            if n > 0 { output.append(contentsOf: buffer[0..<n]); continue }
            if n < 0 && errno == EINTR { continue }
            break
        }
        close(readFD)
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0 {
            if errno != EINTR { break }
        }
        let exitCode: Int32 = (status & 0x7f) == 0 ? (status >> 8) & 0xff : 128 + (status & 0x7f)
        return Result(status: exitCode, output: String(decoding: output, as: UTF8.self))
    }

    private static let spawnLock = Mutex(())

    /// Spawns `executable` with its stdout and stderr on a new pipe; returns its pid and the
    /// pipe's read end. Call with `spawnLock` held.
    private static func spawn(_ executable: String, _ arguments: [String]) throws -> (pid_t, Int32) {
        var pipeFDs: [Int32] = [0, 0]
        guard pipe(&pipeFDs) == 0 else { throw StorageError.unavailable("cannot create a pipe (errno \(errno))", code: "spawn_failed") }
        let readFD = pipeFDs[0], writeFD = pipeFDs[1]
        _ = fcntl(readFD, F_SETFD, FD_CLOEXEC)
        _ = fcntl(writeFD, F_SETFD, FD_CLOEXEC)
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_adddup2(&actions, writeFD, 1)
        posix_spawn_file_actions_adddup2(&actions, writeFD, 2)

        let argv = ([executable] + arguments).map { strdup($0) }
        defer { argv.forEach { free($0) } }
        var cArgs: [UnsafeMutablePointer<CChar>?] = argv + [nil]
        var pid: pid_t = 0
        let spawned = posix_spawn(&pid, executable, &actions, nil, &cArgs, environ)
        close(writeFD)
        guard spawned == 0 else {
            close(readFD)
            throw StorageError.unavailable("cannot run \(executable) (\(String(cString: strerror(spawned))))", code: "spawn_failed")
        }
        return (pid, readFD)
    }
}
