import DatelineCore

/// Generated headlines for events.
public enum Headline {
    /// The headline of an event with the given templates (the bundled ones by default):
    /// "Acting Commissioner Melanie Krause expected to resign from Internal Revenue Service".
    public static func make(for event: Event, templates: HeadlineTemplates? = nil) throws -> String {
        try (templates ?? HeadlineTemplates.bundled()).headline(for: event)
    }
}
