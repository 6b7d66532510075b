import Foundation
import HolomapBridge
import HolomapCore
import HolomapExport

/// `holomap coverage`: exact coverage fractions of countries on a grid, written as a COG
/// (one band per country), CF NetCDF or PNG, with an optional per-country summary CSV.
public struct CoverageJob {
    public var boundaries: String
    public var idField: String?
    public var grid: String
    /// ISO3 codes, or ["all"].
    public var countries: [String]
    public var output: String?
    public var summary: String?
    /// Sparse per-cell CSV: iso3,row,col,fraction for every covered cell.
    public var cells: String?
    public var overwrite = false
    public var compression: COGExporter.Compression = .deflate
    public var progress: ProgressHandler = { _ in }

    public init(boundaries: String, idField: String?, grid: String, countries: [String], output: String?, summary: String?) {
        self.boundaries = boundaries; self.idField = idField; self.grid = grid
        self.countries = countries; self.output = output; self.summary = summary
    }

    public struct Result {
        public var grid: Grid
        public var coverages: [SparseCoverage]
        public var notes: [String]
    }

    /// The COG's compression.
    public typealias Compression = COGExporter.Compression

    public enum FileFormat: String { case cog, netcdf, png
        public static func of(_ path: String) -> FileFormat? {
            switch URL(fileURLWithPath: path).pathExtension.lowercased() {
            case "tif", "tiff": return .cog
            case "nc", "nc4": return .netcdf
            case "png": return .png
            default: return nil
            }
        }
    }

    @discardableResult
    public func run() throws -> Result {
        // Refuse to start when an output exists, before any long work.
        for path in [output, summary, cells].compactMap({ $0 }) where !overwrite && FileManager.default.fileExists(atPath: path) {
            throw InputError.outputExists(path: path)
        }
        let grid = try GridLoader.load(self.grid)
        let source = try BoundaryLoader.open(boundaries, idField: idField)
        let codes = countries == ["all"] ? source.codes : countries
        try source.checkCodes(codes)
        if let output, FileFormat.of(output) == nil {
            throw InputError.invalidArgument("\(output): unknown output format (use .tif, .nc or .png)")
        }
        if let output, FileFormat.of(output) == .png, codes.count != 1 {
            throw InputError.invalidArgument("\(output): a PNG holds one country; got \(codes.count)")
        }
        progress(.step("coverage: \(codes.count) countries on \(grid.name) (\(grid.width)×\(grid.height))"))

        let (sourceRegions, coverages) = try CoverageJob.coverages(codes, from: source, on: grid, progress: progress)

        if let output { try write(coverages, grid: grid, to: output, format: FileFormat.of(output)!) }
        if let summary {
            try writeSummary(coverages, geographicRegions: source.crs.isGeographic ? sourceRegions : [], grid: grid, to: summary)
        }
        if let cells { try writeCells(coverages, to: cells) }
        return Result(grid: grid, coverages: coverages, notes: source.notes)
    }

    /// Regions of `codes` as the source holds them, and their coverage of the grid.
    public static func coverages(_ codes: [String], from source: BoundarySource, on grid: Grid,
                                 progress: @escaping ProgressHandler) throws -> (sourceRegions: [Region], coverages: [SparseCoverage]) {
        // Reading and reprojecting call C libraries that are not thread-safe: do them in order.
        let sourceRegions = try codes.map { try source.region($0) }
        let project = try source.projector(to: grid)
        let regions = try sourceRegions.map(project)
        return (sourceRegions, computeInParallel(regions, grid, progress: progress))
    }

    /// Coverage of every region, in parallel, largest first; progress every tenth.
    public static func computeInParallel(_ regions: [Region], _ grid: Grid, progress: @escaping ProgressHandler) -> [SparseCoverage] {
        let total = regions.count
        // Largest first, so one big country does not finish last on its own.
        let size = regions.map { $0.rings.reduce(0) { $0 + $1.points.count } }
        let order = regions.indices.sorted { size[$0] > size[$1] }
        return Parallel.map(regions.count, order: order, completed: { done in
            progress(.fraction(label: "coverage", done: done, total: total))
        }) { CoverageEngine.coverage(of: regions[$0], on: grid) }
    }

    func raster(_ coverages: [SparseCoverage], grid: Grid) -> InMemoryRaster {
        var raster = InMemoryRaster(grid: grid, metadata: [("holomap_product", "coverage"), ("holomap_boundaries", boundaries)])
        for coverage in coverages {
            let band = FloatBuffer(count: grid.cellCount)
            coverage.fill(band.pointer)
            raster.addBand(BandInfo(name: coverage.code, longName: "fraction of cell covered by \(coverage.code)",
                                    units: "1", standardName: "area_fraction"), band)
        }
        return raster
    }

    func write(_ coverages: [SparseCoverage], grid: Grid, to path: String, format: FileFormat) throws {
        let raster = raster(coverages, grid: grid)
        switch format {
        case .cog:
            progress(.step("coverage: writing COG \(path)"))
            try COGExporter.write(raster, to: path, overwrite: overwrite, compression: compression)
        case .netcdf:
            progress(.step("coverage: writing NetCDF \(path)"))
            try CFNetCDFExporter.write(raster, to: path, overwrite: overwrite,
                                       title: "holomap coverage fractions", cellAreas: try CellAreas.table(grid))
        case .png:
            try PNGExporter.writeGray(raster, band: 0, to: path, overwrite: overwrite)
        }
    }

    func writeCells(_ coverages: [SparseCoverage], to path: String) throws {
        try AtomicFile.write(to: path, overwrite: overwrite) { temporary in
            guard let stream = OutputStream(toFileAtPath: temporary, append: false) else {
                throw IOError(path: path, operation: "write", reason: "cannot open for writing")
            }
            stream.open()
            defer { stream.close() }
            var buffer = "iso3,row,col,fraction\n"
            func flush() throws {
                let bytes = Array(buffer.utf8)
                guard stream.write(bytes, maxLength: bytes.count) == bytes.count else {
                    throw IOError(path: path, operation: "write", reason: stream.streamError.map { "\($0)" } ?? "write failed")
                }
                buffer.removeAll(keepingCapacity: true)
            }
            for coverage in coverages {
                coverage.forEachCell { row, column, fraction in
                    // %.17g round-trips a Double exactly.
                    buffer += "\(coverage.code),\(row),\(column),\(fraction == 1 ? "1" : String(format: "%.17g", fraction))\n"
                }
                if buffer.utf8.count > 1 << 20 { try flush() }
            }
            try flush()
        }
    }

    /// code, cells, covered area (Σ fraction × cell area) and the polygon's geodesic area, in km².
    func writeSummary(_ coverages: [SparseCoverage], geographicRegions: [Region], grid: Grid, to path: String) throws {
        let areas = try CellAreas.table(grid)
        let polygonAreas = Parallel.map(geographicRegions.count) { Geodesic().area(of: geographicRegions[$0]) / 1e6 }
        var text = "iso3,cells,covered_area_km2,polygon_area_km2,relative_difference\n"
        for (k, coverage) in coverages.enumerated() {
            let covered = areas.coveredArea(coverage) / 1e6
            var polygonText = "", differenceText = ""
            if k < polygonAreas.count {
                let polygon = polygonAreas[k]
                polygonText = String(format: "%.6f", polygon)
                differenceText = polygon > 0 ? String(format: "%.3e", covered / polygon - 1) : ""
            }
            text += "\(coverage.code),\(coverage.cellCount),\(String(format: "%.6f", covered)),\(polygonText),\(differenceText)\n"
        }
        try AtomicFile.write(to: path, overwrite: overwrite) { temporary in
            try text.write(toFile: temporary, atomically: false, encoding: .utf8)
        }
    }
}
