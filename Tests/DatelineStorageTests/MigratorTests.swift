import DatelineCore
import DatelineStorage
import DatelineTesting
import Foundation
import PostgresNIO
import Testing

@Suite("Migrations on a real PostgreSQL")
struct MigratorTests {
    @Test("A fresh database gets every migration, once; a second run applies nothing")
    func freshAndIdempotent() async throws {
        try await TestDatabase.withDatabase(migrated: false) { context in
            let migrator = try Migrator.bundled()
            let first = try await migrator.migrate(client: context.client, logger: context.logger)
            #expect(first.map(\.version) == migrator.migrations.map(\.version))
            #expect(first.count >= 2)
            let second = try await migrator.migrate(client: context.client, logger: context.logger)
            #expect(second.isEmpty)
            let statuses = try await migrator.status(client: context.client, logger: context.logger)
            #expect(statuses.allSatisfy { if case .applied = $0.state { true } else { false } })
            // The schema is there: the tables later issues fill exist too.
            let rows = try await context.client.query(
                "SELECT count(*)::int FROM information_schema.tables WHERE table_name IN ('events', 'change_log', 'deliveries', 'alerts', 'watchlists')")
            for try await count in rows.decode(Int.self) { #expect(count == 5) }
        }
    }

    @Test("An applied migration that was edited stops the migrator, naming it")
    func editedMigrationIsRefused() async throws {
        try await TestDatabase.withDatabase(migrated: false) { context in
            let original = try Migration.bundled()
            try await Migrator(migrations: original).migrate(client: context.client, logger: context.logger)
            var edited = original
            edited[0] = Migration(version: original[0].version, name: original[0].name, sql: original[0].sql + "\n-- a harmless edit\n")
            let error = await #expect(throws: StorageError.self) {
                try await Migrator(migrations: edited).migrate(client: context.client, logger: context.logger)
            }
            #expect(error?.code == "migration_edited")
            #expect(error?.message.contains("0001_\(original[0].name)") == true)
        }
    }

    @Test("A migration the build does not know stops the migrator")
    func unknownMigrationIsRefused() async throws {
        try await TestDatabase.withDatabase { context in
            try await context.client.query("INSERT INTO dateline_migrations (version, name, checksum) VALUES (9001, 'from_the_future', 'x')")
            let error = await #expect(throws: StorageError.self) {
                try await Migrator.bundled().migrate(client: context.client, logger: context.logger)
            }
            #expect(error?.code == "migration_unknown")
            #expect(error?.message.contains("9001_from_the_future") == true)
        }
    }

    @Test("A failing migration is rolled back whole and says which one failed")
    func failingMigrationRollsBack() async throws {
        try await TestDatabase.withDatabase(migrated: false) { context in
            let bad = Migration(version: 1, name: "half_broken", sql: "CREATE TABLE ok_table (id int);\nCREATE TABLE broken (id nonexistent_type);")
            let error = await #expect(throws: StorageError.self) {
                try await Migrator(migrations: [bad]).migrate(client: context.client, logger: context.logger)
            }
            #expect(error?.code == "migration_failed")
            #expect(error?.message.contains("0001_half_broken") == true)
            let rows = try await context.client.query("SELECT count(*)::int FROM information_schema.tables WHERE table_name = 'ok_table'")
            for try await count in rows.decode(Int.self) { #expect(count == 0) }
        }
    }

    @Test("Two migrators starting at once apply each migration exactly once")
    func concurrentMigrators() async throws {
        let endpoint = try await TestDatabase.create(migrated: false)
        let logger = TestDatabase.logger
        let applied = try await withThrowingTaskGroup(of: [Int].self) { group in
            for _ in 0..<2 {
                group.addTask {
                    try await DatabaseClient.with(endpoint, maxConnections: 2, logger: logger) { client in
                        try await Migrator.bundled().migrate(client: client, logger: logger).map(\.version)
                    }
                }
            }
            var all: [[Int]] = []
            for try await versions in group { all.append(versions) }
            return all
        }
        let expected = try Migration.bundled().map(\.version)
        // One of them did the work, the other found it done.
        #expect(applied.sorted { $0.count < $1.count } == [[], expected])
        try await DatabaseClient.with(endpoint, logger: logger) { client in
            let rows = try await client.query("SELECT count(*)::int FROM dateline_migrations")
            for try await count in rows.decode(Int.self) { #expect(count == expected.count) }
        }
    }
}

@Suite("Splitting migration files into statements")
struct SQLSplitterTests {
    @Test func splitsOnTopLevelSemicolonsOnly() {
        let sql = """
            -- a comment; with a semicolon
            CREATE TABLE a (x text DEFAULT 'semi;colon', "we;ird" int);
            /* block; /* nested; */ still comment; */
            CREATE FUNCTION f() RETURNS int AS $$ SELECT 1; $$ LANGUAGE sql;
            CREATE FUNCTION g() RETURNS int AS $body$ BEGIN RETURN 2; END; $body$ LANGUAGE plpgsql;
            SELECT E'it\\'s; fine', 'it''s; fine too', $1;
            ;
            """
        let statements = SQLSplitter.split(sql)
        #expect(statements.count == 4)
        #expect(statements[0].hasSuffix("\"we;ird\" int)"))
        #expect(statements[1].contains("$$ SELECT 1; $$"))
        #expect(statements[2].contains("RETURN 2; END;"))
        #expect(statements[3].hasPrefix("SELECT E'it\\'s; fine'"))
    }

    @Test func commentsOnlyYieldNothing() {
        #expect(SQLSplitter.split("-- nothing here;\n/* nor; here */\n").isEmpty)
    }
}
