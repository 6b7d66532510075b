import Foundation
import HolomapBridge
import HolomapCore
import HolomapExport

/// `holomap natural`: national and global natural CO2 sources and sinks (land sink, land-use
/// change, fire by GFED type, fire CH4 and N2O) on a lat/lon grid, summed by country with exact
/// coverage fractions, into a long CSV `iso3,year,component,value,unit` (Mt per year, emissions
/// positive, removals negative). WORLD rows are the source integrals; `ocean_sink` is WORLD only.
public struct NaturalJob {
    public var paths: NaturalPaths
    public var year: Int
    public var fireYearPolicy: FireYearPolicy = .error
    public var grid: String
    public var boundaries: String
    public var idField: String?
    /// nil: every country of the boundaries.
    public var countries: [String]?
    public var output: String
    public var overwrite = false
    public var progress: ProgressHandler = { _ in }

    public init(paths: NaturalPaths, year: Int, grid: String, boundaries: String, idField: String?, countries: [String]?, output: String) {
        self.paths = paths; self.year = year; self.grid = grid; self.boundaries = boundaries
        self.idField = idField; self.countries = countries; self.output = output
    }

    public struct Row: Sendable, Equatable {
        public var iso3: String
        public var component: String
        /// Mt of the unit's gas per year.
        public var value: Double
        public var unit: String
    }

    public struct Result: Sendable {
        public var rows: [Row]
        public var fireYear: FireYear
        /// Largest |gridded − table| / |table| over regions × fire types × species (land-cover grid).
        public var fireRegionError: Double
        /// Largest |Σ target grid − source integral| / |source integral| over the components
        /// (nil when the target grid is not global).
        public var conservationError: Double?
        public var fallbacks: [FireGridding.Fallback]
        public var notes: [String]
    }

    /// The components in CSV order, after the per-type fire components.
    public static let co2Unit = "Mt CO2/yr"

    @discardableResult
    public func run() throws -> Result {
        if !overwrite, FileManager.default.fileExists(atPath: output) { throw InputError.outputExists(path: output) }
        let target = try GridLoader.load(grid)
        let source = try BoundaryLoader.open(boundaries, idField: idField)
        for note in source.notes { progress(.note(note)) }
        let codes = countries ?? source.codes
        try source.checkCodes(codes)
        let data = try NaturalData.load(paths, year: year, policy: fireYearPolicy, progress: progress)
        var notes: [String] = []
        if case .year(let y) = data.fireYear, y != year { notes.append("fire: \(year) is outside GFED4.1s's years; the nearest, \(y), is used") }
        if case .mean(let r) = data.fireYear { notes.append("fire: \(year) is outside GFED4.1s's years; the \(r.lowerBound)–\(r.upperBound) mean is used") }
        notes.append("land_sink and land_use_change are GCB 2023 means of 2013–2022, whatever the year")

        progress(.step("natural: coverage of \(codes.count) countries on \(target.name) (\(target.width)×\(target.height))"))
        var coverages = try CoverageJob.coverages(codes, from: source, on: target, progress: progress).coverages
        if let dcw = source as? DCWBoundaries { coverages = BuildJob.cutOut(coverages, dcw.cutOuts) }
        let global = target.wrapsLongitude && target.minY <= -90 + 1e-9 && target.maxY >= 90 - 1e-9

        // One component at a time onto the target (fine fire fields are large): source integral,
        // national sums, and the target's own total, which a global grid must keep.
        var world: [String: Double] = [:], national: [String: [Double]] = [:]
        var conservation = 0.0
        // A projected target: each source grid's centre shares, made once (docs/natural.md#projected-grids).
        let areas = target.crs.isGeographic ? nil : try CellAreas.table(target)
        var shares: [CentreShares] = []
        func add(_ name: String, _ field: CellAmounts) throws {
            progress(.step("natural: \(name) onto \(target.name)"))
            let remapped: any RowField
            if let areas {
                if !shares.contains(where: { $0.source == field.grid }) {
                    shares.append(try ProjectedShares.centreShares(source: field.grid, target: target, areas: areas))
                }
                remapped = CentreSharesField(field.values, shares: shares.first { $0.source == field.grid }!)
            } else {
                remapped = LatLonRemapField(field.values, from: field.grid, to: target)
            }
            let sums = NationalSums.sums(remapped, height: target.height, coverages: coverages)
            let integral = field.total
            world[name] = integral
            national[name] = sums.countries
            if integral != 0 { conservation = max(conservation, abs(sums.total - integral) / abs(integral)) }
        }
        try add("land_sink", data.landSink)
        try add("land_use_change", data.landUseChange)
        let gridding = data.fireGridding
        var fireError = 0.0
        var fallbacks: [FireGridding.Fallback] = []
        for species in NaturalPaths.species {
            let tonnes = data.fireTonnes(species)
            if species == "CO2" { fallbacks = gridding.fallbacks(tonnes) }
            let types: [[FireType]] = species == "CO2" ? FireType.allCases.map { [$0] } : [FireType.allCases]
            for group in types {
                let amounts = Dictionary(uniqueKeysWithValues: group.map { ($0, tonnes[$0]!) })
                let field = gridding.field(amounts)
                // Every region gets its table amount back (unless it has no land-cover cell).
                let regional = gridding.regionSums(field)
                for k in 0..<FireTable.regions.count {
                    let want = group.reduce(0) { $0 + tonnes[$1]![k] }
                    guard want != 0, gridding.classes(for: group[0], region: k + 1).1 != "nowhere" else { continue }
                    fireError = max(fireError, abs(regional[k + 1] - want) / abs(want))
                }
                try add(group.count == 1 ? "fire_\(group[0].rawValue)" : "fire_\(species.lowercased())", field)
            }
        }
        for f in fallbacks { notes.append("fire: \(f.type.rawValue) in \(f.region) (\(Self.mt(f.tonnes)) Mt CO2): no IGBP \(f.type.igbpClasses.sorted().map(String.init).joined(separator: ",")) there; spread over \(f.spreadOver)") }
        guard fireError <= 1e-9 else { throw InternalError("fire: a region's gridded sum differs from its table by \(fireError) (relative)") }
        if global, conservation > 1e-9 { throw InternalError("natural: remapping onto \(target.name) changed a global integral by \(conservation) (relative)") }

        let rows = assemble(codes: coverages.map(\.code), world: world, national: national, data: data, notes: &notes)
        try write(rows)
        for note in notes { progress(.note(note)) }
        return Result(rows: rows, fireYear: data.fireYear, fireRegionError: fireError, conservationError: global ? conservation : nil,
                      fallbacks: fallbacks, notes: notes)
    }

    static func mt(_ tonnes: Double) -> String { String(format: "%.3f", tonnes / 1e6) }

    /// Rows in CSV order: WORLD first (with ocean_sink), then countries by code.
    func assemble(codes: [String], world: [String: Double], national: [String: [Double]], data: NaturalData, notes: inout [String]) -> [Row] {
        let fireTypes = FireType.allCases.map { "fire_\($0.rawValue)" }
        func rows(_ iso3: String, _ value: (String) -> Double) -> [Row] {
            var out: [Row] = []
            let sink = value("land_sink"), luc = value("land_use_change")
            out.append(Row(iso3: iso3, component: "land_sink", value: sink / 1e6, unit: Self.co2Unit))
            out.append(Row(iso3: iso3, component: "land_use_change", value: luc / 1e6, unit: Self.co2Unit))
            var fire = 0.0
            for name in fireTypes {
                let v = value(name)
                fire += v
                out.append(Row(iso3: iso3, component: name, value: v / 1e6, unit: Self.co2Unit))
            }
            out.append(Row(iso3: iso3, component: "fire", value: fire / 1e6, unit: Self.co2Unit))
            out.append(Row(iso3: iso3, component: "natural_net", value: (luc + sink) / 1e6, unit: Self.co2Unit))
            out.append(Row(iso3: iso3, component: "fire_ch4", value: value("fire_ch4") / 1e6, unit: "Mt CH4/yr"))
            out.append(Row(iso3: iso3, component: "fire_n2o", value: value("fire_n2o") / 1e6, unit: "Mt N2O/yr"))
            return out
        }
        var out = rows("WORLD") { world[$0]! }
        // The ocean sink (GtC/yr in the workbook) of the year asked for: a removal.
        if let ocean = data.budget.value("ocean sink", year: year) {
            out.append(Row(iso3: "WORLD", component: "ocean_sink", value: -ocean * 1000 * FluxUnits.co2PerCarbon, unit: Self.co2Unit))
        } else {
            notes.append("ocean_sink: \(data.budget.file) has no ocean sink for \(year) (years \(data.budget.years.first!)–\(data.budget.years.last!)); no row")
        }
        if let table = data.fire["CO2"], let stated = table.globalTonnes(nil, data.fireYear) {
            notes.append("fire \(data.fireYear): the table's Global row (all types) is \(Self.mt(stated)) Mt CO2; its regional rows by type add up to \(Self.mt(FireType.allCases.reduce(0) { $0 + world["fire_\($1.rawValue)"]! })) (the rows are rounded to \(Self.mt(table.tonnesPerUnit)) Mt)")
        }
        let order = codes.indices.sorted { codes[$0] < codes[$1] }
        var inCountries = 0.0
        for k in order {
            out += rows(codes[k]) { national[$0]![k] }
            inCountries += national["land_sink"]![k]
        }
        if countries == nil, world["land_sink"]! != 0 {
            notes.append(String(format: "land_sink: %.2f %% of the world's lies in cells outside every country's coverage (coasts, Antarctica, water)",
                                100 * (1 - inCountries / world["land_sink"]!)))
        }
        return out
    }

    func write(_ rows: [Row]) throws {
        var text = "iso3,year,component,value,unit\n"
        for row in rows { text += "\(row.iso3),\(year),\(row.component),\(String(format: "%.12g", row.value)),\(row.unit)\n" }
        try AtomicFile.write(to: output, overwrite: overwrite) { temporary in
            do { try text.write(toFile: temporary, atomically: false, encoding: .utf8) } catch {
                throw IOError(path: output, operation: "write", reason: error.localizedDescription)
            }
        }
    }
}
