import CNetCDF
import Foundation
import HolomapCore

extension NetCDFFile {
    /// A text attribute of a variable (`NetCDFFile.global` for the file's), nil when absent.
    public func textAttribute(_ varid: Int32, _ name: String) throws -> String? {
        var length = 0
        let status = nc_inq_attlen(id, varid, name, &length)
        if status == NC_ENOTATT { return nil }
        try check(status, "nc_inq_attlen(\(name))")
        var type: nc_type = 0
        try check(nc_inq_atttype(id, varid, name, &type), "nc_inq_atttype(\(name))")
        guard type == NC_CHAR else { return nil }
        var bytes = [CChar](repeating: 0, count: length + 1)
        try check(nc_get_att_text(id, varid, name, &bytes), "nc_get_att_text(\(name))")
        return String(cBuffer: bytes)
    }

    /// Names and lengths of a variable's dimensions, slowest first.
    public func dimensions(of varid: Int32) throws -> [(name: String, length: Int)] {
        var ndims: Int32 = 0
        try check(nc_inq_varndims(id, varid, &ndims), "nc_inq_varndims")
        var dimids = [Int32](repeating: 0, count: Int(ndims))
        try check(nc_inq_vardimid(id, varid, &dimids), "nc_inq_vardimid")
        var name = [CChar](repeating: 0, count: Int(NC_MAX_NAME) + 1)
        return try dimids.map { dimid in
            var length = 0
            try check(nc_inq_dim(id, dimid, &name, &length), "nc_inq_dim")
            return (String(cBuffer: name), length)
        }
    }

    /// Every value of a variable as Double (netCDF converts from the stored type).
    public func readDoubles(_ varid: Int32) throws -> [Double] {
        let count = try dimensions(of: varid).reduce(1) { $0 * $1.length }
        var values = [Double](repeating: 0, count: count)
        try check(nc_get_var_double(id, varid, &values), "nc_get_var_double")
        return values
    }
}

/// Reads a gridded surface flux on a regular lat/lon grid from a netCDF file (`.nc`, or `.nc.gz`
/// read whole into memory): the GCB 2023 land sink (S_LAND) and land-use-change flux (E_LUC).
/// The values come out north-up in kg C m⁻² s⁻¹ (converted from the variable's `units`), NaN where
/// the file has its fill value or no value.
public enum GriddedFluxReader {
    public static func read(_ path: String, variable: String) throws -> FluxGrid {
        let file = try open(path)
        guard let varid = try file.variableID(variable) else {
            throw InputError.malformedInput(file: path, place: "variable \(variable)", reason: "no such variable (variables: \(try file.variableNames().joined(separator: ", ")))")
        }
        func bad(_ reason: String) -> InputError { .malformedInput(file: path, place: "variable \(variable)", reason: reason) }
        let dims = try file.dimensions(of: varid)
        guard dims.count == 2 else { throw bad("expected 2 dimensions (lat, lon), found \(dims.count)") }
        let units = try file.textAttribute(varid, "units") ?? ""
        guard let perSecond = FluxUnits.perSecondFactor(units) else {
            throw bad("units '\(units)' are not a carbon flux per area (kg m-2 s-1 or kg m-2 yr-1)")
        }
        let latName = dims[0].name, lonName = dims[1].name
        guard let latID = try file.variableID(latName), let lonID = try file.variableID(lonName) else {
            throw bad("no coordinate variables \(latName), \(lonName)")
        }
        let lat = try file.readDoubles(latID), lon = try file.readDoubles(lonID)
        let grid = try FluxUnits.regularGrid(latitudes: lat, longitudes: lon, source: "\(path) (\(latName), \(lonName))")
        var raw = try file.readDoubles(varid)
        let fill = try fillValue(file, varid)
        for i in raw.indices where !raw[i].isFinite || (fill.map { raw[i] == $0 } ?? false) || abs(raw[i]) > 1e30 { raw[i] = .nan }
        // North-up rows: netCDF files often store latitude ascending.
        let ascending = lat.count > 1 && lat[1] > lat[0]
        var values = [Double](repeating: .nan, count: raw.count)
        for r in 0..<grid.height {
            let source = ascending ? grid.height - 1 - r : r
            for c in 0..<grid.width { values[r * grid.width + c] = raw[source * grid.width + c] * perSecond }
        }
        return FluxGrid(grid: grid, values: values, units: units, source: "\(path):\(variable)")
    }

    static func open(_ path: String) throws -> NetCDFFile {
        guard path.hasSuffix(".gz") else { return try NetCDFFile(readingFrom: path) }
        var data = Data()
        try TextFile.forEachChunk(path) { data.append($0) }
        return try NetCDFFile(path: path, bytes: data)
    }

    static func fillValue(_ file: NetCDFFile, _ varid: Int32) throws -> Double? {
        var length = 0
        for name in ["_FillValue", "missing_value"] where nc_inq_attlen(file.id, varid, name, &length) == NC_NOERR {
            return try file.doubleAttribute(varid, name)
        }
        return nil
    }
}
