import DatelineCore
import Testing
@testable import DatelineExtraction

/// Titles and posts attached to people: lower-case titles, "acting", "interim", "former",
/// "deputy", an agency before the title, and posts in appositives.
@Suite struct RoleTests {
    @Test("title words before a name make the role", arguments: [
        ("Interim executive director Marian Cole resigned on Monday.", "Marian Cole", "Interim Executive Director"),
        ("The board said interim executive director Marian Cole would stay.", "Marian Cole", "Interim Executive Director"),
        ("Acting IRS Commissioner Melanie Krause met the staff.", "Melanie Krause", "Acting Commissioner"),
        ("Deputy Attorney General Lisa Monroe spoke first.", "Lisa Monroe", "Deputy Attorney General"),
        ("Former Treasury Secretary Janet Ruiz testified on Tuesday.", "Janet Ruiz", "Secretary"),
        ("The report was sent to acting director Paul Kemp.", "Paul Kemp", "Acting Director"),
        ("The memo came from acting deputy assistant secretary Mark Hale.", "Mark Hale", "Acting Deputy Assistant Secretary"),
        ("Its chief executive officer Dana Whitlow left the firm.", "Dana Whitlow", "Chief Executive Officer"),
    ])
    func titleBeforeName(sentence: String, person: String, role: String) throws {
        let found = try names(sentence)
        let m = try #require(found.first { $0.text == person && $0.kind == .person }, "\(sentence)")
        #expect(m.role == role, "\(sentence)")
    }

    @Test("an agency before the title is the role's organization", arguments: [
        ("IRS Commissioner Danny Werth announced the plan.", "Danny Werth", "Internal Revenue Service"),
        ("FDA Commissioner Laura Price left on Friday.", "Laura Price", "Food and Drug Administration"),
    ])
    func agencyBeforeTitle(sentence: String, person: String, organization: String) throws {
        let found = try names(sentence)
        let m = try #require(found.first { $0.text == person }, "\(sentence)")
        #expect(m.role == "Commissioner")
        #expect(m.roleOrganization == organization)
    }

    @Test func appositivePostOfAResignation() throws {
        let found = try events("Ruth Baxter, the agency's chief counsel, resigned on Friday.", published: "2025-03-10")
        let e = try #require(found.first { $0.kind == .resignation })
        #expect(e.subject == "Ruth Baxter")
        #expect(e.role == "Chief Counsel")
    }

    @Test func appositivePostWithItsOrganization() throws {
        let found = try events("Ann Lee, deputy director of the Harbor Authority, resigned on Friday.", published: "2025-03-10")
        let e = try #require(found.first { $0.kind == .resignation })
        #expect(e.subject == "Ann Lee")
        #expect(e.role == "Deputy Director")
        #expect(e.organization == "Harbor Authority")
    }

    @Test func aFormerPostInAnAppositiveIsNotTheRole() throws {
        let found = try events("Tom Ode, a former chief executive, was charged with fraud on Friday.", published: "2025-03-10")
        let e = try #require(found.first { $0.kind == .charge })
        #expect(e.subject == "Tom Ode")
        #expect(e.role == nil)
    }

    @Test func titleRoleOfAnEvent() throws {
        let found = try events("Interim executive director Marian Cole resigned on Monday, the agency said.", published: "2025-03-12")
        let e = try #require(found.first { $0.kind == .resignation })
        #expect(e.subject == "Marian Cole")
        #expect(e.role == "Interim Executive Director")
    }
}
