import CNetCDF
import Foundation
import HolomapCore

/// An open netCDF file; closes itself. Every nc_* call returns NC_NOERR (0) on success.
public final class NetCDFFile {
    let id: Int32
    public let path: String
    /// The decompressed bytes of a file opened from memory (`nc_open_mem` reads them in place).
    private var memory: UnsafeMutableRawBufferPointer?

    /// Opens read-only. A missing or corrupt file is a domain error naming the file.
    public init(readingFrom path: String) throws {
        guard FileManager.default.fileExists(atPath: path) else { throw InputError.missingFile(path: path) }
        var ncid: Int32 = 0
        let status = nc_open(path, NC_NOWRITE, &ncid)
        guard status == NC_NOERR else {
            throw InputError.malformedInput(file: path, place: "", reason: "not a readable netCDF file: \(NetCDFFile.message(status))")
        }
        id = ncid
        self.path = path
    }

    /// Opens the netCDF bytes `bytes` (a `.nc.gz` read whole) read-only, named `path` in errors.
    public init(path: String, bytes: Data) throws {
        let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: max(1, bytes.count), alignment: 16)
        _ = bytes.copyBytes(to: buffer.bindMemory(to: UInt8.self))
        var ncid: Int32 = 0
        let status = nc_open_mem(path, NC_NOWRITE, bytes.count, buffer.baseAddress, &ncid)
        guard status == NC_NOERR else {
            buffer.deallocate()
            throw InputError.malformedInput(file: path, place: "", reason: "not a readable netCDF file: \(NetCDFFile.message(status))")
        }
        id = ncid
        self.path = path
        memory = buffer
    }

    /// Creates a NetCDF-4 file (clobbering), in define mode.
    public init(creating path: String) throws {
        var ncid: Int32 = 0
        let status = nc_create(path, NC_NETCDF4 | NC_CLOBBER, &ncid)
        guard status == NC_NOERR else { throw NetCDFFile.error("nc_create", status) }
        id = ncid
        self.path = path
    }

    private var closed = false
    deinit {
        if !closed { nc_close(id) }
        memory?.deallocate()
    }

    public func close() throws {
        guard !closed else { return }
        closed = true
        try check(nc_close(id), "nc_close")
    }

    static func message(_ status: Int32) -> String { String(cString: nc_strerror(status)) }
    static func error(_ function: String, _ status: Int32) -> LibraryError {
        LibraryError(library: "netCDF", function: function, code: status, message: message(status))
    }
    func check(_ status: Int32, _ function: String) throws {
        guard status == NC_NOERR else { throw NetCDFFile.error(function, status) }
    }

    // MARK: reading

    public func variableNames() throws -> [String] {
        var count: Int32 = 0
        try check(nc_inq_nvars(id, &count), "nc_inq_nvars")
        var name = [CChar](repeating: 0, count: Int(NC_MAX_NAME) + 1)
        return try (0..<count).map { varid in
            try check(nc_inq_varname(id, varid, &name), "nc_inq_varname")
            return String(cBuffer: name)
        }
    }

    public func variableID(_ name: String) throws -> Int32? {
        var varid: Int32 = 0
        let status = nc_inq_varid(id, name, &varid)
        if status == NC_ENOTVAR { return nil }
        try check(status, "nc_inq_varid(\(name))")
        return varid
    }

    public func doubleAttribute(_ varid: Int32, _ name: String) throws -> Double {
        var value = 0.0
        try check(nc_get_att_double(id, varid, name, &value), "nc_get_att_double(\(name))")
        return value
    }

    public func length(of varid: Int32) throws -> Int {
        var ndims: Int32 = 0
        try check(nc_inq_varndims(id, varid, &ndims), "nc_inq_varndims")
        guard ndims == 1 else { throw LibraryError(library: "netCDF", function: "length", code: 0, message: "expected a 1-D variable") }
        var dimid: Int32 = 0
        try check(nc_inq_vardimid(id, varid, &dimid), "nc_inq_vardimid")
        var len = 0
        try check(nc_inq_dimlen(id, dimid, &len), "nc_inq_dimlen")
        return len
    }

    public func readUInt16(_ varid: Int32) throws -> [UInt16] {
        let n = try length(of: varid)
        var values = [UInt16](repeating: 0, count: n)
        try check(nc_get_var_ushort(id, varid, &values), "nc_get_var_ushort")
        return values
    }

    // MARK: writing (used by the CF writer)

    public func defineDimension(_ name: String, length: Int) throws -> Int32 {
        var dimid: Int32 = 0
        try check(nc_def_dim(id, name, length, &dimid), "nc_def_dim(\(name))")
        return dimid
    }

    public enum ValueType { case double, float, int, byte
        var nc: nc_type {
            switch self { case .double: NC_DOUBLE; case .float: NC_FLOAT; case .int: NC_INT; case .byte: NC_BYTE }
        }
    }

    public func defineVariable(_ name: String, _ type: ValueType, dimensions: [Int32]) throws -> Int32 {
        var varid: Int32 = 0
        try check(nc_def_var(id, name, type.nc, Int32(dimensions.count), dimensions, &varid), "nc_def_var(\(name))")
        return varid
    }

    /// `varid` NC_GLOBAL (-1) for global attributes.
    public func putAttribute(_ varid: Int32, _ name: String, _ text: String) throws {
        let bytes = Array(text.utf8)
        try check(nc_put_att_text(id, varid, name, bytes.count, bytes.map { CChar(bitPattern: $0) }), "nc_put_att_text(\(name))")
    }
    public func putAttribute(_ varid: Int32, _ name: String, _ values: [Double]) throws {
        try check(nc_put_att_double(id, varid, name, NC_DOUBLE, values.count, values), "nc_put_att_double(\(name))")
    }
    public func putAttribute(_ varid: Int32, _ name: String, floats values: [Float]) throws {
        try check(nc_put_att_float(id, varid, name, NC_FLOAT, values.count, values), "nc_put_att_float(\(name))")
    }
    public static let global: Int32 = NC_GLOBAL

    public func setFill(_ varid: Int32, float value: Float) throws {
        var v = value
        try check(nc_def_var_fill(id, varid, 0, &v), "nc_def_var_fill")
    }
    public func setFill(_ varid: Int32, int value: Int32) throws {
        var v = value
        try check(nc_def_var_fill(id, varid, 0, &v), "nc_def_var_fill")
    }
    public func putAttribute(_ varid: Int32, _ name: String, ints values: [Int32]) throws {
        try check(nc_put_att_int(id, varid, name, NC_INT, values.count, values), "nc_put_att_int(\(name))")
    }
    public func setFill(_ varid: Int32, double value: Double) throws {
        var v = value
        try check(nc_def_var_fill(id, varid, 0, &v), "nc_def_var_fill")
    }
    public func setChunking(_ varid: Int32, chunks: [Int]) throws {
        try check(nc_def_var_chunking(id, varid, NC_CHUNKED, chunks), "nc_def_var_chunking")
    }
    public func setDeflate(_ varid: Int32, level: Int32, shuffle: Bool = true) throws {
        try check(nc_def_var_deflate(id, varid, shuffle ? 1 : 0, 1, level), "nc_def_var_deflate")
    }
    public func endDefinitions() throws { try check(nc_enddef(id), "nc_enddef") }

    public func put(_ varid: Int32, doubles: [Double]) throws {
        try check(nc_put_var_double(id, varid, doubles), "nc_put_var_double")
    }
}
