import DatelineApp
import Foundation

/// The `dateline` executable built with the package (next to the test bundle).
public func datelineExecutable() throws -> URL {
    let bundle = Bundle.main.bundleURL
    let candidates = [
        bundle.appendingPathComponent("dateline"),
        bundle.deletingLastPathComponent().appendingPathComponent("dateline"),
        TestDatabase.repositoryRoot.appendingPathComponent(".build/debug/dateline"),
    ]
    guard let found = candidates.first(where: { FileManager.default.isExecutableFile(atPath: $0.path) }) else {
        throw AppError.invalid("the dateline executable was not found next to the tests (run `swift build --build-tests` first)")
    }
    return found
}

/// A running `dateline` process with its output collected: the CLI as users run it, for tests
/// of exit codes, signals and several processes on one database.
public final class DatelineProcess: @unchecked Sendable {
    /// The child process.
    public let process = Process()
    private let stdoutPipe = Pipe()
    private let stderrPipe = Pipe()
    private let lock = NSLock()
    private var out = Data()
    private var err = Data()

    /// Starts `dateline ARGUMENTS` with the caller's environment minus `DATELINE_*` (a test must
    /// not pick up the developer's settings) plus `environment`, in `directory` if given.
    public init(_ arguments: [String], environment: [String: String] = [:], directory: String? = nil) throws {
        process.executableURL = try datelineExecutable()
        process.arguments = arguments
        var merged = ProcessInfo.processInfo.environment.filter { !$0.key.hasPrefix("DATELINE_") }
        merged.merge(environment) { _, new in new }
        process.environment = merged
        if let directory { process.currentDirectoryURL = URL(fileURLWithPath: directory) }
        process.standardOutput = stdoutPipe
        process.standardError = stderrPipe
        stdoutPipe.fileHandleForReading.readabilityHandler = { [weak self] handle in
            let data = handle.availableData
            self?.lock.withLock { self?.out.append(data) }
        }
        stderrPipe.fileHandleForReading.readabilityHandler = { [weak self] handle in
            let data = handle.availableData
            self?.lock.withLock { self?.err.append(data) }
        }
        try process.run()
    }

    /// Everything written to standard output so far.
    public var stdout: String { lock.withLock { String(decoding: out, as: UTF8.self) } }
    /// Everything written to standard error so far.
    public var stderr: String { lock.withLock { String(decoding: err, as: UTF8.self) } }

    /// The port from the "Dateline listening" log line, waiting for it (bounded).
    public func listeningPort(timeout: Duration = .seconds(60)) async throws -> Int {
        let clock = ContinuousClock()
        let deadline = clock.now + timeout
        while clock.now < deadline {
            if let line = stderr.split(separator: "\n").first(where: { $0.contains("Dateline listening") }),
                let range = line.range(of: #":[0-9]+(?=[ \]]|$)"#, options: .regularExpression),
                let port = Int(line[range].dropFirst())
            {
                return port
            }
            guard process.isRunning else { throw AppError.invalid("dateline exited before listening: \(stderr)") }
            try await Task.sleep(for: .milliseconds(20))
        }
        throw AppError.invalid("dateline did not start listening: \(stderr)")
    }

    /// Sends SIGTERM.
    public func terminate() { kill(process.processIdentifier, SIGTERM) }

    /// Waits for exit (polling, bounded) and returns the exit status.
    public func finish(timeout: Duration = .seconds(60)) async throws -> Int32 {
        let clock = ContinuousClock()
        let deadline = clock.now + timeout
        while process.isRunning {
            guard clock.now < deadline else {
                kill(process.processIdentifier, SIGKILL)
                throw AppError.invalid("dateline \(process.arguments ?? []) did not finish: \(stderr)")
            }
            try await Task.sleep(for: .milliseconds(20))
        }
        try await Task.sleep(for: .milliseconds(50))
        stdoutPipe.fileHandleForReading.readabilityHandler = nil
        stderrPipe.fileHandleForReading.readabilityHandler = nil
        lock.withLock {
            out.append(stdoutPipe.fileHandleForReading.readDataToEndOfFile())
            err.append(stderrPipe.fileHandleForReading.readDataToEndOfFile())
        }
        return process.terminationStatus
    }
}
