import Foundation
import HolomapCore

/// Reads an MRIO stored as wide CSV tables, the layout of the WIOD tables in `../shared/data`
/// and holomap's documented generic layout (docs/consumption.md):
///
/// - `Z.csv`: header `row,<R_S>,...`, then one line per `<R_S>` in the same order (square);
/// - `Y.csv`: header `row,<R_C>,...` (final-demand category C of region R), rows as Z;
/// - `x.csv` (optional): header `row,output`, rows as Z; without it x = Z 1 + Y 1;
/// - `F.csv` (optional): header `stressor,compartment,<R_S>,...`, one line per stressor;
/// - `F_Y.csv` (optional): header `stressor,compartment,<R_C>,...`, stressors as F.
///
/// Labels are region and sector (or category) joined by the first `_` (`CHN_c17`,
/// `USA_CONS_h`); files may be gzip-compressed (`.csv.gz`).
public enum CSVTableReader {
    public struct Files: Sendable {
        public var Z: String, Y: String, x: String?, F: String?, FY: String?
        public init(Z: String, Y: String, x: String? = nil, F: String? = nil, FY: String? = nil) {
            self.Z = Z; self.Y = Y; self.x = x; self.F = F; self.FY = FY
        }
    }

    /// The generic layout in `folder` (each file as `.csv` or `.csv.gz`).
    public static func genericFiles(folder: String, exists: (String) -> Bool) throws -> Files {
        func find(_ name: String, required: Bool) throws -> String? {
            for candidate in ["\(name).csv", "\(name).csv.gz"] {
                let path = (folder as NSString).appendingPathComponent(candidate)
                if exists(path) { return path }
            }
            if required { throw InputError.missingFile(path: (folder as NSString).appendingPathComponent("\(name).csv")) }
            return nil
        }
        return Files(Z: try find("Z", required: true)!, Y: try find("Y", required: true)!,
                     x: try find("x", required: false), F: try find("F", required: false), FY: try find("F_Y", required: false))
    }

    /// The WIOD 2013-release tables of `year` in `folder`
    /// (`wiot2013rel_<year>_Z_intermediate.csv.gz`, `..._Y_final_demand.csv.gz`, `..._x_output.csv`).
    /// They carry no satellite account.
    public static func wiodFiles(folder: String, year: Int, exists: (String) -> Bool) throws -> Files {
        func find(_ stem: String) throws -> String {
            for candidate in ["wiot2013rel_\(year)_\(stem).csv.gz", "wiot2013rel_\(year)_\(stem).csv"] {
                let path = (folder as NSString).appendingPathComponent(candidate)
                if exists(path) { return path }
            }
            throw InputError.missingFile(path: (folder as NSString).appendingPathComponent("wiot2013rel_\(year)_\(stem).csv.gz"))
        }
        return Files(Z: try find("Z_intermediate"), Y: try find("Y_final_demand"), x: try find("x_output"))
    }

    public static func read(_ files: Files, read: ChunkReader) throws -> MRIOSystem {
        let y = try table(files.Y, labelColumns: 1, read)
        let z = try table(files.Z, labelColumns: 1, read, expectedRows: y.rowLabels.count)
        guard z.values.rows == z.values.columns else {
            throw InputError.malformedInput(file: files.Z, place: "", reason: "Z is not square (\(z.values.rows) × \(z.values.columns))")
        }
        let keys = z.rowLabels.map { $0[0] }
        if let k = zip(keys, z.columnLabels[0]).enumerated().first(where: { $0.element.0 != $0.element.1 })?.offset {
            throw InputError.malformedInput(file: files.Z, place: "line \(k + 2)", reason: "row label '\(keys[k])' differs from column label '\(z.columnLabels[0][k])'")
        }
        guard y.rowLabels.map({ $0[0] }) == keys else {
            let k = zip(y.rowLabels.map { $0[0] }, keys).enumerated().first { $0.element.0 != $0.element.1 }?.offset ?? min(y.rowLabels.count, keys.count)
            throw InputError.malformedInput(file: files.Y, place: "line \(k + 2)", reason: "rows do not match Z's (\(y.rowLabels.count) rows; Z has \(keys.count))")
        }
        let split = try keys.enumerated().map { try splitLabel($0.element, file: files.Z, line: $0.offset + 2) }
        var regions: [String] = []
        for (region, _) in split where regions.last != region {
            guard !regions.contains(region) else {
                throw InputError.malformedInput(file: files.Z, place: "", reason: "rows of region \(region) are not together (region-major order expected)")
            }
            regions.append(region)
        }
        let sectors = split.filter { $0.0 == regions[0] }.map(\.1)
        guard regions.count * sectors.count == split.count,
              split.enumerated().allSatisfy({ $0.element.1 == sectors[$0.offset % sectors.count] }) else {
            throw InputError.malformedInput(file: files.Z, place: "", reason: "every region must list the same sectors in the same order")
        }
        let demandRegions = try y.columnLabels[0].map { try splitLabel($0, file: files.Y, line: 1).0 }
        if let unknown = demandRegions.first(where: { !regions.contains($0) }) {
            throw InputError.malformedInput(file: files.Y, place: "line 1", reason: "final-demand region \(unknown) is not a region of Z")
        }
        let x: [Double]
        if let path = files.x {
            let given = try table(path, labelColumns: 1, read)
            guard given.rowLabels.map({ $0[0] }) == keys, given.values.columns == 1 else {
                throw InputError.malformedInput(file: path, place: "", reason: "expected one output column with Z's rows")
            }
            x = given.values.values
        } else {
            x = IOMath.x(Z: z.values, Y: y.values)
        }
        for (r, value) in x.enumerated() where value < 0 {
            throw InputError.malformedInput(file: files.x ?? files.Z, place: "row \(keys[r])", reason: "negative total output \(value)")
        }
        var stressors: [(name: String, compartment: String)] = []
        var F = Matrix(rows: 0, columns: keys.count), FY: Matrix? = nil
        if let path = files.F {
            let f = try table(path, labelColumns: 2, read)
            guard f.columnLabels[0] == keys else { throw InputError.malformedInput(file: path, place: "line 1", reason: "columns do not match Z's rows") }
            stressors = f.rowLabels.map { ($0[0], $0[1]) }
            F = f.values
            if let path = files.FY {
                let fy = try table(path, labelColumns: 2, read)
                guard fy.columnLabels == y.columnLabels else { throw InputError.malformedInput(file: path, place: "line 1", reason: "columns do not match Y's") }
                guard fy.rowLabels.map({ $0[0] }) == stressors.map(\.name) else { throw InputError.malformedInput(file: path, place: "", reason: "stressors do not match F's") }
                FY = fy.values
            }
        }
        return MRIOSystem(regions: regions, sectors: sectors, Z: z.values, Y: y.values, finalDemandRegions: demandRegions,
                          stressors: stressors, F: F, FY: FY, x: x)
    }

    static func splitLabel(_ label: String, file: String, line: Int) throws -> (String, String) {
        guard let cut = label.firstIndex(of: "_"), cut != label.startIndex, label.index(after: cut) != label.endIndex else {
            throw InputError.malformedInput(file: file, place: "line \(line)", reason: "label '\(label)' is not REGION_SECTOR")
        }
        return (String(label[..<cut]), String(label[label.index(after: cut)...]))
    }

    /// One wide table (one header row); its column labels are `columnLabels[0]`.
    static func table(_ path: String, labelColumns: Int, _ read: ChunkReader, expectedRows: Int? = nil) throws -> LabelledMatrix {
        let t = try DelimitedTableParser.parse(path: path, separator: UInt8(ascii: ","), headerRows: 1, labelColumns: labelColumns,
                                               skipIndexNameLine: false, expectedRows: expectedRows, read: read)
        guard !t.rowLabels.isEmpty else { throw InputError.malformedInput(file: path, place: "", reason: "no data lines") }
        return t.labelled(labelColumns: labelColumns)
    }
}
