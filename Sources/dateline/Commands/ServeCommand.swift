import ArgumentParser
import DatelineApp
import DatelineServer
import Foundation

struct ServeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Run the HTTP API until SIGTERM or SIGINT (graceful: in-flight requests finish).")
    @OptionGroup var options: GlobalOptions
    @Option(help: "Address to listen on (default: $DATELINE_HOST or 127.0.0.1).") var host: String?
    @Option(help: "Port (default: $DATELINE_PORT or 8080; 0 picks a free one).") var port: Int?

    func run() async throws {
        let environment = ProcessInfo.processInfo.environment
        let host = host ?? environment["DATELINE_HOST"] ?? "127.0.0.1"
        let portText = port.map(String.init) ?? environment["DATELINE_PORT"] ?? "8080"
        guard let port = Int(portText), (0...65535).contains(port) else { throw AppError.invalid("--port: \(portText) is not a port number") }
        var app = try options.app()
        if !options.verbose && app.logger.logLevel > .notice { app = Dateline(configuration: app.configuration, logger: Logging.makeLogger(level: "notice")) }
        try await DatelineServer.serve(app: app, host: host, port: port)
    }
}
