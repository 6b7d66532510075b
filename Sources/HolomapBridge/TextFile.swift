import CGDAL
import Foundation
import HolomapCore

/// Reads whole text files through GDAL's virtual file system, so `.gz` files are read directly
/// (`/vsigzip/`) and so are members of zip archives (`/vsizip/`).
public enum TextFile {
    public static func read(_ path: String) throws -> String {
        GDALEnvironment.ready()
        let isVirtual = path.hasPrefix("/vsi")
        if !isVirtual, !FileManager.default.fileExists(atPath: path) { throw HolomapError.missingFile(path: path) }
        let vsiPath = !isVirtual && path.hasSuffix(".gz") ? "/vsigzip/" + path : path
        // VSIFOpenL returns NULL when the file cannot be opened.
        guard let handle = VSIFOpenL(vsiPath, "rb") else {
            throw isVirtual ? HolomapError.missingFile(path: path) : HolomapError.malformedInput(file: path, place: "", reason: "cannot be opened")
        }
        defer { VSIFCloseL(handle) }
        var data = Data()
        var chunk = [UInt8](repeating: 0, count: 1 << 20)
        while true {
            // VSIFReadL returns the number of elements read; fewer than asked at end or on error.
            let n = VSIFReadL(&chunk, 1, chunk.count, handle)
            if n > 0 { data.append(chunk, count: n) }
            if n < chunk.count { break }
        }
        // A corrupt gzip stream ends the read early with an error recorded by GDAL.
        if CPLGetLastErrorType() == CE_Failure {
            throw HolomapError.malformedInput(file: path, place: "", reason: "read failed: \(LibraryError.gdal("VSIFReadL").message)")
        }
        guard let text = String(data: data, encoding: .utf8) else {
            throw HolomapError.malformedInput(file: path, place: "", reason: "not UTF-8 text")
        }
        return text
    }
}
