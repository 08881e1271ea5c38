/// How alerts are rendered: the web UI base URL, where templates live, terminal colour.
public struct RenderOptions: Hashable, Sendable {
    /// The web UI's base URL (`https://dateline.example`): messages link to `/events/ID` under it.
    public var baseURL: String?
    /// The directory relative template paths are read from (usually the rules file's directory).
    public var templateDirectory: String?
    /// Whether `text` output may use ANSI colour (set it only when stdout is a terminal).
    public var colour: Bool

    /// Options; all default to off.
    public init(baseURL: String? = nil, templateDirectory: String? = nil, colour: Bool = false) {
        self.baseURL = baseURL
        self.templateDirectory = templateDirectory
        self.colour = colour
    }
}
