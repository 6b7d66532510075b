import Foundation
import HolomapAccounts
import HolomapBridge
import HolomapCore
import HolomapExport

/// `holomap report`: the year-over-year comparison analysts script. Published territorial and
/// consumption accounts for each year (OWID or GCB), their change against the previous year,
/// the top movers, SVG charts, and optionally the embodied-emission flows between major regions
/// from an MRIO. Written as one folder that replaces `out` in one step.
public struct ReportJob {
    public struct Flows: Sendable {
        public var format: MRIOJob.Format
        public var dir: String
        public var year: Int
        public var satellite: MRIOJob.Satellite?
        public init(format: MRIOJob.Format, dir: String, year: Int, satellite: MRIOJob.Satellite?) {
            self.format = format; self.dir = dir; self.year = year; self.satellite = satellite
        }
    }

    public var years: [Int]
    public var countries: [String]?
    public var source: Adjustments.Source
    public var data: String
    public var flows: Flows?
    /// A `holomap natural` CSV: adds the national balance (territorial, consumption, natural net, panoramic net).
    public var natural: String?
    public var chartCountries = 15
    public var progress: ProgressHandler = { _ in }

    public init(years: [Int], countries: [String]?, source: Adjustments.Source, data: String, flows: Flows?) {
        self.years = years.sorted(); self.countries = countries; self.source = source; self.data = data; self.flows = flows
    }

    /// The bundle's OWID extract (2010–2022), the default published accounts.
    public static func defaultData() throws -> String {
        try Resources.folder("grids").appendingPathComponent("default-bundle/owid-co2-2010-2022.csv").path
    }

    /// Computes the report.
    public func document() throws -> ReportDocument {
        guard !years.isEmpty else { throw InputError.invalidArgument("report: no years given") }
        progress(.step("report: reading \(source.rawValue) \(years.map(String.init).joined(separator: ", "))"))
        let byYear = try Adjustments.rows(source, text: try TextFile.read(data), path: data, years: years, countries: countries).mapValues(\.rows)
        let latest = years.last!
        // Charts show the largest territorial emitters of the latest year (or the countries asked for).
        let shown = countries ?? Array(byYear[latest]!.sorted { $0.territorial > $1.territorial }.prefix(chartCountries).map(\.iso3))
        var changes: [ReportDocument.Change] = []
        for (previous, year) in zip(years, years.dropFirst()) {
            let before = Dictionary(uniqueKeysWithValues: byYear[previous]!.map { ($0.iso3, $0) })
            for r in byYear[year]! {
                guard let b = before[r.iso3] else { continue }
                changes.append(ReportDocument.Change(iso3: r.iso3, year: year, previousYear: previous, territorial: r.territorial - b.territorial,
                                                     consumption: r.consumption - b.consumption, transfer: r.transfer - b.transfer,
                                                     adjustmentPoints: r.adjustmentPercent - b.adjustmentPercent))
            }
        }
        let movers = Array(changes.filter { $0.year == latest }.sorted { (abs($0.transfer), $1.iso3) > (abs($1.transfer), $0.iso3) }.prefix(10))
        var document = ReportDocument(years: years, source: "\(source.rawValue) (`\(data)`)", rows: byYear, shown: shown, changes: changes,
                                      movers: movers, flows: try flows.map(regionFlows))
        if let natural {
            let (year, net) = try NaturalBalance.read(natural)
            document.balance = ReportDocument.Balance(naturalNet: net, source: "`\(natural)`" + (year.map { " (fire year \($0))" } ?? ""))
        }
        return document
    }

    /// Computes the report and writes it as the folder `out`. Returns the file names.
    public func write(to out: String, overwrite: Bool) throws -> [String] {
        // The output folder is checked (and staged) before the accounts are computed.
        return try AtomicFolder.write(to: out, overwrite: overwrite, kind: "report") { folder in
            let document = try document()
            var names: [String] = []
            for (name, text) in document.files() {
                let url = folder.appendingPathComponent(name)
                do { try text.write(to: url, atomically: false, encoding: .utf8) } catch {
                    throw IOError(path: url.path, operation: "write", reason: error.localizedDescription)
                }
                names.append(name)
            }
            return names
        }
    }

    /// MRIO flows summed between the major regions of `boundaries/major-regions.csv`.
    func regionFlows(_ flows: Flows) throws -> ReportDocument.Flows {
        progress(.step("report: MRIO \(flows.format.rawValue) \(flows.year) for the flows"))
        let loaded = try MRIOJob.load(format: flows.format, dir: flows.dir, year: flows.year, satellite: flows.satellite)
        let stressor = try StressorSelection.choose(nil, from: loaded.system.stressors, source: flows.dir)
        let accounts = try RegionalAccounts.compute(loaded.system, solver: LAPACKSolver())
        let groups = try Self.majorRegions()
        let names = Array(Set(accounts.regions.map { groups[$0] ?? "Rest of world" })).sorted { Self.order($0) < Self.order($1) }
        var matrix: [String: Double] = [:]
        for (p, producer) in accounts.regions.enumerated() {
            for (r, consumer) in accounts.regions.enumerated() {
                matrix["\(groups[producer] ?? "Rest of world")>\(groups[consumer] ?? "Rest of world")", default: 0] +=
                    stressor.indices.reduce(0) { $0 + accounts.transfers[$1][p, r] }
            }
        }
        let note = "MRIO \(flows.format.rawValue) \(flows.year) (`\(flows.dir)`), stressor \(stressor.label), MRIO variant: emissions in the producer region for the final demand of the consumer region, in the satellite's unit" +
            (loaded.notes.isEmpty ? "." : "; " + loaded.notes.joined(separator: "; ") + ".")
        return ReportDocument.Flows(regions: names, values: matrix, label: "MRIO \(flows.format.rawValue) \(flows.year)", note: note)
    }

    static let majorOrder = ["CHN", "USA", "EU27", "IND", "RUS", "JPN", "Rest of world"]
    static func order(_ name: String) -> Int { majorOrder.firstIndex(of: name) ?? majorOrder.count }

    /// `boundaries/major-regions.csv`: ISO3 → major region.
    static func majorRegions() throws -> [String: String] {
        var out: [String: String] = [:]
        for (line, f) in CSVReader(try Resources.text("boundaries", "major-regions.csv").text) where line > 1 && f.count == 2 { out[f[0]] = f[1] }
        return out
    }
}
