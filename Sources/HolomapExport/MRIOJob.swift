import Foundation
import HolomapBridge
import HolomapCore

/// Loading an MRIO in any supported layout, giving it a satellite when it has none, and
/// writing its accounts as CSV (`holomap mrio`, `holomap adjustments --source mrio`).
public enum MRIOJob {
    public enum Format: String, CaseIterable, Sendable { case pymrio, wiod, csv, exiobase }

    /// National territorial totals to split across sectors, for tables without an emissions
    /// account (WIOD 2013): a published file (GCB or OWID) and optionally the WIOD
    /// environmental accounts (CO2 by country × NACE Rev. 2 sector) for the split.
    public struct Satellite: Sendable {
        public var source: Adjustments.Source
        public var path: String
        public var sectorShares: String?
        public init(source: Adjustments.Source, path: String, sectorShares: String?) {
            self.source = source; self.path = path; self.sectorShares = sectorShares
        }
    }

    public struct Loaded {
        public var system: MRIOSystem
        /// How the satellite was made, and every region that fell back (for the user).
        public var notes: [String]
    }

    /// WIOD 2013 writes Romania with its former code.
    static let wiodRegionCodes = ["ROM": "ROU"]

    public static func load(format: Format, dir: String, year: Int?, satellite: Satellite?) throws -> Loaded {
        let read: (String) throws -> String = { try TextFile.read($0) }
        let chunks: ChunkReader = { try TextFile.forEachChunk($0, $1) }
        if format != .csv, !FileManager.default.fileExists(atPath: dir) { throw HolomapError.missingFile(path: dir) }
        var system: MRIOSystem
        var notes: [String] = []
        switch format {
        case .pymrio:
            let extensions = try VirtualFiles.listRecursively(dir)
                .filter { $0.hasSuffix("/file_parameters.json") && $0.split(separator: "/").count == 2 }
                .map { String($0.split(separator: "/")[0]) }
            system = try PymrioReader.read(folder: URL(fileURLWithPath: dir), extensions: extensions, readText: read, readChunks: chunks)
        case .exiobase:
            system = try PymrioReader.readExiobase(zipPath: dir, list: { try VirtualFiles.listRecursively($0) }, readText: read, readChunks: chunks)
        case .csv:
            system = try CSVTableReader.read(try CSVTableReader.genericFiles(folder: dir, exists: VirtualFiles.isFile), read: chunks)
        case .wiod:
            guard let year else { throw HolomapError.invalidArgument("--format wiod needs --year (the table's year)") }
            system = try CSVTableReader.read(try CSVTableReader.wiodFiles(folder: dir, year: year, exists: VirtualFiles.isFile), read: chunks)
            // WIOD's x is rounded to integers (|Z 1 + Y 1 − x| up to about 100 M$): the identity
            // x = Z 1 + Y 1 is used instead, so that footprints add up to the territorial total.
            let identity = IOMath.x(Z: system.Z, Y: system.Y)
            let worst = zip(system.output, identity).map { abs($0 - $1) }.max() ?? 0
            system.x = identity
            notes.append("x = Z 1 + Y 1 (the table's rounded x differs by up to \(worst))")
            system.regions = system.regions.map { wiodRegionCodes[$0] ?? $0 }
            system.finalDemandRegions = system.finalDemandRegions.map { wiodRegionCodes[$0] ?? $0 }
            guard satellite != nil else {
                throw HolomapError.invalidArgument("the WIOD 2013 table has no emissions account: give --territorial FILE (GCB or OWID totals to split across sectors)")
            }
        }
        var loaded = try withSatellite(&system, satellite, year: year)
        loaded.notes = notes + loaded.notes
        return loaded
    }

    /// With `satellite`, replaces the system's accounts with national CO2 totals split across
    /// sectors; the region `RoW` gets the world total (less bunkers) minus the other regions.
    static func withSatellite(_ system: inout MRIOSystem, _ satellite: Satellite?, year: Int?) throws -> Loaded {
        guard let satellite else {
            guard !system.stressors.isEmpty else { throw HolomapError.invalidArgument("the table has no satellite account: give --territorial FILE") }
            return Loaded(system: system, notes: [])
        }
        guard let year else { throw HolomapError.invalidArgument("--territorial needs --year") }
        let records = try Adjustments.records(satellite.source, path: satellite.path, year: year)
        var totals: [String: Double] = [:]
        for r in records { if let iso3 = r.iso3, let t = r.territorial { totals[iso3] = t } }
        var notes = ["satellite: \(satellite.source.rawValue) territorial CO2 \(year) (\(satellite.path)), Mt CO2"]
        if system.regions.contains("RoW") {
            let world = records.first { $0.name == "World" }?.territorial
            let bunkers = records.first { $0.name == "Bunkers" || $0.name == "International transport" }?.territorial ?? 0
            guard let world else { throw HolomapError.malformedInput(file: satellite.path, place: "", reason: "no World row for \(year), needed for RoW") }
            var rest = world - bunkers
            for region in system.regions where region != "RoW" {
                guard let t = totals[region] else {
                    throw HolomapError.malformedInput(file: satellite.path, place: "", reason: "no territorial value for \(region) in \(year)")
                }
                rest -= t
            }
            totals["RoW"] = rest
            notes.append("RoW = World − bunkers (\(bunkers)) − the table's other regions = \(rest)")
        }
        var weights: [String: [String: Double]] = [:]
        if let shares = satellite.sectorShares {
            weights = try wiodSectorWeights(path: shares, year: year, regions: system.regions, sectors: system.sectors)
            notes.append("sector split: CO2 by sector from \(shares), NACE Rev. 2 → table sectors by boundaries/nace2-to-wiod35.csv")
        } else {
            notes.append("sector split: gross output (no --sector-shares)")
        }
        let (allocated, fallbacks) = try NationalSatellite.allocate(system, stressor: ("CO2", "air"), totals: totals, weights: weights)
        system = allocated
        notes += fallbacks.filter { _ in satellite.sectorShares != nil }.map { "fallback: \($0.region): \($0.reason)" }
        return Loaded(system: system, notes: notes)
    }

    /// CO2 by region × table sector from the WIOD environmental accounts
    /// (`country,sector,year,co2_kt`, NACE Rev. 2): each NACE sector's CO2 goes to its WIOD-2013
    /// industry; `RoW` gets every account region that is not a region of the table.
    static func wiodSectorWeights(path: String, year: Int, regions: [String], sectors: [String]) throws -> [String: [String: Double]] {
        let concordancePath = try Resources.folder("boundaries").appendingPathComponent("nace2-to-wiod35.csv").path
        var toTable: [String: String] = [:]
        for (line, f) in CSVReader(try TextFile.read(concordancePath)) where line > 1 && f.count >= 2 { toTable[f[0]] = f[1] }
        let tableRegions = Set(regions)
        var weights: [String: [String: Double]] = [:]
        var header: [String: Int] = [:]
        for (line, f) in CSVReader(try TextFile.read(path)) {
            if line == 1 {
                for (i, name) in f.enumerated() { header[name] = i }
                for column in ["country", "sector", "year", "co2_kt"] where header[column] == nil {
                    throw HolomapError.malformedInput(file: path, place: "line 1", reason: "no column '\(column)'")
                }
                continue
            }
            guard f.count == header.count, Int(f[header["year"]!]) == year else { continue }
            let nace = f[header["sector"]!]
            guard let sector = toTable[nace] else {
                throw HolomapError.malformedInput(file: path, place: "line \(line)", reason: "sector '\(nace)' is not in boundaries/nace2-to-wiod35.csv")
            }
            guard let value = Double(f[header["co2_kt"]!]), value.isFinite else {
                throw HolomapError.malformedInput(file: path, place: "line \(line)", reason: "not a number: '\(f[header["co2_kt"]!])'")
            }
            let country = f[header["country"]!]
            let region = tableRegions.contains(country) ? country : "RoW"
            weights[region, default: [:]][sector, default: 0] += max(value, 0)
        }
        guard !weights.isEmpty else { throw HolomapError.malformedInput(file: path, place: "", reason: "no values for year \(year)") }
        return weights
    }

    /// One line naming the sectors with zero output (their A and S columns are zero), or nil.
    public static func zeroOutputNote(_ accounts: RegionalAccounts, sectors: [String]) -> String? {
        guard !accounts.zeroOutputSectors.isEmpty else { return nil }
        let names = accounts.zeroOutputSectors.prefix(10).map { accounts.regions[$0 / sectors.count] + "_" + sectors[$0 % sectors.count] }
        return "\(accounts.zeroOutputSectors.count) sectors have zero output (their coefficients are zero): \(names.joined(separator: ", "))\(accounts.zeroOutputSectors.count > 10 ? ", …" : "")"
    }

    /// Adjustment rows from an MRIO's CO2 accounts (the stressor named CO2, or the first):
    /// territorial = D_pba, consumption = D_cba. Regions that are not ISO 3166 countries (RoW)
    /// are returned as `notCountries`.
    public static func adjustments(_ accounts: RegionalAccounts, year: Int, countries: [String]?, source: String) throws -> (rows: [Adjustments.Row], notCountries: [String]) {
        let s = accounts.stressors.firstIndex { $0.name.uppercased() == "CO2" } ?? 0
        let known = Set(try CountryCodes.load().nameByAlpha3.keys)
        var rows: [Adjustments.Row] = [], notCountries: [String] = []
        for (r, region) in accounts.regions.enumerated() {
            guard known.contains(region) else { notCountries.append(region); continue }
            guard accounts.D_pba[s, r] > 0 else { continue }
            rows.append(Adjustments.Row(iso3: region, year: year, territorial: accounts.D_pba[s, r], consumption: accounts.D_cba[s, r]))
        }
        rows.sort { $0.iso3 < $1.iso3 }
        if let countries {
            if let missing = countries.first(where: { c in !rows.contains { $0.iso3 == c } }) {
                throw HolomapError.malformedInput(file: source, place: "", reason: "\(missing) is not a region of the table")
            }
            rows = rows.filter { countries.contains($0.iso3) }
        }
        return (rows, notCountries)
    }

    /// Long CSV `account,region,stressor,compartment,value`: D_cba, D_pba, D_imp, D_exp as
    /// pymrio defines them, then D_cba_eebt (the EEBT consumption account) when given.
    public static func footprintsCSV(_ a: RegionalAccounts, eebtConsumption: Matrix?) -> String {
        var out = "account,region,stressor,compartment,value\n"
        var tables = [("D_cba", a.D_cba), ("D_pba", a.D_pba), ("D_imp", a.D_imp), ("D_exp", a.D_exp)]
        if let eebtConsumption { tables.append(("D_cba_eebt", eebtConsumption)) }
        for (name, table) in tables {
            for (r, region) in a.regions.enumerated() {
                for (s, stressor) in a.stressors.enumerated() {
                    out += "\(name),\(csvField(region)),\(csvField(stressor.name)),\(csvField(stressor.compartment)),\(table[s, r])\n"
                }
            }
        }
        return out
    }

    /// EEBT consumption account: Σ_p T[p, r] + F_Y[r].
    public static func eebtConsumption(_ transfers: [Matrix], system: MRIOSystem) -> Matrix {
        let R = system.regions.count
        var out = Matrix(rows: transfers.count, columns: R)
        let index = Dictionary(uniqueKeysWithValues: system.regions.enumerated().map { ($0.element, $0.offset) })
        for s in transfers.indices {
            for r in 0..<R { for p in 0..<R { out[s, r] += transfers[s][p, r] } }
            if let FY = system.FY { for col in 0..<FY.columns { out[s, index[system.finalDemandRegions[col]]!] += FY[s, col] } }
        }
        return out
    }

    /// Long CSV of the bilateral matrices `variant,stressor,compartment,producer,consumer,value`:
    /// emissions in `producer` for the final demand of `consumer` (mrio), or embodied in
    /// `producer`'s exports to `consumer` (eebt; the diagonal is domestic final demand).
    public static func transfersCSV(regions: [String], stressors: [(name: String, compartment: String)], variants: [(String, [Matrix])]) -> String {
        var out = "variant,stressor,compartment,producer,consumer,value\n"
        for (variant, matrices) in variants {
            for (s, stressor) in stressors.enumerated() {
                for (p, producer) in regions.enumerated() {
                    for (r, consumer) in regions.enumerated() {
                        out += "\(variant),\(csvField(stressor.name)),\(csvField(stressor.compartment)),\(producer),\(consumer),\(matrices[s][p, r])\n"
                    }
                }
            }
        }
        return out
    }

    static func csvField(_ s: String) -> String {
        s.contains(",") || s.contains("\"") ? "\"" + s.replacingOccurrences(of: "\"", with: "\"\"") + "\"" : s
    }
}
