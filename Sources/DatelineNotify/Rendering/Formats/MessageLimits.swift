/// The documented size limits of each chat service, in UTF-16 units unless the name says bytes.
public enum MessageLimits {
    /// Slack: top-level `text` (40,000 characters).
    public static let slackText = 40_000
    /// Slack: `text` of a section block (3,000 characters).
    public static let slackSectionText = 3_000
    /// Slack: `text` of a header block (150 characters).
    public static let slackHeaderText = 150
    /// Slack: blocks per message (50).
    public static let slackBlocks = 50
    /// Mattermost: post message (16,383 characters).
    public static let mattermostText = 16_383
    /// Discord: `content` (2,000 characters).
    public static let discordContent = 2_000
    /// Discord: embed title (256).
    public static let discordEmbedTitle = 256
    /// Discord: embed description (4,096).
    public static let discordEmbedDescription = 4_096
    /// Discord: embed field value (1,024).
    public static let discordFieldValue = 1_024
    /// Discord: embed footer text (2,048).
    public static let discordFooter = 2_048
    /// Discord: all embed text together (6,000).
    public static let discordEmbedTotal = 6_000
    /// Microsoft Teams (Workflows): whole message, about 28 KB; kept under 27,000 bytes.
    public static let teamsBytes = 27_000
    /// Google Chat: whole message, 32,000 bytes; kept under 31,000 bytes.
    public static let googleChatBytes = 31_000
    /// Google Chat: `text` of a message (4,096 characters).
    public static let googleChatText = 4_096
    /// Sources listed in a message before "and N more".
    public static let maxSources = 10
    /// Reasons listed in a message before "and N more".
    public static let maxReasons = 20
    /// One reason or source name in a message.
    public static let maxLine = 300
}
