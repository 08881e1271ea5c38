import DatelineCore
import Testing
@testable import DatelineExtraction

@Suite struct EventTests {
    func one(_ text: String, _ kind: EventKind) throws -> ExtractedEvent {
        let found = try events(text).filter { $0.kind == kind }
        #expect(found.count == 1, "expected one \(kind) in: \(text), got \(found)")
        return try #require(found.first)
    }

    @Test func resignationWithTitle() throws {
        let e = try one("Port Authority Chairman Victor Hale resigned after the audit.", .resignation)
        #expect(e.subject == "Victor Hale")
        #expect(e.role == "Chairman")
        #expect(e.organization == "Port Authority")
        #expect(e.status == .occurred)
    }

    @Test func appointmentActiveAndPassive() throws {
        let active = try one("The board of Corvel Energy appointed Irene Walsh as chief financial officer.", .appointment)
        #expect(active.subject == "Irene Walsh")
        #expect(active.role == "Chief financial officer")
        let passive = try one("Irene Walsh was appointed chief financial officer of Corvel Energy.", .appointment)
        #expect(passive.subject == "Irene Walsh")
        #expect(passive.organization == "Corvel Energy")
    }

    @Test func expectedStatusCues() throws {
        #expect(try one("Governor Tess Marr will step down next month.", .resignation).status == .expected)
        #expect(try one("Tess Marr is expected to resign.", .resignation).status == .expected)
        #expect(try one("Tess Marr plans to quit the cabinet.", .resignation).status == .expected)
        #expect(try one("Tess Marr is to step down in June.", .resignation).status == .expected)
        #expect(try one("Tess Marr resigned on Friday.", .resignation).status == .occurred)
    }

    @Test func reportedAndDeniedStatus() throws {
        #expect(try one("Owen Pike reportedly resigned from the bank.", .resignation).status == .reported)
        #expect(try one("Owen Pike resigned from the bank, according to people familiar with the matter.", .resignation).status == .reported)
        #expect(try one("The bank denied that Owen Pike had resigned.", .resignation).status == .denied)
    }

    @Test func negatedHypotheticalAndQuestionsYieldNothing() throws {
        #expect(try events("Owen Pike did not resign.").isEmpty)
        #expect(try events("Owen Pike has no plans to resign.").isEmpty)
        #expect(try events("The nominee, Rita Vance, has yet to receive a confirmation hearing.").filter { $0.kind == .hearing }.isEmpty)
        #expect(try events("Owen Pike would resign if the merger failed.").isEmpty)
        #expect(try events("Will Owen Pike resign?").isEmpty)
        #expect(try events("The union said it never sued the city.").isEmpty)
    }

    @Test func lawsuitWithCounterparty() throws {
        let e = try one("Greenway Farms sued Delta Chemical Co. over the spill.", .lawsuit)
        #expect(e.subject == "Greenway Farms")
        #expect(e.counterparty == "Delta Chemical Co.")
    }

    @Test func agreementBetweenParties() throws {
        let e = try one("A deal between Norwell Bank and Tiber Capital was signed last week.", .agreement)
        #expect(e.subject == "Norwell Bank")
        #expect(e.counterparty == "Tiber Capital")
    }

    @Test func chargeIsThePatient() throws {
        let e = try one("Federal prosecutors charged Lyle Benton with wire fraud.", .charge)
        #expect(e.subject == "Lyle Benton")
        let p = try one("Lyle Benton was indicted by a grand jury.", .charge)
        #expect(p.subject == "Lyle Benton")
    }

    @Test func rulingByACourt() throws {
        let e = try one("The Ninth Circuit Court of Appeals ruled that the ban was unlawful.", .ruling)
        #expect(e.subject == "Ninth Circuit Court of Appeals")
        #expect(try events("The coach ruled out a comeback.").isEmpty)
    }

    @Test func bankruptcyIsACourtFiling() throws {
        let e = try one("Brightway Airlines filed for bankruptcy protection.", .courtFiling)
        #expect(e.subject == "Brightway Airlines")
    }

    @Test func investigationOpenedByAgency() throws {
        let e = try one("The Securities and Exchange Commission opened an investigation into Halvorsen Trading.", .investigation)
        #expect(e.subject == "Securities and Exchange Commission")
        #expect(e.counterparty == "Halvorsen Trading")
    }

    @Test func coordinationGivesTwoSubjects() throws {
        let found = try events("Director Nina Brandt and two deputy directors intend to resign.").filter { $0.kind == .resignation }
        #expect(found.map(\.subject) == ["Nina Brandt", "two deputy directors"])
        #expect(found.allSatisfy { $0.status == .expected })
    }

    @Test func repeatsMergeIntoOneEvent() throws {
        let text = "Mayor Carla Diaz resigned on Monday. Diaz's resignation surprised the council. Diaz resigned after a vote."
        let found = try events(text).filter { $0.kind == .resignation }
        #expect(found.count == 1)
        #expect(found.first?.subject == "Carla Diaz")
    }

    @Test func surnameAndPronounResolveToFullName() throws {
        let found = try events("Carla Diaz led the council for six years. She resigned on Monday.")
        #expect(found.first { $0.kind == .resignation }?.subject == "Carla Diaz")
    }

    @Test func evidenceOffsetsPointIntoCleanedText() throws {
        let result = try extractor().extract(.init(body: "<p>Intro.</p><p>Rex Ward quit the firm.</p>", isHTML: true, headline: "Ward quits"))
        let e = try #require(result.events.first)
        let scalars = Array(result.text.unicodeScalars)
        #expect(String(String.UnicodeScalarView(scalars[e.evidenceStart..<e.evidenceEnd])) == e.evidence)
        #expect(e.evidence == "Rex Ward quit the firm.")
    }

    @Test func headlineIsNotMinedForEvents() throws {
        let result = try extractor().extract(.init(body: "Nothing else happened.", headline: "Rex Ward quits the firm"))
        #expect(result.events.isEmpty)
    }
}
