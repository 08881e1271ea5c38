import DatelineCore
import Testing
@testable import DatelineExtraction

/// A whole news page as a newsroom's crawler would fetch it.
@Suite struct HTMLArticleTests {
    static let page = """
    <!DOCTYPE html>
    <html lang="en"><head><meta charset="utf-8"><title>Port chief quits | Coastline News</title>
    <script type="application/ld+json">{"headline": "Port chief quits after audit"}</script>
    <style>.share{display:none}</style></head>
    <body>
    <header><a href="/">Coastline News</a><nav><ul><li><a href="/politics">Politics</a></li><li><a href="/business">Business</a></li></ul></nav></header>
    <a class="skip" href="#main">Skip to content</a>
    <main id="main"><article>
    <h1>Port chief quits after audit</h1>
    <div class="share"><button>Share on Facebook</button><button>Share via email</button></div>
    <figure><img src="a.jpg" alt=""><figcaption>The Eastport terminal on May 2, 2024, in Eastport, Maine. (Photo by J. Doe/Getty Images)</figcaption></figure>
    <p>The executive director of the Eastport Port Authority, Gloria Mendez, resigned on Tuesday after a state audit found missing funds, the authority&rsquo;s board said.</p>
    <p>The board named deputy director Samuel Okoye as acting executive director. The state attorney general&#8217;s office has opened an investigation into the missing money.</p>
    <aside><h2>Related</h2><ul><li><a href="/x">Mayor sued by developer</a></li></ul></aside>
    <p>Related: <a href="/y">Harbor dredging deal signed</a></p>
    <div class="newsletter">Sign up for our morning newsletter</div>
    <p>Mendez did not respond to a request for comment.</p>
    </article></main>
    <footer><p>© 2024 Coastline News. All rights reserved.</p><a href="/donate">Donate</a></footer>
    <script>window.ads = ["lawsuit", "ruling"];</script>
    </body></html>
    """

    @Test func eventsFromTheStoryOnly() throws {
        let result = try extractor().extract(ArticleInput(body: Self.page, isHTML: true, published: CalendarDate(iso: "2024-05-08")))
        let text = result.text
        #expect(!text.contains("Politics"))
        #expect(!text.contains("Getty"))
        #expect(!text.contains("Sign up"))
        #expect(!text.contains("Mayor sued"))
        #expect(!text.contains("dredging"))
        #expect(!text.contains("window.ads"))
        #expect(text.contains("the authority’s board said."))
        let kinds = Set(result.events.map(\.kind))
        #expect(kinds == [.resignation, .appointment, .investigation], "\(result.events)")
        let resignation = try #require(result.events.first { $0.kind == .resignation })
        #expect(resignation.subject == "Gloria Mendez")
        #expect(resignation.date?.dateString == "2024-05-07")
        #expect(result.events.first { $0.kind == .appointment }?.subject == "Samuel Okoye")
        for e in result.events {
            let scalars = Array(text.unicodeScalars)
            #expect(String(String.UnicodeScalarView(scalars[e.evidenceStart..<e.evidenceEnd])) == e.evidence)
        }
    }
}
