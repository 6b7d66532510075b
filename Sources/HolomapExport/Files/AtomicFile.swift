import Foundation
import HolomapBridge
import HolomapCore

/// Temporary paths of outputs being written, so an interrupted run (Ctrl-C, SIGTERM) can remove
/// them before it exits. A `kill -9` leaves them; the next run for the same output removes
/// those whose process is gone.
public enum Staging {
    private static let lock = NSLock()
    nonisolated(unsafe) private static var paths: Set<String> = []
    nonisolated(unsafe) private static var interrupted = false

    static func register(_ path: String) { lock.lock(); paths.insert(path); lock.unlock() }
    static func unregister(_ path: String) { lock.lock(); paths.remove(path); lock.unlock() }

    /// Runs `body` (a rename that puts an output in place) unless the run was interrupted, never
    /// at the same time as `removeAll`: an output is either put in place whole or not at all.
    static func publish(_ path: String, _ body: () throws -> Void) throws {
        lock.lock(); defer { lock.unlock() }
        guard !interrupted else { throw IOError(path: path, operation: "put in place", reason: "the run was interrupted") }
        try body()
    }

    /// Removes every registered temporary path (from a signal handler's queue, before exiting);
    /// later `publish` calls refuse. Each path is first renamed aside, so writers still running
    /// cannot add to it while it is removed; a path they re-create is removed again.
    public static func removeAll() {
        lock.lock(); defer { lock.unlock() }
        interrupted = true
        let fm = FileManager.default
        for path in paths.sorted() {
            let aside = "\(path)-removing-\(ProcessInfo.processInfo.processIdentifier)"
            // Until neither is left: a removal can fail half-way while another thread is removing
            // the same tree (a commit deleting the previous output when the signal came).
            for _ in 0..<5 {
                if fm.fileExists(atPath: path), (try? AtomicRename.replace(path, with: aside)) == nil { try? fm.removeItem(atPath: path) }
                guard fm.fileExists(atPath: aside) || fm.fileExists(atPath: path) else { break }
                try? fm.removeItem(atPath: aside)
            }
        }
        paths = []
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
                guard let pid = Int32(name.split(separator: "-").last ?? ""), pid != ProcessInfo.processInfo.processIdentifier, !ProcessInfoPOSIX.isRunning(pid) else { continue }
                try? fm.removeItem(at: folder.appendingPathComponent(name))
            }
        }
        let path = folder.appendingPathComponent("\(prefix)\(kind)-\(ProcessInfo.processInfo.processIdentifier)")
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
        if let reason = ProcessInfoPOSIX.writeDenied(folder.path) { throw IOError(path: folder.path, operation: "write into", reason: reason) }
    }
}

/// Writes a file through a temporary name in the same folder, renamed into place only when the
/// writer succeeded, so a failed run leaves no partial output.
public enum AtomicFile {
    /// Fails now, before any work, when `write(to: path, overwrite:)` would fail at the end
    /// because of the target: it exists without `overwrite`, or its folder is missing or read-only.
    public static func checkTarget(_ path: String, overwrite: Bool) throws {
        if FileManager.default.fileExists(atPath: path), !overwrite { throw InputError.outputExists(path: path) }
        try Staging.checkWritableFolder(URL(fileURLWithPath: path).deletingLastPathComponent(), for: path)
    }

    public static func write(to path: String, overwrite: Bool, _ body: (String) throws -> Void) throws {
        let url = URL(fileURLWithPath: path)
        try checkTarget(path, overwrite: overwrite)
        let temporary = try Staging.sibling(of: url, kind: "file").path
        Staging.register(temporary)
        defer { Staging.unregister(temporary) }
        do {
            try body(temporary)
            try Staging.publish(path) { try AtomicRename.replace(temporary, with: path) }
        } catch {
            try? FileManager.default.removeItem(atPath: temporary)
            throw error
        }
    }
}

/// A whole output folder written under a temporary name beside it and put in place in one step
/// when complete, so a failure, Ctrl-C or `kill -9` at any moment leaves the previous folder
/// untouched and never a half-written one. Every staged folder holds `StagedFolder.markerName`
/// (what wrote it); an existing folder is replaced only with `overwrite`, and only when it is
/// empty or holds that marker: holomap never deletes a folder it did not write.
public final class StagedFolder {
    /// The file that marks a folder as a holomap output: one line, `holomap <version> <kind>`.
    public static let markerName = ".holomap-output"
    public let target: URL
    public let staging: URL
    let overwrite: Bool
    private var done = false

    /// Checks the target and its parent, then creates the staging folder with its marker
    /// (`kind`: what the folder holds, for example `build`).
    public init(_ path: String, overwrite: Bool, kind: String, version: String = HolomapVersion.string) throws {
        guard !path.isEmpty else { throw InputError.invalidArgument("--out: empty path") }
        target = URL(fileURLWithPath: path).standardizedFileURL
        self.overwrite = overwrite
        let fm = FileManager.default
        // attributesOfItem does not follow a link: its type is the link's own.
        guard (try? fm.attributesOfItem(atPath: target.path)[.type] as? FileAttributeType) != .typeSymbolicLink else {
            throw InputError.invalidArgument("\(path): is a symbolic link; give the folder's own path")
        }
        // The working folder is itself or below the target when its path (with a final /) starts with the target's.
        guard !(fm.currentDirectoryPath + "/").hasPrefix(target.path.hasSuffix("/") ? target.path : target.path + "/") else {
            throw InputError.invalidArgument("\(path): is / or the working folder or one above it; choose a folder of its own")
        }
        try Staging.checkWritableFolder(target.deletingLastPathComponent(), for: path)
        var isDirectory: ObjCBool = false
        if fm.fileExists(atPath: target.path, isDirectory: &isDirectory) {
            guard isDirectory.boolValue else { throw InputError.invalidArgument("\(path): exists and is not a folder") }
            guard overwrite else { throw InputError.outputExists(path: path) }
            let entries: [String]
            do { entries = try fm.contentsOfDirectory(atPath: target.path) } catch {
                throw IOError(path: path, operation: "list", reason: error.localizedDescription)
            }
            guard entries.isEmpty || Self.isMarked(target) else {
                throw InputError.invalidArgument("\(path): exists and holds no \(Self.markerName), so holomap did not write it and will not replace it (choose another --out)")
            }
        }
        staging = try Staging.sibling(of: target, kind: "staging")
        do { try fm.createDirectory(at: staging, withIntermediateDirectories: false) } catch {
            throw IOError(path: staging.path, operation: "create", reason: error.localizedDescription)
        }
        Staging.register(staging.path)
        let marker = staging.appendingPathComponent(Self.markerName)
        do { try "holomap \(version) \(kind)\n".write(to: marker, atomically: false, encoding: .utf8) } catch {
            throw IOError(path: marker.path, operation: "write", reason: error.localizedDescription)
        }
    }

    /// True when `folder` holds a marker that holomap wrote.
    static func isMarked(_ folder: URL) -> Bool {
        guard let text = try? String(contentsOf: folder.appendingPathComponent(markerName), encoding: .utf8) else { return false }
        return text.hasPrefix("holomap ")
    }

    /// Puts the staged folder in place: swapped with the previous one in one step, which is then
    /// removed. Refused once the run was interrupted.
    public func commit() throws {
        precondition(!done)
        let fm = FileManager.default
        if fm.fileExists(atPath: target.path) {
            guard overwrite else { throw InputError.outputExists(path: target.path) }
            try Staging.publish(target.path) { try AtomicRename.exchange(staging.path, target.path) }
            done = true
            // The staging path now holds the previous output.
            do { try fm.removeItem(at: staging) } catch {
                Staging.unregister(staging.path)
                throw IOError(path: staging.path, operation: "remove the previous output at", reason: error.localizedDescription)
            }
        } else {
            try Staging.publish(target.path) { try AtomicRename.replace(staging.path, with: target.path) }
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
    public static func write<T>(to path: String, overwrite: Bool, kind: String, version: String = HolomapVersion.string, _ body: (URL) throws -> T) throws -> T {
        let folder = try StagedFolder(path, overwrite: overwrite, kind: kind, version: version)
        defer { folder.discard() }
        let result = try body(folder.staging)
        try folder.commit()
        return result
    }
}
