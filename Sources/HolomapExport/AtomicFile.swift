import Foundation
import HolomapCore

/// Writes a file through a temporary name in the same folder, renamed into place only when the
/// writer succeeded, so a failed run leaves no partial output.
public enum AtomicFile {
    public static func write(to path: String, overwrite: Bool, _ body: (String) throws -> Void) throws {
        let fm = FileManager.default
        let url = URL(fileURLWithPath: path)
        if fm.fileExists(atPath: path), !overwrite { throw HolomapError.outputExists(path: path) }
        let folder = url.deletingLastPathComponent()
        var isDirectory: ObjCBool = false
        guard fm.fileExists(atPath: folder.path, isDirectory: &isDirectory), isDirectory.boolValue else {
            throw HolomapError.invalidArgument("\(path): output folder \(folder.path) does not exist")
        }
        let temporary = folder.appendingPathComponent(".\(url.lastPathComponent).\(ProcessInfo.processInfo.processIdentifier).tmp").path
        try? fm.removeItem(atPath: temporary)
        do {
            try body(temporary)
            // rename(2) replaces the target atomically on one file system.
            guard rename(temporary, path) == 0 else {
                throw HolomapError.invalidArgument("\(path): cannot move output into place: \(String(cString: strerror(errno)))")
            }
        } catch {
            try? fm.removeItem(atPath: temporary)
            throw error
        }
    }
}

/// Several outputs written under temporary names and moved into place together once all of
/// them are complete; `discard` removes whatever was not committed.
public final class StagedOutputs {
    let folder: URL
    var staged: [(temporary: String, final: String)] = []
    var committed = false

    public init(folder: URL) { self.folder = folder }

    /// A temporary path for the output `name` in the folder.
    public func temporary(_ name: String) -> String {
        let temporary = folder.appendingPathComponent(".\(name).\(ProcessInfo.processInfo.processIdentifier).tmp").path
        try? FileManager.default.removeItem(atPath: temporary)
        staged.append((temporary, folder.appendingPathComponent(name).path))
        return temporary
    }

    public func commit(overwrite: Bool) throws {
        for (_, path) in staged where !overwrite && FileManager.default.fileExists(atPath: path) { throw HolomapError.outputExists(path: path) }
        for (temporary, path) in staged {
            // rename(2) replaces the target atomically on one file system.
            guard rename(temporary, path) == 0 else {
                throw HolomapError.invalidArgument("\(path): cannot move output into place: \(String(cString: strerror(errno)))")
            }
        }
        committed = true
    }

    public func discard() {
        guard !committed else { return }
        for (temporary, _) in staged { try? FileManager.default.removeItem(atPath: temporary) }
    }
}

/// A progress bar on stderr for long steps: redrawn in place on a terminal, a line per tenth
/// otherwise (logs, CI), through the job's progress callback.
public final class ProgressBar: @unchecked Sendable {
    let label: String
    let total: Int
    let report: @Sendable (String) -> Void
    var done = 0
    var lastTenth = -1
    let terminal: Bool

    /// `draw`: redraw a bar when stderr is a terminal (off for --quiet).
    public init(label: String, total: Int, draw: Bool, report: @escaping @Sendable (String) -> Void) {
        self.label = label; self.total = max(1, total); self.report = report
        terminal = draw && isatty(2) == 1
    }

    public func advance() {
        done += 1
        let fraction = Double(done) / Double(total)
        if terminal {
            let width = 30, filled = Int(fraction * Double(width))
            FileHandle.standardError.write(Data("\r\(label) [\(String(repeating: "#", count: filled))\(String(repeating: ".", count: width - filled))] \(Int(fraction * 100))%".utf8))
        } else if Int(fraction * 10) > lastTenth {
            lastTenth = Int(fraction * 10)
            report("\(label) \(lastTenth * 10)%")
        }
    }

    public func finish() {
        if terminal { FileHandle.standardError.write(Data("\n".utf8)) }
    }
}

/// A whole output folder written under a temporary name beside it and renamed into place when
/// complete (replacing an existing one only with `overwrite`), so a failed run leaves nothing.
public enum AtomicFolder {
    public static func write<T>(to path: String, overwrite: Bool, _ body: (URL) throws -> T) throws -> T {
        var result: T?
        try AtomicFile.write(to: path, overwrite: overwrite) { temporary in
            let fm = FileManager.default
            try fm.createDirectory(atPath: temporary, withIntermediateDirectories: false)
            result = try body(URL(fileURLWithPath: temporary))
            // rename(2) does not replace a non-empty folder: the old one goes only now.
            if fm.fileExists(atPath: path) { try fm.removeItem(atPath: path) }
        }
        return result!
    }
}
