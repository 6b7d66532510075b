import Foundation
import HolomapCore

/// Reads pymrio's text storage (`IOSystem.save_all(table_format="txt")`): `file_parameters.json`
/// naming each file with its number of index columns and header rows, tab-separated `Z.txt`,
/// `Y.txt`, and extension folders with `F.txt` and `F_Y.txt`.
public enum PymrioReader {
    struct FileParameters: Decodable {
        struct File: Decodable { var name: String; var nr_index_col: String; var nr_header: String }
        var files: [String: File]
    }

    /// `extensionName`: the folder of the satellite account (for example `emissions`).
    public static func read(folder: URL, extensionName: String, readText: (String) throws -> String, readChunks: ChunkReader) throws -> MRIOSystem {
        let core = try parameters(folder, readText)
        let y = try table(folder, core, "Y", readChunks)
        // EXIOBASE ships A and x instead of Z: Z = A x̂, as pymrio rebuilds it.
        let given = core.files["x"] != nil ? try table(folder, core, "x", readChunks) : nil
        var z: LabelledMatrix
        if core.files["Z"] != nil || given == nil || core.files["A"] == nil {
            z = try table(folder, core, "Z", readChunks, expectedRows: y.rowLabels.count)
        } else {
            z = try table(folder, core, "A", readChunks, expectedRows: y.rowLabels.count)
            let path = folder.appendingPathComponent(core.files["A"]!.name).path
            guard let given, given.rowLabels == z.rowLabels, given.values.columns == 1, z.values.rows == z.values.columns else {
                throw InputError.malformedInput(file: path, place: "", reason: "A must be square with x.txt's rows")
            }
            let n = z.values.columns
            for r in 0..<z.values.rows { for c in 0..<n { z.values.values[r * n + c] *= given.values.values[c] } }
        }
        let extFolder = folder.appendingPathComponent(extensionName)
        let ext = try parameters(extFolder, readText)
        let f = try table(extFolder, ext, "F", readChunks)
        // EXIOBASE 3 names the final-demand satellite F_hh.
        let fyKey = ext.files["F_Y"] != nil ? "F_Y" : ext.files["F_hh"] != nil ? "F_hh" : nil
        let fy = try fyKey.map { try table(extFolder, ext, $0, readChunks) }
        let zPath = folder.appendingPathComponent(core.files["Z"]?.name ?? core.files["A"]!.name).path

        guard z.values.rows == z.values.columns else {
            throw InputError.malformedInput(file: zPath, place: "", reason: "Z is not square (\(z.values.rows) × \(z.values.columns))")
        }
        let columnKeys = (0..<z.values.columns).map { c in z.columnLabels.map { $0[c] } }
        guard columnKeys == z.rowLabels else {
            let k = zip(columnKeys, z.rowLabels).enumerated().first { $0.element.0 != $0.element.1 }?.offset ?? 0
            throw InputError.malformedInput(file: zPath, place: "row \(k + 1)", reason: "row and column labels of Z differ")
        }
        guard y.rowLabels == z.rowLabels else {
            throw InputError.malformedInput(file: folder.appendingPathComponent(core.files["Y"]!.name).path, place: "", reason: "Y's rows do not match Z's")
        }
        let fPath = extFolder.appendingPathComponent(ext.files["F"]!.name).path
        guard (0..<f.values.columns).map({ c in f.columnLabels.map { $0[c] } }) == columnKeys else {
            throw InputError.malformedInput(file: fPath, place: "", reason: "F's columns do not match Z's")
        }
        if let fy, let fyKey, let spec = ext.files[fyKey] {
            let fyPath = extFolder.appendingPathComponent(spec.name).path
            guard fy.values.columns == y.values.columns, fy.columnLabels == y.columnLabels else {
                throw InputError.malformedInput(file: fyPath, place: "", reason: "\(fyKey)'s \(fy.values.columns) columns do not match Y's \(y.values.columns) final-demand columns")
            }
            guard fy.rowLabels == f.rowLabels else {
                throw InputError.malformedInput(file: fyPath, place: "", reason: "\(fyKey)'s \(fy.values.rows) stressor rows do not match F's \(f.values.rows)")
            }
        }
        var regions: [String] = []
        for key in z.rowLabels where !regions.contains(key[0]) { regions.append(key[0]) }
        let sectors = z.rowLabels.filter { $0[0] == regions[0] }.map { $0.count > 1 ? $0[1] : "" }
        guard regions.count * sectors.count == z.values.rows,
              z.rowLabels.enumerated().allSatisfy({ $0.element[0] == regions[$0.offset / sectors.count] && ($0.element.count < 2 || $0.element[1] == sectors[$0.offset % sectors.count]) }) else {
            throw InputError.malformedInput(file: zPath, place: "", reason: "rows are not regions × the same sectors in region-major order")
        }
        if let given, given.rowLabels != z.rowLabels || given.values.columns != 1 {
            throw InputError.malformedInput(file: folder.appendingPathComponent(core.files["x"]!.name).path, place: "", reason: "expected one output column with Z's rows")
        }
        let output = given?.values.values ?? IOMath.x(Z: z.values, Y: y.values)
        for (r, x) in output.enumerated() where x < 0 {
            throw InputError.malformedInput(file: zPath, place: "row \(r + 1) (\(z.rowLabels[r].joined(separator: "/")))", reason: "negative total output \(x)")
        }
        return MRIOSystem(regions: regions, sectors: sectors, Z: z.values, Y: y.values, finalDemandRegions: y.columnLabels[0],
                          stressors: f.rowLabels.map { ($0[0], $0.count > 1 ? $0[1] : "") }, F: f.values, FY: fy?.values, x: output)
    }

    /// Every extension of the system (each sub-folder with a `file_parameters.json`), their
    /// stressors stacked in folder order; an extension without F_Y contributes zeros.
    public static func read(folder: URL, extensions: [String], readText: (String) throws -> String, readChunks: ChunkReader) throws -> MRIOSystem {
        guard let first = extensions.first else {
            throw InputError.malformedInput(file: folder.path, place: "", reason: "no extension folder (with F.txt) to account")
        }
        var system = try read(folder: folder, extensionName: first, readText: readText, readChunks: readChunks)
        for name in extensions.dropFirst() {
            let next = try read(folder: folder, extensionName: name, readText: readText, readChunks: readChunks)
            system.stressors += next.stressors
            system.F = Matrix(rows: system.F.rows + next.F.rows, columns: system.F.columns, values: system.F.values + next.F.values)
            let fy = system.FY ?? Matrix(rows: system.F.rows - next.F.rows, columns: system.Y.columns)
            let nextFY = next.FY ?? Matrix(rows: next.F.rows, columns: system.Y.columns)
            system.FY = Matrix(rows: fy.rows + nextFY.rows, columns: fy.columns, values: fy.values + nextFY.values)
        }
        return system
    }

    /// An EXIOBASE 3 archive as distributed (`IOT_<year>_ixi.zip` or `_pxp`): pymrio's text
    /// layout inside a zip, in its root or one folder down, with the satellite account in
    /// `satellite/`. `zipPath` is opened through `/vsizip/`; `list` lists the archive.
    public static func readExiobase(zipPath: String, list: (String) throws -> [String], readText: (String) throws -> String, readChunks: ChunkReader) throws -> MRIOSystem {
        let archive = "/vsizip/" + zipPath
        let entries = try list(archive)
        let roots = entries.filter { $0.hasSuffix("file_parameters.json") }.map { String($0.dropLast("file_parameters.json".count)) }
        guard let root = roots.filter({ roots.contains($0 + "satellite/") }).min(by: { $0.count < $1.count }) else {
            throw InputError.malformedInput(file: zipPath, place: "", reason: "no EXIOBASE layout (file_parameters.json beside a satellite/ folder)")
        }
        let folder = URL(fileURLWithPath: archive).appendingPathComponent(root)
        return try read(folder: folder, extensionName: "satellite", readText: readText, readChunks: readChunks)
    }

    static func parameters(_ folder: URL, _ readText: (String) throws -> String) throws -> FileParameters {
        let path = folder.appendingPathComponent("file_parameters.json").path
        do {
            return try JSONDecoder().decode(FileParameters.self, from: Data(try readText(path).utf8))
        } catch let error as InputError {
            throw error
        } catch {
            throw InputError.malformedInput(file: path, place: "", reason: "not pymrio file parameters: \(error)")
        }
    }

    static func table(_ folder: URL, _ p: FileParameters, _ key: String, _ read: ChunkReader, expectedRows: Int? = nil) throws -> LabelledMatrix {
        guard let spec = p.files[key], let indexColumns = Int(spec.nr_index_col), let headers = Int(spec.nr_header) else {
            throw InputError.malformedInput(file: folder.appendingPathComponent("file_parameters.json").path, place: key, reason: "no entry for \(key)")
        }
        let path = folder.appendingPathComponent(spec.name).path
        return try DelimitedTableParser.parse(path: path, separator: UInt8(ascii: "\t"), headerRows: headers, labelColumns: indexColumns,
                                              skipIndexNameLine: true, expectedRows: expectedRows, read: read).labelled(labelColumns: indexColumns)
    }
}
