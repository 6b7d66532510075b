import Foundation

/// Reads pymrio's text storage (`IOSystem.save_all(table_format="txt")`): `file_parameters.json`
/// naming each file with its number of index columns and header rows, tab-separated `Z.txt`,
/// `Y.txt`, and extension folders with `F.txt` and `F_Y.txt`.
public enum PymrioReader {
    struct Table {
        var columnLabels: [[String]]   // one list per header row
        var rowLabels: [[String]]      // one list per row
        var values: Matrix
    }

    struct FileParameters: Decodable {
        struct File: Decodable { var name: String; var nr_index_col: String; var nr_header: String }
        var files: [String: File]
    }

    /// `extensionName`: the folder of the satellite account (for example `emissions`).
    public static func read(folder: URL, extensionName: String, readText: (String) throws -> String) throws -> MRIOSystem {
        let core = try parameters(folder, readText)
        let z = try table(folder, core, "Z", readText)
        let y = try table(folder, core, "Y", readText)
        let extFolder = folder.appendingPathComponent(extensionName)
        let ext = try parameters(extFolder, readText)
        let f = try table(extFolder, ext, "F", readText)
        let fy = ext.files["F_Y"] != nil ? try table(extFolder, ext, "F_Y", readText) : nil
        let zPath = folder.appendingPathComponent(core.files["Z"]!.name).path

        guard z.values.rows == z.values.columns else {
            throw HolomapError.malformedInput(file: zPath, place: "", reason: "Z is not square (\(z.values.rows) × \(z.values.columns))")
        }
        let columnKeys = (0..<z.values.columns).map { c in z.columnLabels.map { $0[c] } }
        guard columnKeys == z.rowLabels else {
            let k = zip(columnKeys, z.rowLabels).enumerated().first { $0.element.0 != $0.element.1 }?.offset ?? 0
            throw HolomapError.malformedInput(file: zPath, place: "row \(k + 1)", reason: "row and column labels of Z differ")
        }
        guard y.rowLabels == z.rowLabels else {
            throw HolomapError.malformedInput(file: folder.appendingPathComponent(core.files["Y"]!.name).path, place: "", reason: "Y's rows do not match Z's")
        }
        let fPath = extFolder.appendingPathComponent(ext.files["F"]!.name).path
        guard (0..<f.values.columns).map({ c in f.columnLabels.map { $0[c] } }) == columnKeys else {
            throw HolomapError.malformedInput(file: fPath, place: "", reason: "F's columns do not match Z's")
        }
        if let fy, fy.columnLabels.first ?? [] != y.columnLabels.first ?? [] {
            throw HolomapError.malformedInput(file: extFolder.appendingPathComponent(ext.files["F_Y"]!.name).path, place: "", reason: "F_Y's columns do not match Y's")
        }
        var regions: [String] = []
        for key in z.rowLabels where !regions.contains(key[0]) { regions.append(key[0]) }
        let sectors = z.rowLabels.filter { $0[0] == regions[0] }.map { $0.count > 1 ? $0[1] : "" }
        guard regions.count * sectors.count == z.values.rows,
              z.rowLabels.enumerated().allSatisfy({ $0.element[0] == regions[$0.offset / sectors.count] && ($0.element.count < 2 || $0.element[1] == sectors[$0.offset % sectors.count]) }) else {
            throw HolomapError.malformedInput(file: zPath, place: "", reason: "rows are not regions × the same sectors in region-major order")
        }
        for (r, x) in IOMath.x(Z: z.values, Y: y.values).enumerated() where x < 0 {
            throw HolomapError.malformedInput(file: zPath, place: "row \(r + 1) (\(z.rowLabels[r].joined(separator: "/")))", reason: "negative total output \(x)")
        }
        return MRIOSystem(regions: regions, sectors: sectors, Z: z.values, Y: y.values, finalDemandRegions: y.columnLabels[0],
                          stressors: f.rowLabels.map { ($0[0], $0.count > 1 ? $0[1] : "") }, F: f.values, FY: fy?.values)
    }

    static func parameters(_ folder: URL, _ readText: (String) throws -> String) throws -> FileParameters {
        let path = folder.appendingPathComponent("file_parameters.json").path
        do {
            return try JSONDecoder().decode(FileParameters.self, from: Data(try readText(path).utf8))
        } catch let error as HolomapError {
            throw error
        } catch {
            throw HolomapError.malformedInput(file: path, place: "", reason: "not pymrio file parameters: \(error)")
        }
    }

    static func table(_ folder: URL, _ p: FileParameters, _ key: String, _ readText: (String) throws -> String) throws -> Table {
        guard let spec = p.files[key], let indexColumns = Int(spec.nr_index_col), let headers = Int(spec.nr_header) else {
            throw HolomapError.malformedInput(file: folder.appendingPathComponent("file_parameters.json").path, place: key, reason: "no entry for \(key)")
        }
        let path = folder.appendingPathComponent(spec.name).path
        let lines = try readText(path).split(separator: "\n", omittingEmptySubsequences: false).map { $0.hasSuffix("\r") ? $0.dropLast() : $0 }
        guard lines.count > headers else { throw HolomapError.malformedInput(file: path, place: "", reason: "fewer than \(headers + 1) lines") }
        let headerRows = lines[0..<headers].map { $0.split(separator: "\t", omittingEmptySubsequences: false).map(String.init) }
        let width = headerRows[0].count - indexColumns
        var first = headers
        // pandas writes the index names on their own line after a multi-row header.
        if first < lines.count {
            let f = lines[first].split(separator: "\t", omittingEmptySubsequences: false)
            if f.count >= indexColumns, f.dropFirst(indexColumns).allSatisfy({ $0.isEmpty }) { first += 1 }
        }
        var rowLabels: [[String]] = [], values: [Double] = []
        for (k, line) in lines[first...].enumerated() where !line.isEmpty {
            let f = line.split(separator: "\t", omittingEmptySubsequences: false)
            guard f.count == indexColumns + width else {
                throw HolomapError.malformedInput(file: path, place: "line \(first + k + 1)", reason: "\(f.count) fields, expected \(indexColumns + width)")
            }
            rowLabels.append(f[0..<indexColumns].map(String.init))
            for field in f[indexColumns...] {
                guard let v = Double(field), v.isFinite else {
                    throw HolomapError.malformedInput(file: path, place: "line \(first + k + 1)", reason: "not a number: '\(field)'")
                }
                values.append(v)
            }
        }
        return Table(columnLabels: headerRows.map { Array($0[indexColumns...]) }, rowLabels: rowLabels,
                     values: Matrix(rows: rowLabels.count, columns: width, values: values))
    }
}
