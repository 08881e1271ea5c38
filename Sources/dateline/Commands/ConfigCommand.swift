import ArgumentParser
import DatelineApp
import Foundation

struct ConfigCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "config",
        abstract: "Show the effective configuration.",
        subcommands: [ConfigShowCommand.self])
}

extension EffectiveConfiguration.OutputFormat: ExpressibleByArgument {}

struct ConfigShowCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "show",
        abstract: "Print every setting's value and its source (flag, env, file, default); secrets masked.",
        discussion: "Precedence: flags > environment (DATELINE_<KEY>, dots as _) > the YAML file > defaults.")
    @OptionGroup var options: GlobalOptions
    @Option(help: "yaml (usable as a configuration file) or json.") var format: EffectiveConfiguration.OutputFormat = .yaml
    @Option(help: "As serve's --host.") var host: String?
    @Option(help: "As serve's --port.") var port: String?
    @Option(help: "As serve's --roles.") var roles: String?

    func run() async throws {
        var extra: [String: String] = [:]
        if let host { extra["host"] = host }
        if let port { extra["port"] = port }
        if let roles { extra["roles"] = roles }
        emit(try options.configuration(extra).render(format))
    }
}
