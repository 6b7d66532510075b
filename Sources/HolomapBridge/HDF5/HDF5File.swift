import CHDF5
import Foundation

/// An HDF5 file opened for writing, to store chunks another library compressed: netCDF-4 files
/// are HDF5 files, and netCDF-C has no call for writing a chunk already compressed. The file is
/// created and described with netCDF-C, closed, and reopened here. Closes itself.
public final class HDF5File {
    let id: hid_t
    public let path: String
    private var closed = false

    public init(openingForWrite path: String) throws {
        try HDF5File.silenceAutomaticPrinting()
        let file = H5Fopen(path, holomap_H5F_ACC_RDWR(), holomap_H5P_DEFAULT())
        guard file >= 0 else { throw HDF5File.error("H5Fopen(\(path))") }
        id = file
        self.path = path
    }

    deinit { if !closed { H5Fclose(id) } }

    public func close() throws {
        guard !closed else { return }
        closed = true
        guard H5Fclose(id) >= 0 else { throw HDF5File.error("H5Fclose") }
    }

    /// The dataset (netCDF variable) `name` at the root.
    public func dataset(_ name: String) throws -> HDF5Dataset {
        let dataset = H5Dopen2(id, name, holomap_H5P_DEFAULT())
        guard dataset >= 0 else { throw HDF5File.error("H5Dopen2(\(name))") }
        return HDF5Dataset(id: dataset, name: name)
    }

    public static var version: String {
        var major: UInt32 = 0, minor: UInt32 = 0, release: UInt32 = 0
        guard H5get_libversion(&major, &minor, &release) >= 0 else { return "unknown" }
        return "\(major).\(minor).\(release)"
    }

    /// HDF5 prints its error stack to stderr unless told not to; holomap carries the message in
    /// the thrown error instead. (The setting is per thread in thread-safe HDF5 builds and global
    /// otherwise; GDAL's HDF5 driver sets its own handler when it opens a file.)
    static func silenceAutomaticPrinting() throws {
        guard H5Eset_auto2(holomap_H5E_DEFAULT(), nil, nil) >= 0 else { throw error("H5Eset_auto2") }
    }

    /// The innermost entry of this thread's HDF5 error stack ("function: description"), then
    /// the stack is cleared.
    static func error(_ function: String) -> LibraryError {
        var message = ""
        let walked = withUnsafeMutablePointer(to: &message) { pointer in
            H5Ewalk2(holomap_H5E_DEFAULT(), H5E_WALK_UPWARD, { _, entry, data in
                guard let entry, let data, let description = entry.pointee.desc else { return 0 }
                let text = data.assumingMemoryBound(to: String.self)
                if text.pointee.isEmpty {
                    let place = entry.pointee.func_name.map { String(cString: $0) + ": " } ?? ""
                    text.pointee = place + String(cString: description)
                }
                return 0
            }, pointer)
        }
        if walked < 0 { message = "(the HDF5 error stack could not be read)" }
        if H5Eclear2(holomap_H5E_DEFAULT()) < 0 { message += " (and the HDF5 error stack could not be cleared)" }
        return LibraryError(library: "HDF5", function: function, code: -1, message: message)
    }
}

/// An open dataset of an `HDF5File`; closes itself.
public final class HDF5Dataset {
    let id: hid_t
    public let name: String

    init(id: hid_t, name: String) { self.id = id; self.name = name }
    deinit { H5Dclose(id) }

    /// Stores `bytes` as the chunk whose first element is at `offset` (element coordinates, a
    /// multiple of the chunk shape), already passed through every filter of the dataset's
    /// pipeline in order (filter mask 0).
    public func writeChunk(at offset: [Int], bytes: UnsafeRawBufferPointer) throws {
        let start = offset.map { hsize_t($0) }
        guard H5Dwrite_chunk(id, holomap_H5P_DEFAULT(), 0, start, bytes.count, bytes.baseAddress) >= 0 else {
            throw HDF5File.error("H5Dwrite_chunk(\(name), \(offset))")
        }
    }
}
