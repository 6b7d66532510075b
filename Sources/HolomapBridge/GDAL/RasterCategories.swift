import CGDAL
import Foundation
import HolomapCore

/// Names for the values of a category raster (the majority-country ids), in the form GIS tools
/// show: GDAL category names (one per value, index = pixel value) and a raster attribute table
/// (value, code, name). GeoTIFF keeps both in its GDAL PAM sidecar, `<file>.aux.xml`, which GDAL
/// writes here (the TIFF itself, a COG, is left untouched).
public enum RasterCategories {
    public struct Category: Sendable, Equatable {
        public var value: Int
        public var code: String
        public var name: String
        public init(value: Int, code: String, name: String) { self.value = value; self.code = code; self.name = name }
    }

    /// Attaches `categories` to band 1 of the GeoTIFF at `path`; values without a category get
    /// an empty name, except 0, which is named `zeroName`. Returns the sidecar's path.
    @discardableResult
    public static func attach(to path: String, zeroName: String, _ categories: [Category]) throws -> String {
        GDALEnvironment.ready()
        guard let top = categories.map(\.value).max(), top < 1 << 16, categories.allSatisfy({ $0.value > 0 }) else {
            throw InputError.invalidArgument("\(path): category values must be 1…65535")
        }
        // holomap switches PAM off for everything it reads; this one dataset is opened with it on,
        // so that GDAL saves the categories beside the file when it is closed.
        CPLSetThreadLocalConfigOption("GDAL_PAM_ENABLED", "YES")
        defer { CPLSetThreadLocalConfigOption("GDAL_PAM_ENABLED", nil) }
        // GDALOpenEx returns NULL when the file cannot be opened.
        guard let handle = GDALOpenEx(path, UInt32(GDAL_OF_RASTER | GDAL_OF_READONLY), nil, nil, nil) else {
            throw LibraryError.gdal("GDALOpenEx(\(path))")
        }
        var failure: Error? = nil
        do {
            guard let band = GDALGetRasterBand(handle, 1) else { throw LibraryError.gdal("GDALGetRasterBand(\(path), 1)") }
            var names = [String](repeating: "", count: top + 1)
            names[0] = zeroName
            for c in categories { names[c.value] = c.code }
            // GDALSetRasterCategoryNames and the RAT calls return CE_None on success.
            try withCStringList(names) { list in
                guard GDALSetRasterCategoryNames(band, list) == CE_None else { throw LibraryError.gdal("GDALSetRasterCategoryNames(\(path))") }
            }
            let table = try AttributeTable()
            try table.column("value", GFT_Integer, GFU_MinMax)
            try table.column("iso3", GFT_String, GFU_Name)
            try table.column("name", GFT_String, GFU_Generic)
            GDALRATSetRowCount(table.handle, Int32(categories.count))
            for (row, c) in categories.enumerated() {
                GDALRATSetValueAsInt(table.handle, Int32(row), 0, Int32(c.value))
                GDALRATSetValueAsString(table.handle, Int32(row), 1, c.code)
                GDALRATSetValueAsString(table.handle, Int32(row), 2, c.name)
            }
            // GDALSetDefaultRAT copies the table.
            guard GDALSetDefaultRAT(band, table.handle) == CE_None else { throw LibraryError.gdal("GDALSetDefaultRAT(\(path))") }
        } catch {
            failure = error
        }
        CPLErrorReset()
        GDALClose(handle)   // writes the sidecar
        if let failure { throw failure }
        let sidecar = path + ".aux.xml"
        guard CPLGetLastErrorType() != CE_Failure, FileManager.default.fileExists(atPath: sidecar) else {
            throw LibraryError.gdal("GDALClose(\(path)): writing \(sidecar)")
        }
        return sidecar
    }
}

/// A GDAL raster attribute table we own; destroyed with us.
final class AttributeTable {
    let handle: GDALRasterAttributeTableH
    init() throws {
        // GDALCreateRasterAttributeTable returns NULL only when out of memory.
        guard let handle = GDALCreateRasterAttributeTable() else { throw LibraryError.gdal("GDALCreateRasterAttributeTable") }
        self.handle = handle
    }
    func column(_ name: String, _ type: GDALRATFieldType, _ usage: GDALRATFieldUsage) throws {
        guard GDALRATCreateColumn(handle, name, type, usage) == CE_None else { throw LibraryError.gdal("GDALRATCreateColumn(\(name))") }
    }
    deinit { GDALDestroyRasterAttributeTable(handle) }
}
