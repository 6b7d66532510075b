import Foundation
import HolomapBridge
import HolomapCore

/// Temporary paths of outputs being written, so an interrupted run (Ctrl-C, SIGTERM) can remove
/// them before it exits. A `kill -9` leaves them; the next run for the same output removes
/// those whose process is gone.
public enum Staging {
    private static let lock = NSLock()
    nonisolated(unsafe) private static var paths: Set<String> = []

    static func register(_ path: String) { lock.lock(); paths.insert(path); lock.unlock() }
    static func unregister(_ path: String) { lock.lock(); paths.remove(path); lock.unlock() }

    /// Removes every registered temporary path (from a signal handler's queue, before exiting).
    public static func removeAll() {
        lock.lock(); let all = paths; paths = []; lock.unlock()
        for path in all { try? FileManager.default.removeItem(atPath: path) }
    }

    /// The name prefix of temporary siblings of `name`: `.NAME.holomap-`.
    static func prefix(_ name: String) -> String { ".\(name).holomap-" }

    /// A temporary sibling of `target`: `.NAME.holomap-KIND-PID`, after removing any left by
    /// processes that no longer run.
    static func sibling(of target: URL, kind: String) throws -> URL {
        let folder = target.deletingLastPathComponent()
        let prefix = prefix(target.lastPathComponent)
        let fm = FileManager.default
        if let names = try? fm.contentsOfDirectory(atPath: folder.path) {
            for name in names where name.hasPrefix(prefix) {
                guard let pid = Int32(name.split(separator: "-").last ?? ""), pid != getpid(), kill(pid, 0) != 0, errno == ESRCH else { continue }
                try? fm.removeItem(at: folder.appendingPathComponent(name))
            }
        }
        let path = folder.appendingPathComponent("\(prefix)\(kind)-\(getpid())")
        if fm.fileExists(atPath: path.path) {
            do { try fm.removeItem(at: path) } catch { throw IOError(path: path.path, operation: "remove", reason: error.localizedDescription) }
        }
        return path
    }

    /// Fails unless `folder` is an existing folder we may write into.
    static func checkWritableFolder(_ folder: URL, for path: String) throws {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: folder.path, isDirectory: &isDirectory), isDirectory.boolValue else {
            throw InputError.invalidArgument("\(path): output folder \(folder.path) does not exist")
        }
        guard access(folder.path, W_OK) == 0 else { throw IOError(path: folder.path, operation: "write into", reason: String(cString: strerror(errno))) }
    }
}

/// Writes a file through a temporary name in the same folder, renamed into place only when the
/// writer succeeded, so a failed run leaves no partial output.
public enum AtomicFile {
    public static func write(to path: String, overwrite: Bool, _ body: (String) throws -> Void) throws {
        let url = URL(fileURLWithPath: path)
        if FileManager.default.fileExists(atPath: path), !overwrite { throw InputError.outputExists(path: path) }
        try Staging.checkWritableFolder(url.deletingLastPathComponent(), for: path)
        let temporary = try Staging.sibling(of: url, kind: "file").path
        Staging.register(temporary)
        defer { Staging.unregister(temporary) }
        do {
            try body(temporary)
            try AtomicRename.replace(temporary, with: path)
        } catch {
            try? FileManager.default.removeItem(atPath: temporary)
            throw error
        }
    }
}

/// A whole output folder written under a temporary name beside it and put in place in one step
/// when complete, so a failure, Ctrl-C or `kill -9` at any moment leaves the previous folder
/// untouched and never a half-written one. An existing folder is replaced only with
/// `overwrite`, and only when it is empty or holds `marker` (a previous output of the same
/// kind): holomap never deletes a folder it did not write.
public final class StagedFolder {
    public let target: URL
    public let staging: URL
    let overwrite: Bool
    let marker: String
    private var done = false

    /// Checks the target and its parent, then creates the staging folder.
    public init(_ path: String, overwrite: Bool, marker: String) throws {
        target = URL(fileURLWithPath: path).standardizedFileURL
        self.overwrite = overwrite
        self.marker = marker
        let fm = FileManager.default
        try Staging.checkWritableFolder(target.deletingLastPathComponent(), for: path)
        var isDirectory: ObjCBool = false
        if fm.fileExists(atPath: target.path, isDirectory: &isDirectory) {
            guard overwrite else { throw InputError.outputExists(path: path) }
            guard isDirectory.boolValue else { throw InputError.invalidArgument("\(path): exists and is not a folder") }
            let entries: [String]
            do { entries = try fm.contentsOfDirectory(atPath: target.path) } catch {
                throw IOError(path: path, operation: "list", reason: error.localizedDescription)
            }
            guard entries.isEmpty || entries.contains(marker) else {
                throw InputError.invalidArgument("\(path): exists and holds no \(marker), so it is not a holomap output; holomap will not replace it (choose another --out)")
            }
        }
        staging = try Staging.sibling(of: target, kind: "staging")
        do { try fm.createDirectory(at: staging, withIntermediateDirectories: false) } catch {
            throw IOError(path: staging.path, operation: "create", reason: error.localizedDescription)
        }
        Staging.register(staging.path)
    }

    /// Puts the staged folder in place: swapped with the previous one in one step, which is then
    /// removed.
    public func commit() throws {
        precondition(!done)
        let fm = FileManager.default
        if fm.fileExists(atPath: target.path) {
            guard overwrite else { throw InputError.outputExists(path: target.path) }
            try AtomicRename.exchange(staging.path, target.path)
            done = true
            // The staging path now holds the previous output.
            do { try fm.removeItem(at: staging) } catch {
                Staging.unregister(staging.path)
                throw IOError(path: staging.path, operation: "remove the previous output at", reason: error.localizedDescription)
            }
        } else {
            try AtomicRename.replace(staging.path, with: target.path)
            done = true
        }
        Staging.unregister(staging.path)
    }

    /// Removes the staging folder (a failed run).
    public func discard() {
        guard !done else { return }
        done = true
        try? FileManager.default.removeItem(at: staging)
        Staging.unregister(staging.path)
    }

    deinit { discard() }
}

/// A whole folder written by `body` and put in place as a `StagedFolder`.
public enum AtomicFolder {
    public static func write<T>(to path: String, overwrite: Bool, marker: String, _ body: (URL) throws -> T) throws -> T {
        let folder = try StagedFolder(path, overwrite: overwrite, marker: marker)
        defer { folder.discard() }
        let result = try body(folder.staging)
        try folder.commit()
        return result
    }
}
