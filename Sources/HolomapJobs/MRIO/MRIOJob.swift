import Foundation
import HolomapAccounts
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
        /// EDGAR v4.3.2 national CO2 by IPCC 1996 category: domestic aviation and navigation, to
        /// take bunker fuel out of the residence-based sector shares (needed with them).
        public var domesticTransport: String?
        public init(source: Adjustments.Source, path: String, sectorShares: String?, domesticTransport: String? = nil) {
            self.source = source; self.path = path; self.sectorShares = sectorShares; self.domesticTransport = domesticTransport
        }
    }

    public struct Loaded {
        public var system: MRIOSystem
        /// How the satellite was made, and every region that fell back (for the user).
        public var notes: [String]
    }

    /// WIOD 2013 writes Romania with its former code.
    static let wiodRegionCodes = ["ROM": "ROU"]

    /// `satelliteYear`: the year of the published totals the satellite is made of (a build's year,
    /// with the table of `year` as structure); nil: the table's year.
    public static func load(format: Format, dir: String, year: Int?, satellite: Satellite?, satelliteYear: Int? = nil) throws -> Loaded {
        let read: (String) throws -> String = { try TextFile.read($0) }
        let chunks: ChunkReader = { try TextFile.forEachChunk($0, $1) }
        if format != .csv, !FileManager.default.fileExists(atPath: dir) { throw InputError.missingFile(path: dir) }
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
            guard let year else { throw InputError.invalidArgument("--format wiod needs --year (the table's year)") }
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
                throw InputError.invalidArgument("the WIOD 2013 table has no emissions account: give --territorial FILE (GCB or OWID totals to split across sectors)")
            }
        }
        var loaded = try withSatellite(&system, satellite, year: satelliteYear ?? year)
        loaded.notes = notes + loaded.notes
        return loaded
    }

    /// With `satellite`, replaces the system's accounts with national CO2 totals split across
    /// sectors; the region `RoW` gets the world total (less bunkers) minus the other regions.
    static func withSatellite(_ system: inout MRIOSystem, _ satellite: Satellite?, year: Int?) throws -> Loaded {
        guard let satellite else {
            guard !system.stressors.isEmpty else { throw InputError.invalidArgument("the table has no satellite account: give --territorial FILE") }
            return Loaded(system: system, notes: [])
        }
        guard let year else { throw InputError.invalidArgument("--territorial needs --year") }
        let records = try Adjustments.records(satellite.source, text: try TextFile.read(satellite.path), path: satellite.path, year: year)
        var totals: [String: Double] = [:]
        for r in records { if let iso3 = r.iso3, let t = r.territorial { totals[iso3] = t } }
        var notes = ["satellite: \(satellite.source.rawValue) territorial CO2 \(year) (\(satellite.path)), Mt CO2"]
        if system.regions.contains("RoW") {
            let world = records.first { $0.name == "World" }?.territorial
            let bunkers = records.first { $0.name == "Bunkers" || $0.name == "International transport" }?.territorial ?? 0
            guard let world else { throw InputError.malformedInput(file: satellite.path, place: "", reason: "no World row for \(year), needed for RoW") }
            var rest = world - bunkers
            for region in system.regions where region != "RoW" {
                guard let t = totals[region] else {
                    throw InputError.malformedInput(file: satellite.path, place: "", reason: "no territorial value for \(region) in \(year)")
                }
                rest -= t
            }
            totals["RoW"] = rest
            notes.append("RoW = World − bunkers (\(bunkers)) − the table's other regions = \(rest)")
        }
        var weights: [String: [String: Double]] = [:]
        if let shares = satellite.sectorShares {
            guard let transport = satellite.domesticTransport else {
                throw InputError.invalidArgument("--sector-shares needs --domestic-transport (EDGAR v4.3.2 CO2 by IPCC 1996 category): the residence-based shares hold bunker fuel")
            }
            let domestic = try DomesticTransport.read(transport, year: year)
            let (kt, removed) = try wiodSectorWeights(path: shares, year: year, regions: system.regions, sectors: system.sectors, domestic: domestic, domesticPath: transport)
            // kt → Mt, the totals' unit: the industries' account is taken in amount, not only in shares.
            weights = kt.mapValues { $0.mapValues { $0 / 1000 } }
            notes.append("sector split: CO2 by sector from \(shares), NACE Rev. 2 → table sectors by boundaries/nace2-to-wiod35.csv")
            let cut = removed.filter { $0.value > 0 }.sorted { $0.value > $1.value }.prefix(10)
                .map { "\($0.key) \(Self.mt($0.value / 1000))" }.joined(separator: ", ")
            notes.append("bunkers out of the sector shares: water and air transport held at domestic navigation and aviation (1A3d, 1A3a) of \(transport); Mt CO2 taken out, largest: \(cut)")
        } else {
            notes.append("sector split: gross output (no --sector-shares)")
        }
        let (allocated, fallbacks, households) = try NationalSatellite.allocate(system, stressor: ("CO2", "air"), totals: totals, weights: weights)
        system = allocated
        notes += fallbacks.filter { _ in satellite.sectorShares != nil }.map { "fallback: \($0.region): \($0.reason)" }
        if satellite.sectorShares != nil {
            let none = households.filter { $0.value == 0 }.keys.sorted()
            notes.append("households' direct emissions in F_Y (territorial − the industries' account): " +
                         ["USA", "CHN", "DEU", "DNK"].compactMap { r in households[r].map { "\(r) \(Self.mt($0))" } }.joined(separator: ", ") + " Mt CO2" +
                         (none.isEmpty ? "" : "; none where the industries' account exceeds the total: \(none.joined(separator: ", "))"))
        }
        return Loaded(system: system, notes: notes)
    }

    /// CO2 (kt) by region × table sector from the WIOD environmental accounts
    /// (`country,sector,year,co2_kt`, NACE Rev. 2), bunker fuel taken out per account country
    /// (`ResidenceCorrection`), then each NACE sector's CO2 goes to its WIOD-2013 industry; `RoW`
    /// gets every account region that is not a region of the table. Also returns the kt taken out.
    static func wiodSectorWeights(path: String, year: Int, regions: [String], sectors: [String], domestic: [String: ResidenceCorrection.Domestic],
                                  domesticPath: String) throws -> (weights: [String: [String: Double]], removed: [String: Double]) {
        let concordancePath = try Resources.folder("boundaries").appendingPathComponent("nace2-to-wiod35.csv").path
        var toTable: [String: String] = [:]
        for (line, f) in CSVReader(try TextFile.read(concordancePath)) where line > 1 && f.count >= 2 { toTable[f[0]] = f[1] }
        var accounts: [String: [String: Double]] = [:]
        var rows = CSVReader(try TextFile.read(path)).makeIterator()
        let header = try CSVHeader(reading: &rows, file: path, needs: ["country", "sector", "year", "co2_kt"])
        while let (line, f) = rows.next() {
            guard f.count == header.count, Int(header.field("year", in: f)) == year else { continue }
            let nace = header.field("sector", in: f)
            guard toTable[nace] != nil else {
                throw InputError.malformedInput(file: path, place: "line \(line)", reason: "sector '\(nace)' is not in boundaries/nace2-to-wiod35.csv")
            }
            guard let value = Double(header.field("co2_kt", in: f)), value.isFinite else {
                throw InputError.malformedInput(file: path, place: "line \(line)", reason: "not a number: '\(header.field("co2_kt", in: f))'")
            }
            accounts[header.field("country", in: f), default: [:]][nace, default: 0] += max(value, 0)
        }
        guard !accounts.isEmpty else { throw InputError.malformedInput(file: path, place: "", reason: "no values for year \(year)") }
        let (corrected, removed) = try ResidenceCorrection.capBunkers(accounts, domestic: domestic, source: domesticPath)
        let tableRegions = Set(regions)
        var weights: [String: [String: Double]] = [:], removedByRegion: [String: Double] = [:]
        for (country, bySector) in corrected {
            let region = tableRegions.contains(country) ? country : "RoW"
            for (nace, value) in bySector { weights[region, default: [:]][toTable[nace]!, default: 0] += value }
            removedByRegion[region, default: 0] += removed[country] ?? 0
        }
        return (weights, removedByRegion)
    }

    /// Mt with one decimal, for notes.
    static func mt(_ value: Double) -> String { String(format: "%.1f", value) }
}

extension MRIOJob {
    /// What `holomap mrio footprints` computes: the long CSV and how long each step took.
    public struct Footprints: Sendable {
        public var csv: String
        public var system: (regions: Int, sectors: Int, stressors: Int, n: Int)
        public var notes: [String]
        public var seconds: (read: Double, eebt: Double, accounts: Double)
    }

    /// Regional accounts D_cba, D_pba, D_imp, D_exp (as pymrio's calc_all) and the EEBT
    /// consumption account. EEBT first: the accounts then turn Z itself into the LU factors of
    /// I − A, so the table is held once.
    public static func footprints(format: Format, dir: String, year: Int?, satellite: Satellite?) throws -> Footprints {
        let started = Date()
        var loaded = try load(format: format, dir: dir, year: year, satellite: satellite)
        let read = Date()
        let eebt = try EEBT.transfers(loaded.system, solver: LAPACKSolver())
        let eebtDone = Date()
        var system = loaded.system
        loaded.system.Z = Matrix(rows: 0, columns: 0)
        let accounts = try RegionalAccounts.compute(releasingZ: &system, solver: LAPACKSolver())
        var notes = loaded.notes
        if let note = MRIOTables.zeroOutputNote(accounts, sectors: system.sectors) { notes.append(note) }
        let csv = MRIOTables.footprintsCSV(accounts, eebtConsumption: MRIOTables.eebtConsumption(eebt, system: system))
        return Footprints(csv: csv, system: (system.regions.count, system.sectors.count, system.stressors.count, system.n), notes: notes,
                          seconds: (read.timeIntervalSince(started), eebtDone.timeIntervalSince(read), Date().timeIntervalSince(eebtDone)))
    }

    /// Which bilateral matrices `holomap mrio transfers` writes.
    public enum TransferVariant: String, CaseIterable, Sendable { case mrio, eebt, both }

    /// Region × region emissions embodied in trade as long CSV, and the loading notes.
    public static func transfers(format: Format, dir: String, year: Int?, satellite: Satellite?, variant: TransferVariant) throws -> (csv: String, regions: Int, notes: [String]) {
        let loaded = try load(format: format, dir: dir, year: year, satellite: satellite)
        var variants: [(String, [Matrix])] = []
        if variant != .eebt { variants.append(("mrio", try RegionalAccounts.compute(loaded.system, solver: LAPACKSolver()).transfers)) }
        if variant != .mrio { variants.append(("eebt", try EEBT.transfers(loaded.system, solver: LAPACKSolver()))) }
        let csv = MRIOTables.transfersCSV(regions: loaded.system.regions, stressors: loaded.system.stressors, variants: variants)
        return (csv, loaded.system.regions.count, loaded.notes)
    }
}
