import DatelineCore
import Testing
@testable import DatelineExtraction

@Suite struct CleaningTests {
    @Test func stripsTagsScriptsAndEntities() throws {
        let html = """
        <html><head><title>Site</title><script>var x = "<p>no</p>";</script><style>p{}</style></head>
        <body><nav><a href="/">Home</a> | <a>World</a></nav>
        <p>The mayor&rsquo;s office said on Tuesday that Dana Ruiz &amp; two aides resigned.</p>
        <!-- ad slot --><p>Ruiz had led the office since 2019.<br>She declined to comment.</p>
        <footer>© 2024 Example News</footer></body></html>
        """
        let text = try cleaned(html, html: true)
        #expect(text.contains("The mayor’s office said on Tuesday that Dana Ruiz & two aides resigned."))
        #expect(text.contains("Ruiz had led the office since 2019.\nShe declined to comment."))
        #expect(!text.contains("Home"))
        #expect(!text.contains("var x"))
        #expect(!text.contains("ad slot"))
        #expect(!text.contains("2024 Example"))
    }

    @Test func decodesNumericEntitiesAndKeepsStrayAngles() throws {
        let text = try cleaned("<p>Profit rose 5 &#37; &#x2014; when a < b &and; c &bogus;</p>", html: true)
        #expect(text == "Profit rose 5 % — when a < b &and; c &bogus;")
    }

    @Test func dropsNavigationAndAppealLines() throws {
        let body = """
        Skip to content
        Share this article

        The board of Harlow Mining named Priya Shah as chief executive on Monday.

        Sign up for our morning newsletter

        Shah replaces Tom Becker, who retired in January.
        """
        let text = try cleaned(body)
        #expect(!text.contains("Skip to content"))
        #expect(!text.contains("newsletter"))
        #expect(text.contains("named Priya Shah"))
        #expect(text.contains("who retired in January"))
    }

    @Test func dropsPhotoCaptionButKeepsShortNewsLines() throws {
        let body = """
        City council votes on budget

        The Riverside County courthouse on March 3, 2024, in Riverside, California.

        Judge Alma Ortiz ruled on March 3 that the contract was void.
        """
        let text = try cleaned(body)
        #expect(!text.contains("courthouse on March 3"))
        #expect(text.contains("Judge Alma Ortiz ruled"))
    }

    @Test func fundraisingBlockAtTheEndIsDropped() throws {
        let body = """
        Regulators fined the lender on Friday.

        The bank said it would appeal.

        Its chief executive declined to comment.

        Support independent media: we are reader-funded.

        Every gift counts, and our courts coverage depends on you.
        """
        let text = try cleaned(body)
        #expect(text.contains("Its chief executive declined"))
        #expect(!text.contains("Every gift counts"))
    }

    @Test func headlineComesFirstAndIndentStartsParagraph() throws {
        let text = try cleaned("First line of a wire story that wraps\nonto the next line.\n    Second paragraph.", headline: "Wire headline")
        #expect(text.hasPrefix("Wire headline\n\n"))
        #expect(text.contains("wraps\nonto"))
        #expect(text.contains("line.\n\nSecond paragraph."))
    }

    @Test func crlfCountsAsOneLineBreak() throws {
        #expect(try cleaned("One.\r\nTwo.\r\n\r\nThree.") == "One.\nTwo.\n\nThree.")
    }
}
