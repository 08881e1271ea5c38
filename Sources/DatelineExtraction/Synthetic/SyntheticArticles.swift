import DatelineCore

/// Generates fictional news articles from templates with random names, organizations and dates,
/// for benchmarks and tests. Deterministic for a seed.
public struct SyntheticArticles: Sendable {
    var state: UInt64

    /// A generator; the same seed gives the same articles.
    public init(seed: UInt64) { state = seed ^ 0x5DEE_CE66_D1CE_4E5B }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    mutating func pick<T>(_ items: [T]) -> T { items[Int(next() % UInt64(items.count))] }

    static let firstNames = ["Anna", "Marcus", "Priya", "Tomas", "Elena", "David", "Grace", "Omar", "Lena", "Victor", "Sofia", "Hiro", "Nadia", "Felix", "Irene", "Caleb", "Mei", "Rafael", "Ingrid", "Kwame"]
    static let surnames = ["Halvorsen", "Okafor", "Brandt", "Moreau", "Castillo", "Whitfield", "Nakamura", "Petrov", "Lindqvist", "Adeyemi", "Dvorak", "Fairbanks", "Quintero", "Sorensen", "Varga", "Ellison", "Marchetti", "Osei", "Takahashi", "Beaumont"]
    static let orgStems = ["Northwind", "Calder", "Bluestone", "Meridian", "Harrow", "Vantage", "Silverline", "Copperfield", "Redwater", "Altamont", "Granite", "Lakeshore"]
    static let orgSuffixes = ["Holdings", "Group", "Corp.", "Energy", "Bank", "Airlines", "Industries", "Capital"]
    static let agencies = ["Federal Trade Commission", "Securities and Exchange Commission", "Department of Justice", "Environmental Protection Agency", "Internal Revenue Service"]
    static let roles = ["chief executive", "chief financial officer", "chairman", "general counsel", "president"]
    static let weekdays = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday"]
    static let months = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"]
    static let filler = [
        "Shares of the company rose slightly in early trading as investors weighed the news.",
        "Analysts said the move had been widely anticipated after a difficult year for the sector.",
        "The company employs about 4,000 people and has offices in twelve countries.",
        "A spokesperson declined to comment further on the matter, citing ongoing discussions.",
        "Revenue fell by 8 percent in the last quarter, according to the most recent filing.",
        "Industry groups have long argued that the rules place an unfair burden on smaller firms.",
        "The decision comes at a time of heightened scrutiny for the industry as a whole.",
        "Local officials said they were monitoring the situation closely and would respond as needed.",
    ]

    mutating func person() -> String { pick(Self.firstNames) + " " + pick(Self.surnames) }
    mutating func company() -> String { pick(Self.orgStems) + " " + pick(Self.orgSuffixes) }

    /// The next article: a headline, 4–12 paragraphs of event and filler sentences, a date.
    public mutating func article(paragraphs: Int? = nil) -> SyntheticArticle {
        let year = 2015 + Int(next() % 10)
        let month = 1 + Int(next() % 12)
        let day = 1 + Int(next() % 28)
        let published = CalendarDate(year: year, month: month, day: day) ?? CalendarDate(dayNumber: 19000)
        var body: [String] = []
        var planted: [ExtractedEvent] = []
        let count = paragraphs ?? (4 + Int(next() % 9))
        for _ in 0..<count {
            var paragraph: [String] = []
            for _ in 0..<(2 + Int(next() % 3)) {
                if next() % 3 == 0 {
                    paragraph.append(pick(Self.filler))
                    continue
                }
                let (sentence, event) = eventSentence()
                paragraph.append(sentence)
                planted.append(event)
            }
            body.append(paragraph.joined(separator: " "))
        }
        let headline = "\(pick(Self.orgStems)) news: \(pick(["leadership change", "court fight", "deal talks", "regulatory probe"]))"
        return SyntheticArticle(
            input: ArticleInput(body: body.joined(separator: "\n\n"), published: published, url: "https://example.org/synthetic/\(next() % 1_000_000)", source: "Synthetic Wire", headline: headline),
            planted: planted)
    }

    mutating func eventSentence() -> (String, ExtractedEvent) {
        let p = person()
        let c = company()
        let c2 = company()
        let role = pick(Self.roles)
        let when = next() % 2 == 0 ? "on \(pick(Self.weekdays))" : "on \(pick(Self.months)) \(1 + next() % 28)"
        switch next() % 10 {
        case 0: return ("\(c) said \(p), its \(role), resigned \(when).", ExtractedEvent(kind: .resignation, subject: p, organization: c))
        case 1: return ("The board of \(c) appointed \(p) as \(role) \(when).", ExtractedEvent(kind: .appointment, subject: p, organization: c))
        case 2: return ("\(p) will step down as \(role) of \(c) at the end of the year, the company said \(when).", ExtractedEvent(kind: .resignation, subject: p, organization: c, status: .expected))
        case 3: return ("\(c) agreed to buy \(c2) in a deal announced \(when).", ExtractedEvent(kind: .agreement, subject: c, counterparty: c2))
        case 4: return ("\(c) sued \(c2) in federal court \(when), accusing it of breach of contract.", ExtractedEvent(kind: .lawsuit, subject: c, counterparty: c2))
        case 5: return ("Federal prosecutors charged \(p) with securities fraud \(when).", ExtractedEvent(kind: .charge, subject: p))
        case 6:
            let agency = pick(Self.agencies)
            return ("The \(agency) opened an investigation into \(c) \(when).", ExtractedEvent(kind: .investigation, subject: agency, counterparty: c))
        case 7: return ("\(c) filed for bankruptcy protection \(when).", ExtractedEvent(kind: .courtFiling, subject: c))
        case 8: return ("Judge \(p) ruled \(when) that \(c) must pay damages.", ExtractedEvent(kind: .ruling, subject: p, counterparty: c))
        default: return ("\(c) fired \(p), its \(role), \(when).", ExtractedEvent(kind: .dismissal, subject: p, organization: c))
        }
    }
}
