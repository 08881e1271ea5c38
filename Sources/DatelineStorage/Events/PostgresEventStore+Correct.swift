import DatelineCore
import Logging
import PostgresNIO

/// Corrections by people: kind, date, status, or "this is wrong", recorded field by field.
///
/// A corrected field is pinned (`event_corrections` has a row for it): `EventMerger` folds
/// later reports of the event in as evidence but leaves pinned fields alone, and an event
/// marked wrong absorbs its re-reports instead of coming back as a new event.
extension PostgresEventStore {
    /// Applies `correction` to event `id` in one transaction and returns the event as it now is.
    ///
    /// - Parameters:
    ///   - actor: who corrects (`token:<name>#<id>`, `cli:<user>`), recorded with each field.
    ///   - ifVersion: when given, the correction applies only if the event's `version` (see
    ///     `EventDetail.version`) is still this; otherwise it throws `stale_version` (conflict).
    /// - Throws: `not_found` for an unknown id, `invalid_input` for an empty correction or a
    ///   bad kind or note, `stale_version` when `ifVersion` no longer matches.
    public func correct(id: Int64, _ correction: EventCorrection, actor: String, ifVersion: String? = nil) async throws -> EventDetail {
        guard !correction.isEmpty else { throw StorageError.invalid("nothing to correct: give kind, date, status or wrong") }
        if let kind = correction.kind, !EventKind.isValidName(kind.rawValue) {
            throw StorageError.invalid("kind: '\(kind.rawValue)' is not a kind name (lower-case letters, digits and _)")
        }
        if let note = correction.note, note.count > EventCorrection.maxNoteLength {
            throw StorageError.invalid("note: at most \(EventCorrection.maxNoteLength) characters")
        }
        do {
            try await client.withTransaction(logger: logger) { tx in
                // Serialized with the merge of new articles, which reads these rows.
                try await tx.query("SELECT pg_advisory_xact_lock(\(Self.writeLockKey))", logger: logger)
                try await applyCorrection(id: id, correction, actor: actor, ifVersion: ifVersion, tx)
            }
        } catch {
            throw StorageError.wrap(error, doing: "correcting event \(id)")
        }
        return try await detail(id: id)
    }

    private func applyCorrection(id: Int64, _ correction: EventCorrection, actor: String, ifVersion: String?, _ tx: PostgresConnection) async throws {
        let rows = try await tx.query(
            """
            SELECT e.kind, e.status, coalesce(e.date_value, ''), coalesce(e.date_precision, ''),
                   coalesce(lower(e.date_range)::text, ''), coalesce((upper(e.date_range) - 1)::text, ''), e.rejected,
                   \(unescaped: Self.versionColumn)
            FROM events e WHERE e.id = \(id) FOR UPDATE
            """,
            logger: logger)
        var found: (String, String, String, String, String, String, Bool, String)?
        for try await row in rows.decode((String, String, String, String, String, String, Bool, String).self) { found = row }
        guard let (kindText, statusText, value, precision, start, end, rejected, version) = found else {
            throw StorageError.notFound("no event with id \(id)")
        }
        if let ifVersion, ifVersion != version {
            throw StorageError(code: "stale_version", message: "event \(id) changed since version \(ifVersion) (now \(version)); read it again", category: .conflict)
        }
        if let kind = correction.kind, !EventKind.builtIn.contains(kind) {
            // A kind outside the built-in ones must already be in use (configured extraction
            // kinds): a typo is not a new kind.
            let used = try await tx.query("SELECT 1 FROM events WHERE kind = \(kind.rawValue) LIMIT 1", logger: logger)
            var known = false
            for try await _ in used.decode(Int.self) { known = true }
            guard known else {
                throw StorageError.invalid("kind: '\(kind.rawValue)' is not a known kind (\(EventKind.builtIn.map(\.rawValue).joined(separator: ", ")))")
            }
        }
        let oldKind = EventKind(rawValue: kindText)
        let oldStatus = EventStatus(rawValue: statusText) ?? .occurred
        let oldDate = Self.fuzzyDate(value: value, precision: precision, start: start, end: end)
        let newKind = correction.kind ?? oldKind
        let newStatus = correction.status ?? oldStatus
        let newDate: FuzzyDate? = switch correction.date {
        case .none: oldDate
        case let .date(date)?: date
        case .undated?: nil
        }
        let newRejected = correction.wrong ?? rejected

        var fields: [String] = [], olds: [String] = [], news: [String] = []
        func record(_ field: String, _ old: String, _ new: String) {
            fields.append(field)
            olds.append(old)
            news.append(new)
        }
        if correction.kind != nil { record("kind", oldKind.rawValue, newKind.rawValue) }
        if correction.date != nil { record("date", oldDate?.value ?? "", newDate?.value ?? "") }
        if correction.status != nil { record("status", oldStatus.rawValue, newStatus.rawValue) }
        if correction.wrong != nil { record("wrong", String(rejected), String(newRejected)) }
        try await tx.query(
            """
            INSERT INTO event_corrections (event_id, field, old_value, new_value, actor, note)
            SELECT \(id), f, NULLIF(o, ''), NULLIF(n, ''), \(actor), \(correction.note)
            FROM UNNEST(\(fields)::text[], \(olds)::text[], \(news)::text[]) AS x(f, o, n)
            """,
            logger: logger)

        // The headline names the kind and status: make it again when either moves.
        var title: String?
        if newKind != oldKind || newStatus != oldStatus {
            title = try await makeTitle(id: id, kind: newKind, status: newStatus, tx)
        }
        let d = DateColumns([newDate])
        try await tx.query(
            """
            UPDATE events SET kind = \(newKind.rawValue), status = \(newStatus.rawValue),
                date_value = NULLIF(\(d.values[0]), ''), date_precision = NULLIF(\(d.precisions[0]), ''),
                date_range = CASE WHEN \(d.starts[0]) = '' THEN NULL ELSE daterange(\(d.starts[0])::date, \(d.ends[0])::date, '[]') END,
                rejected = \(newRejected), title = coalesce(\(title), title), updated_at = clock_timestamp()
            WHERE id = \(id)
            """,
            logger: logger)
        if newDate != oldDate {
            // The timeline index mirrors the event's date.
            try await tx.query(
                "UPDATE event_participants p SET sort_date = lower(e.date_range) FROM events e WHERE p.event_id = e.id AND e.id = \(id)",
                logger: logger)
        }
        let note = "corrected by \(actor)" + (correction.note.map { ": \($0)" } ?? "")
        if newStatus != oldStatus {
            try await tx.query(
                "INSERT INTO event_status_history (event_id, from_status, to_status, note) VALUES (\(id), \(oldStatus.rawValue), \(newStatus.rawValue), \(note))",
                logger: logger)
        }
        // The watcher reads the change log: a status correction is a status change (rules on
        // status changes see it); any other effective correction is `corrected`.
        let change: ChangeKind? = newStatus != oldStatus ? .statusChange
            : (newKind != oldKind || newDate != oldDate || newRejected != rejected) ? .corrected : nil
        if let change {
            let statusMoved = newStatus != oldStatus, dateMoved = newDate != oldDate
            try await tx.query(
                """
                INSERT INTO change_log (event_id, change, old_status, new_status, old_date, new_date)
                VALUES (\(id), \(change.rawValue), \(statusMoved ? oldStatus.rawValue : nil), \(statusMoved ? newStatus.rawValue : nil),
                        \(dateMoved ? oldDate?.value : nil), \(dateMoved ? newDate?.value : nil))
                """,
                logger: logger)
            try await tx.query("SELECT pg_notify(\(ChangeFeed.channel), '')", logger: logger)
        }
    }

    /// The event's title for a kind and status, from its participants.
    private func makeTitle(id: Int64, kind: EventKind, status: EventStatus, _ tx: PostgresConnection) async throws -> String {
        let rows = try await tx.query("SELECT role, name FROM event_participants WHERE event_id = \(id) ORDER BY entity_id", logger: logger)
        var names: [ParticipantRole: String] = [:]
        for try await (role, name) in rows.decode((String, String).self) {
            guard let role = ParticipantRole(rawValue: role), names[role] == nil else { continue }
            names[role] = name
        }
        // The stored post name is "Title, Organization"; the title maker wants the title.
        var role = names[.post]
        if let post = role, let organization = names[.organization], post.hasSuffix(", " + organization) {
            role = String(post.dropLast(organization.count + 2))
        }
        return titleMaker(EventTitleInput(
            kind: kind, status: status, subject: names[.subject], organization: names[.organization], role: role, counterparty: names[.counterparty]))
    }

    /// `updated_at` in microseconds since 1970, as text: changes on every update of the event.
    static let versionColumn = "(extract(epoch FROM e.updated_at) * 1000000)::bigint::text"

    /// Fills in corrections, the wrong flag and the version of a detail.
    func attachCorrections(_ detail: inout EventDetail) async throws {
        let id = detail.event.id
        let meta = try await client.query("SELECT e.rejected, \(unescaped: Self.versionColumn) FROM events e WHERE e.id = \(id)", logger: logger)
        for try await (rejected, version) in meta.decode((Bool, String).self) {
            detail.wrong = rejected
            detail.version = version
        }
        let rows = try await client.query(
            """
            SELECT field, coalesce(old_value, ''), coalesce(new_value, ''), coalesce(actor, ''), coalesce(note, ''),
                   to_char(created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"')
            FROM event_corrections WHERE event_id = \(id) ORDER BY id
            """,
            logger: logger)
        for try await (field, old, new, actor, note, at) in rows.decode((String, String, String, String, String, String).self) {
            detail.corrections.append(CorrectionRecord(
                field: field, oldValue: old.isEmpty ? nil : old, newValue: new.isEmpty ? nil : new, actor: actor.isEmpty ? nil : actor,
                note: note.isEmpty ? nil : note, at: at))
        }
    }
}
