import CGDAL
import Foundation
import HolomapCore

/// Reads whole text files through GDAL's virtual file system, so `.gz` files are read directly
/// (`/vsigzip/`) and so are members of zip archives (`/vsizip/`).
public enum TextFile {
    public static func read(_ path: String) throws -> String {
        var data = Data()
        try forEachChunk(path, chunkSize: 1 << 20) { data.append($0) }
        guard let text = String(data: data, encoding: .utf8) else {
            throw InputError.malformedInput(file: path, place: "", reason: "not UTF-8 text")
        }
        return text
    }

    /// Streams a file's bytes in chunks of about `chunkSize` (gzip read directly), so tables of a
    /// gigabyte are parsed without holding their text.
    public static func forEachChunk(_ path: String, chunkSize: Int = 1 << 22, _ body: (UnsafeBufferPointer<UInt8>) throws -> Void) throws {
        GDALEnvironment.ready()
        let isVirtual = path.hasPrefix("/vsi")
        if !isVirtual, !FileManager.default.fileExists(atPath: path) { throw InputError.missingFile(path: path) }
        let vsiPath = !isVirtual && path.hasSuffix(".gz") ? "/vsigzip/" + path : path
        // VSIFOpenL returns NULL when the file cannot be opened.
        guard let handle = VSIFOpenL(vsiPath, "rb") else {
            // Absent (inside an archive) or present but not readable: two different errors.
            if isVirtual, !VirtualFiles.isFile(path) { throw InputError.missingFile(path: path) }
            throw IOError(path: path, operation: "open", reason: String(cString: strerror(errno)))
        }
        defer { VSIFCloseL(handle) }
        let chunk = UnsafeMutableBufferPointer<UInt8>.allocate(capacity: chunkSize)
        defer { chunk.deallocate() }
        CPLErrorReset()
        while true {
            // VSIFReadL returns the number of elements read; fewer than asked at end or on error.
            let n = VSIFReadL(chunk.baseAddress, 1, chunkSize, handle)
            if n > 0 { try body(UnsafeBufferPointer(rebasing: chunk[0..<n])) }
            if n < chunkSize { break }
        }
        // A corrupt gzip stream ends the read early with an error recorded by GDAL.
        if CPLGetLastErrorType() == CE_Failure {
            throw InputError.malformedInput(file: path, place: "", reason: "read failed: \(LibraryError.gdal("VSIFReadL").message)")
        }
    }
}

/// Listings and existence checks through GDAL's virtual file system (folders and zip archives
/// alike: `/vsizip/archive.zip/folder`).
public enum VirtualFiles {
    /// Every path below `folder`, relative to it (folders end in `/`), sorted.
    public static func listRecursively(_ folder: String) throws -> [String] {
        GDALEnvironment.ready()
        // VSIReadDirRecursive returns a NULL-terminated list (NULL when the folder cannot be
        // read), owned by the caller and freed with CSLDestroy.
        guard let list = VSIReadDirRecursive(folder) else { throw InputError.missingFile(path: folder) }
        defer { CSLDestroy(list) }
        var out: [String] = []
        var i = 0
        while let entry = list[i] { out.append(String(cString: entry)); i += 1 }
        return out.sorted()
    }

    /// True when `path` exists (VSIStatL returns 0). Whether it can be read is for the reader to
    /// find out, and to report as an error, not to be taken for a missing file.
    public static func isFile(_ path: String) -> Bool {
        GDALEnvironment.ready()
        // VSIStatBufL (struct stat64) is opaque to Swift: room for it, of which only the result is used.
        let buffer = UnsafeMutableRawPointer.allocate(byteCount: 512, alignment: 16)
        defer { buffer.deallocate() }
        return VSIStatL(path, OpaquePointer(buffer)) == 0
    }
}
