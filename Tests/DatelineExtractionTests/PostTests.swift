import Foundation
import Testing
@testable import DatelineExtraction

/// Posts of several words before a name ("Secretary of State", "Attorney General"): the name
/// starts after the post, the post is the role, and the post's department its organization.
@Suite struct PostTests {
    @Test("a post of several words is split from the name after it", arguments: [
        ("Lawmakers questioned Secretary of State Dana Whitlock about the treaty on Tuesday.", "Dana Whitlock", "Secretary of State", "Department of State"),
        ("The memo from Deputy Secretary of Homeland Security Lionel Park arrived late.", "Lionel Park", "Deputy Secretary of Homeland Security", "Department of Homeland Security"),
        ("Critics wrote to Attorney General Maria Olsen about the pardon.", "Maria Olsen", "Attorney General", "Department of Justice"),
        ("Reporters waited for Acting Secretary of the Treasury Hal Brenner outside.", "Hal Brenner", "Acting Secretary of the Treasury", "Treasury Department"),
        ("The hearing with Secretary of Health and Human Services Rosa Tran ended early.", "Rosa Tran", "Secretary of Health and Human Services", "Department of Health and Human Services"),
    ])
    func postThenName(sentence: String, name: String, role: String, organization: String) throws {
        let found = try names(sentence)
        let person = try #require(found.first { $0.kind == .person }, "\(sentence): \(found.map(\.text))")
        #expect(person.text == name)
        #expect(person.role == role)
        #expect(person.roleOrganization == organization)
    }

    @Test func twoPostsCoordinated() throws {
        let found = try names("Secretary of State Dana Whitlock and Attorney General Maria Olsen signed the letter.")
        let people = found.filter { $0.kind == .person }.map(\.text)
        #expect(people == ["Dana Whitlock", "Maria Olsen"])
    }

    @Test func aPostWithoutANameIsNoPerson() throws {
        let found = try names("On Friday the Secretary of State said the talks would go on.")
        #expect(!found.contains { $0.kind == .person })
    }

    @Test func eventsCarryThePost() throws {
        let found = try events("Officials said Deputy Secretary of Energy Paul Reyes resigned on Friday after a dispute over the budget.")
        let e = try #require(found.first { $0.kind == .resignation })
        #expect(e.subject == "Paul Reyes")
        #expect(e.role == "Deputy Secretary of Energy")
        #expect(e.organization == "Department of Energy")
    }

    @Test func usersAddPosts() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("dateline-posts-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        try "Minister of Fisheries | Ministry of Fisheries\n".write(to: dir.appendingPathComponent("titles.txt"), atomically: true, encoding: .utf8)
        let custom = try Extractor(configuration: .init(userLexiconDirectory: dir))
        let found = try custom.extract(.init(body: "Fishing crews cheered when Minister of Fisheries Tane Walker resigned on Monday.")).events
        let e = try #require(found.first { $0.kind == .resignation })
        #expect(e.subject == "Tane Walker")
        #expect(e.role == "Minister of Fisheries")
        #expect(e.organization == "Ministry of Fisheries")
        // An organization needs a post of several words.
        try "Minister | Ministry of Fisheries\n".write(to: dir.appendingPathComponent("titles.txt"), atomically: true, encoding: .utf8)
        let error = try #require(throws: ExtractionError.self) { try Extractor(configuration: .init(userLexiconDirectory: dir)) }
        #expect(error.message.contains("line 1"))
    }
}
