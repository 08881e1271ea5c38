import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// CPU seconds used so far by this process and by a PostgreSQL server's processes, so the
/// delivery benchmark can say where a delivery's CPU goes (Linux /proc; 0 elsewhere).
enum CPUTime {
    /// User + system CPU seconds of this process.
    static func process() -> Double {
        var usage = rusage()
        guard getrusage(__rusage_who_t(RUSAGE_SELF.rawValue), &usage) == 0 else { return 0 }
        func seconds(_ t: timeval) -> Double { Double(t.tv_sec) + Double(t.tv_usec) / 1e6 }
        return seconds(usage.ru_utime) + seconds(usage.ru_stime)
    }

    /// User + system CPU seconds of the children of the postmaster whose pid is the first line
    /// of `<dataDirectory>/postmaster.pid` (its backends, WAL writer, checkpointer, …).
    /// Backends that exited meanwhile are not counted: take both readings on a live pool.
    static func postgres(dataDirectory: String) -> Double {
        guard let text = try? String(contentsOfFile: dataDirectory + "/postmaster.pid", encoding: .utf8),
              let first = text.split(separator: "\n").first, let postmaster = Int(first.trimmingCharacters(in: .whitespaces)),
              let entries = try? FileManager.default.contentsOfDirectory(atPath: "/proc")
        else { return 0 }
        let ticks = Double(sysconf(Int32(_SC_CLK_TCK)))
        var total = 0.0
        for entry in entries where entry.first?.isNumber == true {
            guard let stat = try? String(contentsOfFile: "/proc/\(entry)/stat", encoding: .utf8),
                  let close = stat.lastIndex(of: ")")
            else { continue }
            // After "pid (comm) ": state ppid … utime is field 14 and stime 15 (from 1).
            let fields = stat[stat.index(after: close)...].split(separator: " ")
            guard fields.count > 13, Int(fields[1]) == postmaster,
                  let user = Double(fields[11]), let system = Double(fields[12])
            else { continue }
            total += (user + system) / max(ticks, 1)
        }
        return total
    }
}
