import Crypto
import DatelineCore
import Foundation
import Logging

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A private PostgreSQL cluster in a folder of the project: the zero-setup default.
///
/// `initdb` into the data folder on first use, started with `pg_ctl`, listening on a unix socket
/// in a folder of its own (no TCP port to collide on), reused while running. `initdb` and
/// `postgres` refuse to run as root, so as root they run as the `postgres` system user
/// (`runuser -u postgres --`) with the folder owned by it; when that user cannot reach the
/// requested folder (a 0700 home folder above it), the cluster lives under
/// `/var/lib/dateline/clusters/<hash of the requested path>` instead, and `status` says where.
public struct PrivatePostgres: Sendable {
    /// The folder the user asked for (absolute).
    public let requestedDirectory: String
    /// Where the cluster really lives (may differ from the requested folder as root).
    public let dataDirectory: String
    /// The folder holding the server's unix socket.
    public let socketDirectory: String
    /// The folder of `initdb`, `pg_ctl`, `postgres` and `psql`.
    public let binDirectory: String
    /// The database Dateline uses inside the cluster.
    public let database: String
    /// Server settings beyond the defaults (`fsync=off` for throwaway test clusters).
    public let extraSettings: [String: String]
    /// The user the server runs as when we are root (`postgres`), else `nil`.
    let runAsUser: String?

    /// The port number only names the socket file (`.s.PGSQL.5432`): no TCP listener is opened.
    public static let port = 5432
    public static let superuser = "postgres"

    /// Finds the PostgreSQL binaries and works out where the cluster lives.
    ///
    /// - Throws: `StorageError` (`postgres_not_installed`) when no PostgreSQL server binaries are
    ///   found, saying how to install them or use `DATELINE_DATABASE_URL` instead.
    public init(directory: String, database: String = "dateline", extraSettings: [String: String] = [:]) throws {
        let absolute = PrivatePostgres.absolutePath(directory)
        self.requestedDirectory = absolute
        self.database = database
        self.extraSettings = extraSettings
        self.binDirectory = try PrivatePostgres.findBinaries()
        let isRoot = getuid() == 0
        self.runAsUser = isRoot ? PrivatePostgres.superuser : nil
        if isRoot {
            guard getpwnam(PrivatePostgres.superuser) != nil else {
                throw StorageError.unavailable(
                    "running as root, the private PostgreSQL server must run as the 'postgres' system user, which does not exist; install the PostgreSQL server package (e.g. apt-get install postgresql) or run as a normal user",
                    code: "postgres_user_missing")
            }
        }
        if isRoot && !PrivatePostgres.reachableByOthers(parentOf: absolute) {
            let digest = SHA256.hash(data: Data(absolute.utf8)).prefix(6).map { String(format: "%02x", $0) }.joined()
            self.dataDirectory = "/var/lib/dateline/clusters/\(digest)/postgres"
        } else {
            self.dataDirectory = absolute
        }
        // A unix socket path is limited to ~107 bytes; a deep clone needs a short socket folder.
        let socketFile = "\(dataDirectory)/.s.PGSQL.\(PrivatePostgres.port)"
        if socketFile.utf8.count > 100 {
            let digest = SHA256.hash(data: Data(dataDirectory.utf8)).prefix(6).map { String(format: "%02x", $0) }.joined()
            self.socketDirectory = "/tmp/dateline-\(digest)"
        } else {
            self.socketDirectory = dataDirectory
        }
    }

    /// The socket file PostgresNIO connects to.
    public var socketPath: String { "\(socketDirectory)/.s.PGSQL.\(PrivatePostgres.port)" }

    /// A libpq connection URL for `psql` and other tools.
    public var url: String {
        "postgresql://\(PrivatePostgres.superuser)@/\(database)?host=\(socketDirectory)"
    }

    /// The server log file.
    public var logFile: String { "\(dataDirectory)/dateline-server.log" }

    /// What the cluster is doing.
    public enum State: Equatable, Sendable {
        case notInitialized
        case stopped
        case running(pid: Int32)
    }

    /// Whether the cluster exists and whether its server runs (by `postmaster.pid` and a live process).
    public func state() -> State {
        guard FileManager.default.fileExists(atPath: "\(dataDirectory)/PG_VERSION") else { return .notInitialized }
        guard let pid = runningPID() else { return .stopped }
        return .running(pid: pid)
    }

    /// The server's pid when `postmaster.pid` names a live process and the socket file exists.
    func runningPID() -> Int32? {
        guard let text = try? String(contentsOfFile: "\(dataDirectory)/postmaster.pid", encoding: .utf8),
              let first = text.split(separator: "\n").first, let pid = Int32(first.trimmingCharacters(in: .whitespaces)),
              pid > 0
        else { return nil }
        guard kill(pid, 0) == 0 || errno == EPERM else { return nil }
        // A recycled pid belongs to some other program: the process must be a postgres server.
        if let cmdline = try? String(contentsOfFile: "/proc/\(pid)/cmdline", encoding: .utf8),
           !cmdline.contains("postgres") {
            return nil
        }
        return FileManager.default.fileExists(atPath: socketPath) ? pid : nil
    }

    /// Starts the server (creating the cluster on first use) or reuses the running one.
    ///
    /// Safe when several processes start it at once (a file lock serializes them). A stale
    /// `postmaster.pid` from a crashed server is removed; a server that fails to start is
    /// reported with the tail of its log, never waited on forever.
    /// - Returns: `true` when this call started the server, `false` when it was already running.
    @discardableResult
    public func start(logger: Logger) throws -> Bool {
        let lock = try FileLock(path: lockPath)
        defer { lock.unlock() }
        if case .running = state() { return false }
        if !FileManager.default.fileExists(atPath: "\(dataDirectory)/PG_VERSION") {
            try initialize(logger: logger)
        }
        try prepareSocketDirectory()
        // A crashed server leaves postmaster.pid behind; postgres copes when the pid is dead,
        // but not when the pid was recycled by another process, so clear it ourselves.
        let pidFile = "\(dataDirectory)/postmaster.pid"
        if FileManager.default.fileExists(atPath: pidFile), runningPID() == nil {
            logger.info("Removing stale postmaster.pid", metadata: ["dir": "\(dataDirectory)"])
            try? FileManager.default.removeItem(atPath: pidFile)
        }
        // jit=off: Dateline's queries are short and index-driven; JIT compiling one whose row
        // estimate is large costs far more than running it (0.8 s against 0.04 s, measured).
        var options = "-c listen_addresses='' -c unix_socket_directories='\(socketDirectory)' -c port=\(PrivatePostgres.port) -c jit=off"
        for (key, value) in extraSettings.sorted(by: { $0.key < $1.key }) {
            options += " -c \(key)=\(value)"
        }
        let result = try run(tool: "pg_ctl", ["start", "-D", dataDirectory, "-w", "-t", "60", "-s", "-l", logFile, "-o", options])
        guard result.status == 0 else {
            throw StorageError.unavailable(
                "the private PostgreSQL server in \(dataDirectory) did not start: \(result.output.suffix(400))\nserver log (\(logFile)):\n\(logTail())",
                code: "postgres_start_failed")
        }
        logger.info("Private PostgreSQL started", metadata: ["dir": "\(dataDirectory)", "socket": "\(socketPath)"])
        return true
    }

    /// Stops the server if it runs (fast shutdown: open transactions are rolled back).
    /// - Returns: whether a server was stopped.
    @discardableResult
    public func stop() throws -> Bool {
        let lock = try FileLock(path: lockPath)
        defer { lock.unlock() }
        guard case .running = state() else { return false }
        let result = try run(tool: "pg_ctl", ["stop", "-D", dataDirectory, "-m", "fast", "-w", "-t", "60", "-s"])
        guard result.status == 0 else {
            throw StorageError.unavailable("could not stop the private PostgreSQL server: \(result.output.suffix(400))", code: "postgres_stop_failed")
        }
        return true
    }

    /// The last lines of the server log, for error messages.
    public func logTail(lines: Int = 15) -> String {
        guard let text = try? String(contentsOfFile: logFile, encoding: .utf8) else { return "(no log)" }
        return text.split(separator: "\n", omittingEmptySubsequences: false).suffix(lines).joined(separator: "\n")
    }

    /// The absolute path of a tool of the cluster's PostgreSQL installation.
    public func tool(_ name: String) -> String { "\(binDirectory)/\(name)" }

    // MARK: - Internals

    var lockPath: String {
        let parent = (dataDirectory as NSString).deletingLastPathComponent
        return "\(parent)/.\((dataDirectory as NSString).lastPathComponent).lock"
    }

    private func initialize(logger: Logger) throws {
        let fm = FileManager.default
        let parent = (dataDirectory as NSString).deletingLastPathComponent
        try fm.createDirectory(atPath: parent, withIntermediateDirectories: true)
        if !fm.fileExists(atPath: dataDirectory) {
            try fm.createDirectory(atPath: dataDirectory, withIntermediateDirectories: false, attributes: [.posixPermissions: 0o700])
        }
        if let user = runAsUser { try chown(path: dataDirectory, to: user) }
        logger.info("Creating the private PostgreSQL cluster", metadata: ["dir": "\(dataDirectory)"])
        let result = try run(tool: "initdb", [
            "-D", dataDirectory, "-U", PrivatePostgres.superuser, "--auth=trust", "-E", "UTF8",
            "--no-locale", "--no-sync", "--no-instructions",
        ])
        guard result.status == 0 else {
            throw StorageError.unavailable("initdb failed for \(dataDirectory): \(result.output.suffix(600))", code: "postgres_initdb_failed")
        }
    }

    private func prepareSocketDirectory() throws {
        guard socketDirectory != dataDirectory else { return }
        let fm = FileManager.default
        if !fm.fileExists(atPath: socketDirectory) {
            try fm.createDirectory(atPath: socketDirectory, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        }
        if let user = runAsUser { try chown(path: socketDirectory, to: user) }
    }

    private func chown(path: String, to user: String) throws {
        guard let pw = getpwnam(user) else {
            throw StorageError.unavailable("the system user '\(user)' does not exist", code: "postgres_user_missing")
        }
        if Glibc.chown(path, pw.pointee.pw_uid, pw.pointee.pw_gid) != 0 {
            throw StorageError.unavailable("cannot give \(path) to the '\(user)' user (errno \(errno))", code: "postgres_chown_failed")
        }
    }

    /// Runs a PostgreSQL tool (as the `postgres` user when we are root), capturing its output.
    func run(tool name: String, _ arguments: [String]) throws -> (status: Int32, output: String) {
        let result: ChildProcess.Result
        if let user = runAsUser {
            result = try ChildProcess.run(PrivatePostgres.runuserPath, ["-u", user, "--", tool(name)] + arguments)
        } else {
            result = try ChildProcess.run(tool(name), arguments)
        }
        return (result.status, result.output)
    }

    static var runuserPath: String {
        ["/usr/sbin/runuser", "/sbin/runuser", "/usr/bin/runuser"].first { FileManager.default.isExecutableFile(atPath: $0) } ?? "/usr/sbin/runuser"
    }

    /// Looks for `initdb`, `pg_ctl` and `postgres` in `$DATELINE_PG_BIN`, on `PATH`, then under
    /// `/usr/lib/postgresql/*/bin` (newest version first), then `/usr/local/pgsql/bin`.
    static func findBinaries() throws -> String {
        let environment = ProcessInfo.processInfo.environment
        var candidates: [String] = []
        if let versions = try? FileManager.default.contentsOfDirectory(atPath: "/usr/lib/postgresql") {
            candidates += versions.sorted { (Int($0) ?? 0) > (Int($1) ?? 0) }.map { "/usr/lib/postgresql/\($0)/bin" }
        }
        candidates += ["/usr/local/pgsql/bin", "/opt/homebrew/bin", "/usr/local/bin"]
        let override = environment["DATELINE_PG_BIN"].flatMap { $0.isEmpty ? nil : $0 }
        return try findBinaries(path: environment["PATH"] ?? "", extraCandidates: candidates, override: override)
    }

    /// The first folder holding `initdb`, `pg_ctl` and `postgres`: `override`, then the `PATH`
    /// entries, then `extraCandidates`.
    public static func findBinaries(path: String, extraCandidates: [String], override: String?) throws -> String {
        let fm = FileManager.default
        func complete(_ dir: String) -> Bool {
            ["initdb", "pg_ctl", "postgres"].allSatisfy { fm.isExecutableFile(atPath: "\(dir)/\($0)") }
        }
        if let override {
            guard complete(override) else {
                throw StorageError.unavailable("DATELINE_PG_BIN=\(override) does not hold initdb, pg_ctl and postgres", code: "postgres_not_installed")
            }
            return override
        }
        let candidates = path.split(separator: ":").map(String.init) + extraCandidates
        if let found = candidates.first(where: complete) {
            // /usr/local/bin may hold links to one installation: use the installation's own folder,
            // which also has psql and the other tools of the same version.
            let real = URL(fileURLWithPath: "\(found)/initdb").resolvingSymlinksInPath().deletingLastPathComponent().path
            return complete(real) ? real : found
        }
        throw StorageError.unavailable(
            """
            no PostgreSQL server binaries (initdb, pg_ctl, postgres) found on PATH or under /usr/lib/postgresql/*/bin.
            Install PostgreSQL 15 or newer (Debian/Ubuntu: apt-get install postgresql; macOS: brew install postgresql@15),
            or point Dateline at an existing server with DATELINE_DATABASE_URL=postgres://user:password@host:5432/dateline
            """,
            code: "postgres_not_installed")
    }

    /// Whether every folder above `path` lets other users through (the `postgres` user must be
    /// able to reach the data folder).
    static func reachableByOthers(parentOf path: String) -> Bool {
        var current = (path as NSString).deletingLastPathComponent
        while !current.isEmpty {
            var info = stat()
            if stat(current, &info) == 0 {
                if info.st_mode & S_IXOTH == 0 { return false }
            }
            if current == "/" { break }
            current = (current as NSString).deletingLastPathComponent
        }
        return true
    }

    static func absolutePath(_ path: String) -> String {
        let expanded = (path as NSString).expandingTildeInPath
        let absolute = expanded.hasPrefix("/") ? expanded : FileManager.default.currentDirectoryPath + "/" + expanded
        return (absolute as NSString).standardizingPath
    }
}

/// An exclusive `flock` on a file, held until `unlock()` (or until the lock is released).
final class FileLock: @unchecked Sendable {
    private var fd: Int32

    init(path: String) throws {
        let parent = (path as NSString).deletingLastPathComponent
        try? FileManager.default.createDirectory(atPath: parent, withIntermediateDirectories: true)
        let fd = open(path, O_CREAT | O_RDWR | O_CLOEXEC, 0o644)
        guard fd >= 0 else {
            throw StorageError.unavailable("cannot open the lock file \(path) (errno \(errno))", code: "lock_failed")
        }
        while flock(fd, LOCK_EX) != 0 {
            if errno == EINTR { continue }
            close(fd)
            throw StorageError.unavailable("cannot lock \(path) (errno \(errno))", code: "lock_failed")
        }
        self.fd = fd
    }

    func unlock() {
        guard fd >= 0 else { return }
        flock(fd, LOCK_UN)
        close(fd)
        fd = -1
    }

    deinit { unlock() }
}
