import Foundation
import DatelineCore

/// An event correction as typed on a command line (`--kind`, `--date`…) or sent as JSON
/// (`kind`, `date`…), validated into an `EventCorrection`; both front ends use this, then
/// `PostgresEventStore.correct`.
public struct EventCorrectionArguments: Sendable {
    public var kind: String?
    /// `YYYY-MM-DD`, `YYYY-MM` or `YYYY`; `undated` (CLI) or JSON `null` (API) for no date.
    public var date: String?
    /// Set when the date is to be removed.
    public var undated: Bool
    public var datePrecision: String?
    public var status: String?
    public var wrong: Bool?
    public var note: String?

    public init(kind: String? = nil, date: String? = nil, undated: Bool = false, datePrecision: String? = nil, status: String? = nil,
                wrong: Bool? = nil, note: String? = nil) {
        self.kind = kind
        self.date = date
        self.undated = undated
        self.datePrecision = datePrecision
        self.status = status
        self.wrong = wrong
        self.note = note
    }

    /// The correction, or an error naming the field (with `prefix` before it: `--` for flags).
    public func correction(prefix: String = "") throws -> EventCorrection {
        var result = EventCorrection(wrong: wrong, note: note)
        let precisionField = prefix.isEmpty ? "date_precision" : "--precision"
        if let kind {
            guard EventKind.isValidName(kind) else {
                throw AppError.invalid("\(prefix)kind: '\(kind)' is not a kind name (one of \(EventKind.builtIn.map(\.rawValue).joined(separator: ", ")))")
            }
            result.kind = EventKind(rawValue: kind)
        }
        if let status {
            guard let value = EventStatus(rawValue: status) else {
                throw AppError.invalid("\(prefix)status: '\(status)' is not one of occurred, expected, reported, denied")
            }
            result.status = value
        }
        if undated {
            guard datePrecision == nil else { throw AppError.invalid("\(precisionField): not allowed when the date is removed") }
            result.date = .undated
        } else if let date {
            switch EventCorrection.parseDate(date, precision: datePrecision) {
            case let .success(value): result.date = .date(value)
            case let .failure(problem):
                let message = problem.message.replacingOccurrences(of: "date_precision:", with: precisionField + ":")
                throw AppError.invalid((problem == .badDate ? prefix : "") + message + (problem == .badDate ? ", got '\(date)'" : ""))
            }
        } else if datePrecision != nil {
            throw AppError.invalid("\(precisionField): give it with \(prefix)date")
        }
        if let note, note.count > EventCorrection.maxNoteLength {
            throw AppError.invalid("\(prefix)note: at most \(EventCorrection.maxNoteLength) characters")
        }
        guard !result.isEmpty else { throw AppError.invalid("nothing to correct: give \(prefix)kind, \(prefix)date, \(prefix)status or \(prefix)wrong") }
        return result
    }
}
