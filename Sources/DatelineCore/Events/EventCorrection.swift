/// What a person corrects in an event (`PATCH /v1/events/{id}`, `dateline events correct`).
///
/// Every field is optional; at least one of kind, date, status or wrong must be given. A
/// corrected field is pinned: later articles that re-report the event add evidence but never
/// overwrite it.
public struct EventCorrection: Hashable, Sendable {
    /// The date to set: a fuzzy date, or `.undated` to say the date is not known.
    public enum DateChange: Hashable, Sendable {
        case date(FuzzyDate)
        case undated
    }

    public var kind: EventKind?
    public var date: DateChange?
    public var status: EventStatus?
    /// `true`: the event is not real (hidden from lists, timelines and rules; kept by id).
    /// `false`: undo that.
    public var wrong: Bool?
    /// Why, in the corrector's words.
    public var note: String?

    public init(kind: EventKind? = nil, date: DateChange? = nil, status: EventStatus? = nil, wrong: Bool? = nil, note: String? = nil) {
        self.kind = kind
        self.date = date
        self.status = status
        self.wrong = wrong
        self.note = note
    }

    /// Whether it changes anything (a note alone does not).
    public var isEmpty: Bool { kind == nil && date == nil && status == nil && wrong == nil }

    /// The longest note kept.
    public static let maxNoteLength = 2000

    /// Parses a date as people write it: `YYYY-MM-DD`, `YYYY-MM` or `YYYY`, optionally with the
    /// precision it must have (`day`, `month`, `year`): the date, or why it is not one.
    public static func parseDate(_ text: String, precision: String?) -> Result<FuzzyDate, DateProblem> {
        guard let date = FuzzyDate(parsing: text) else { return .failure(.badDate) }
        if let precision {
            guard let wanted = DatePrecision(rawValue: precision) else { return .failure(.badPrecision) }
            guard wanted == date.precision else { return .failure(.precisionMismatch(date.precision)) }
        }
        return .success(date)
    }

    /// Why a date did not parse.
    public enum DateProblem: Error, Hashable, Sendable {
        case badDate
        case badPrecision
        case precisionMismatch(DatePrecision)

        /// A message naming the field and the accepted forms.
        public var message: String {
            switch self {
            case .badDate: "date: expected YYYY-MM-DD, YYYY-MM or YYYY"
            case .badPrecision: "date_precision: expected day, month or year"
            case let .precisionMismatch(actual): "date_precision: the date as written has precision \(actual.rawValue)"
            }
        }
    }
}

/// One recorded correction of one field: who, when, before and after, why.
public struct CorrectionRecord: Hashable, Sendable, Codable {
    /// `kind`, `date`, `status` or `wrong`.
    public var field: String
    public var oldValue: String?
    public var newValue: String?
    /// Who made it: `token:<name>#<id>` for the API, `cli:<user>` for the command line.
    public var actor: String?
    public var note: String?
    /// ISO 8601 (UTC).
    public var at: String

    public init(field: String, oldValue: String?, newValue: String?, actor: String?, note: String?, at: String) {
        self.field = field
        self.oldValue = oldValue
        self.newValue = newValue
        self.actor = actor
        self.note = note
        self.at = at
    }
}
