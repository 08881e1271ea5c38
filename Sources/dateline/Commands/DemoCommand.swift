import ArgumentParser
import DatelineApp
import DatelineCore
import Foundation

struct DemoCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "demo",
        abstract: "Run Dateline's main job on the built-in sample, in the private database.",
        discussion: "Loads three short reports about one fictional agency (safe to run again: they are stored once) and shows what the store holds.")
    @OptionGroup var options: GlobalOptions

    func run() async throws {
        let app = try options.app()
        let color = Terminal.stdoutIsTTY
        let report = try await app.withDatabase { context in try await Demo.run(context, color: color) }
        emit(report)
    }
}
