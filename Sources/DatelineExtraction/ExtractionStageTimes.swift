import Foundation

/// CPU time spent in each stage of `Extractor.extract`, summed over the calls it was passed to
/// (for benchmarks and profiling; measuring adds two clock reads per stage).
public struct ExtractionStageTimes: Hashable, Sendable {
    /// The stages in pipeline order.
    public enum Stage: String, CaseIterable, Hashable, Sendable {
        case clean, tokenize, sentences, names, timex, events, merge
    }

    /// Seconds of thread CPU time by stage.
    public private(set) var seconds: [Stage: Double] = [:]

    /// No time recorded yet.
    public init() {}

    /// The seconds of all stages together.
    public var total: Double { seconds.values.reduce(0, +) }

    mutating func add(_ stage: Stage, _ value: Double) { seconds[stage, default: 0] += value }

    /// CPU time of the calling thread, in seconds.
    static func now() -> Double {
        var ts = timespec()
        clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts)
        return Double(ts.tv_sec) + Double(ts.tv_nsec) / 1e9
    }
}
