import DatelineCore
import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
import Testing
@testable import DatelineTimeline

/// Collects the event labels (`<text>` inside `<g class="event …">`) of an SVG.
final class LabelCollector: NSObject, XMLParserDelegate {
    /// `x` is where the label starts, whatever its `text-anchor`.
    struct Label { var x: Double; var y: Double; var text: String; var anchorEnd: Bool }
    var labels: [Label] = []
    var stack: [String] = []
    var current: Label?

    func parser(_ parser: XMLParser, didStartElement name: String, namespaceURI: String?, qualifiedName: String?, attributes: [String: String] = [:]) {
        if name == "text", stack.last?.hasPrefix("event") == true {
            current = Label(x: Double(attributes["x"] ?? "") ?? -1, y: Double(attributes["y"] ?? "") ?? -1, text: "",
                            anchorEnd: attributes["text-anchor"] == "end")
        }
        stack.append(name == "g" ? (attributes["class"] ?? "g") : name)
    }

    func parser(_ parser: XMLParser, foundCharacters string: String) {
        current?.text += string
    }

    func parser(_ parser: XMLParser, didEndElement name: String, namespaceURI: String?, qualifiedName: String?) {
        stack.removeLast()
        if name == "text", var label = current {
            if label.anchorEnd { label.x -= Double(label.text.count) * SVGRenderer.charWidth }
            labels.append(label)
            current = nil
        }
    }
}

@Suite struct SVGLayoutTests {
    /// Twelve events of one person within ten days: a crowded lane.
    var crowded: Timeline {
        let person = Fixtures.p(1, .person, "Dana Whitfield", .subject)
        let entries = (0..<12).map { i in
            TimelineEntry(event: Fixtures.event(
                Int64(i + 1), i % 2 == 0 ? .hearing : .courtFiling, EventStatus.allCases[i % 4],
                .day(Fixtures.day(2025, 6, 1 + i % 10)),
                [person, Fixtures.p(2, .organization, "Committee on Very Long Organization Names and Procedures", .counterparty)],
                created: "2025-06-\(10 + i)T00:00:00Z"))
        }
        return TimelineAssembler.assemble(entries, title: "Crowded", generatedAt: Fixtures.generatedAt)
    }

    func labels(_ svg: String) throws -> [LabelCollector.Label] {
        let parser = XMLParser(data: Data(svg.utf8))
        let collector = LabelCollector()
        parser.delegate = collector
        #expect(parser.parse(), "the SVG is well-formed")
        return collector.labels
    }

    @Test func labelsInACrowdedLaneDoNotOverlap() throws {
        let svg = try TimelineRenderer.render(crowded, format: .svg)
        let placed = try labels(svg)
        #expect(placed.count >= 3, "several labels are placed")
        #expect(placed.count < 12, "the rest are dropped, not stacked on top of each other")
        for (i, a) in placed.enumerated() {
            let aEnd = a.x + Double(a.text.count) * SVGRenderer.charWidth
            #expect(aEnd <= 960, "label runs off the picture: \(a.text)")
            for b in placed[(i + 1)...] where a.y == b.y {
                let bEnd = b.x + Double(b.text.count) * SVGRenderer.charWidth
                #expect(aEnd <= b.x || bEnd <= a.x, "labels overlap: \(a.text) / \(b.text)")
            }
        }
        #expect(placed.contains { $0.text.hasSuffix("…") }, "long labels are truncated with an ellipsis")
        #expect(svg.contains("hidden for space"))
    }

    @Test func labelsNearTheRightEdgeGrowLeftward() throws {
        let person = Fixtures.p(1, .person, "Dana Whitfield", .subject)
        let entries = [
            TimelineEntry(event: Fixtures.event(1, .resignation, .occurred, .day(Fixtures.day(2020, 1, 1)), [person], created: "x")),
            TimelineEntry(event: Fixtures.event(2, .appointment, .occurred, .day(Fixtures.day(2025, 1, 1)), [person], created: "x")),
        ]
        let svg = try TimelineRenderer.render(
            TimelineAssembler.assemble(entries, title: "Edge", generatedAt: Fixtures.generatedAt), format: .svg)
        let placed = try labels(svg)
        #expect(placed.count == 2)
        let last = try #require(placed.first { $0.text.contains("appointed") })
        #expect(last.anchorEnd)
        #expect(last.text == "Dana Whitfield appointed", "the whole label fits when it grows leftward")
        #expect(last.x >= 200, "it stays right of the lane names")
    }

    @Test func axisUsesYearsForLongSpansAndMonthsForShortOnes() {
        let long = SVGRenderer.ticks(from: Fixtures.day(2015, 3, 1).dayNumber, to: Fixtures.day(2025, 6, 1).dayNumber)
        #expect(long.first?.label == "2016")
        #expect(long.allSatisfy { $0.label.count == 4 })
        let short = SVGRenderer.ticks(from: Fixtures.day(2025, 3, 10).dayNumber, to: Fixtures.day(2025, 7, 1).dayNumber)
        #expect(short.map(\.label) == ["Apr 2025", "May 2025", "Jun 2025", "Jul 2025"])
    }

    @Test func fuzzyDatesAreBarsAndDaysAreMarkers() throws {
        let svg = try TimelineRenderer.render(Fixtures.timeline, format: .svg)
        // Month, part of month, week and year events draw a bar; day events do not.
        let bars = svg.components(separatedBy: "height=\"8\" rx=\"3\"").count - 1
        #expect(bars == 4 + 1, "four ranged events plus the legend's sample bar")
        #expect(svg.contains("1 undated event not shown."))
    }
}

@Suite struct SVGLaneTests {
    @Test func manyEntitiesFoldIntoAnOthersLane() throws {
        let entries = (0..<20).map { i in
            TimelineEntry(event: Fixtures.event(
                Int64(i + 1), .appointment, .occurred, .day(Fixtures.day(2025, 1 + i % 12, 3)),
                [Fixtures.p(Int64(i + 1), .person, i < 3 ? "Busy Person" : "Person \(i)", .subject)],
                created: "2025-01-01T00:00:00Z"))
        }
        let timeline = TimelineAssembler.assemble(entries, title: "Many", generatedAt: Fixtures.generatedAt)
        let svg = try TimelineRenderer.render(timeline, format: .svg)
        let laneCount = svg.components(separatedBy: "<g class=\"lane\">").count - 1
        #expect(laneCount == SVGRenderer.maxLanes)
        #expect(svg.contains(">Busy Person</text>"), "the busiest entity keeps its lane")
        #expect(svg.contains(">Others (7)</text>"), "18 lanes: 11 kept, 7 folded")
        #expect(svg.components(separatedBy: "<g class=\"event").count - 1 == 20, "every event is still drawn")
    }
}
