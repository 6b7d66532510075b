import CGDAL
import Foundation
import HolomapCore

/// The cells of one sheet of a spreadsheet (xlsx, ods) as text, read by GDAL's OGR XLSX/ODS
/// drivers: one array per row, as OGR gives them from the first used row,
/// cells by column from column A, "" where empty.
public enum SpreadsheetSheet {
    public static func rows(_ path: String, sheet: String) throws -> [[String]] {
        GDALEnvironment.ready()
        guard FileManager.default.fileExists(atPath: path) else { throw InputError.missingFile(path: path) }
        // Every cell as text, no header row taken as field names: the caller finds its header.
        let options = ["HEADERS=DISABLE", "FIELD_TYPES=STRING"]
        let opened: GDALDatasetH? = withCStringList(options) { list in
            // GDALOpenEx returns NULL when no vector driver recognises the file.
            GDALOpenEx(path, UInt32(GDAL_OF_VECTOR | GDAL_OF_READONLY), nil, UnsafeRawPointer(list).assumingMemoryBound(to: UnsafePointer<CChar>?.self), nil)
        }
        guard let handle = opened else {
            let message = LibraryError.gdal("GDALOpenEx").message
            throw InputError.malformedInput(file: path, place: "", reason: "not a readable spreadsheet\(message.isEmpty ? "" : ": \(message)")")
        }
        let dataset = GDALDatasetHandle(handle)
        // GDALDatasetGetLayerByName returns NULL for an unknown sheet.
        guard let layer = GDALDatasetGetLayerByName(dataset.handle, sheet) else {
            let names = (0..<GDALDatasetGetLayerCount(dataset.handle)).compactMap { GDALDatasetGetLayer(dataset.handle, $0) }.map { String(cString: OGR_L_GetName($0)) }
            throw InputError.malformedInput(file: path, place: "sheet '\(sheet)'", reason: "no such sheet (sheets: \(names.joined(separator: ", ")))")
        }
        OGR_L_ResetReading(layer)
        var rows: [[String]] = []
        // OGR_L_GetNextFeature returns NULL after the last row; each feature is ours to destroy.
        while let feature = OGR_L_GetNextFeature(layer) {
            defer { OGR_F_Destroy(feature) }
            let count = OGR_F_GetFieldCount(feature)
            var row = [String](repeating: "", count: Int(count))
            for k in 0..<count where OGR_F_IsFieldSetAndNotNull(feature, k) != 0 {
                row[Int(k)] = String(cString: OGR_F_GetFieldAsString(feature, k))
            }
            while row.last == "" { row.removeLast() }
            rows.append(row)
        }
        withExtendedLifetime(dataset) {}
        return rows
    }
}
