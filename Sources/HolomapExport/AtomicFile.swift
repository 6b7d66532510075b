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
