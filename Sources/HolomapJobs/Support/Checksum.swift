import Crypto
import Foundation
import HolomapCore

/// SHA-256 of input files (swift-crypto), for the manifest.
enum Checksum {
    /// Checksum of the file on disk; for GDAL virtual paths, of the archive that holds the data.
    static func sha256(of path: String) throws -> String {
        let file = archivePath(path)
        guard FileManager.default.fileExists(atPath: file) else { throw InputError.missingFile(path: file) }
        guard let handle = FileHandle(forReadingAtPath: file) else { throw IOError(path: file, operation: "read", reason: "cannot be opened") }
        defer { try? handle.close() }
        var hash = SHA256()
        do {
            while let chunk = try handle.read(upToCount: 1 << 20), !chunk.isEmpty { hash.update(data: chunk) }
        } catch {
            throw IOError(path: file, operation: "read", reason: error.localizedDescription)
        }
        return hash.finalize().map { String(format: "%02x", $0) }.joined()
    }

    /// The file on disk behind a path: `/vsigzip/F` → F, `/vsizip/A.zip/member` → A.zip.
    static func archivePath(_ path: String) -> String {
        var path = path
        if path.hasPrefix("/vsigzip/") { path = String(path.dropFirst("/vsigzip/".count)) }
        if path.hasPrefix("/vsizip/") {
            path = String(path.dropFirst("/vsizip/".count))
            if let range = path.range(of: ".zip/") { path = String(path[..<range.lowerBound]) + ".zip" }
        }
        return path
    }

    /// Fails unless `path` (or the archive behind a virtual path) is a readable file: a missing
    /// input is reported before any work starts.
    static func checkReadable(_ path: String) throws {
        let file = archivePath(path)
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: file, isDirectory: &isDirectory) else { throw InputError.missingFile(path: file) }
        guard !isDirectory.boolValue || path.hasPrefix("/vsi") == false && file.hasSuffix(".gdb") else {
            throw InputError.malformedInput(file: file, place: "", reason: "is a folder, not a file")
        }
        guard FileManager.default.isReadableFile(atPath: file) else { throw IOError(path: file, operation: "read", reason: "permission denied") }
    }
}
