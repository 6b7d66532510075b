import Foundation
import HolomapBridge
import HolomapCore

/// National adjustments relative to the IPCC production-side (territorial) baseline, from
/// published consumption-based accounts.
///
/// Units: Mt CO2 per year. `transfer = consumption − territorial` (net emissions imported through
/// trade; positive for net importers), as OWID's `trade_co2`. GCB publishes the opposite sign
/// (`transfers = territorial − consumption`) in MtC; both are converted here.
/// `adjustment_pct = (consumption − territorial) / territorial × 100`.
public enum Adjustments {
    public enum Source: String, CaseIterable, Sendable { case owid, gcb }

    public struct Row: Sendable, Equatable {
        public var iso3: String
        public var year: Int
        public var territorial: Double
        public var consumption: Double
        public var transfer: Double { consumption - territorial }
        public var adjustmentPercent: Double { (consumption - territorial) / territorial * 100 }
    }

    /// MtC → Mt CO2: molar masses 44/12.
    public static let carbonToCO2 = 44.0 / 12.0

    /// Rows of `year` for every country with both accounts (or only `countries`), and the
    /// names of that year's rows that are not countries (aggregates such as World or EU27).
    public static func read(_ source: Source, path: String, year: Int, countries: [String]?) throws -> (rows: [Row], notCountries: [String]) {
        var notCountries: [String] = []
        let text = try TextFile.read(path)
        var rows: [Row] = []
        var header: [String: Int] = [:]
        let codes = try CountryCodes.load()
        let names = codes.alpha3ByName
        for (line, f) in CSVReader(text) {
            if line == 1 {
                for (i, name) in f.enumerated() { header[name] = i }
                let needed = source == .owid ? ["iso_code", "year", "co2", "consumption_co2"] : ["country", "year", "territorial", "consumption"]
                for column in needed where header[column] == nil {
                    throw HolomapError.malformedInput(file: path, place: "line 1", reason: "no column '\(column)' (is this the \(source.rawValue) file?)")
                }
                continue
            }
            guard f.count == header.count, Int(f[header["year"]!]) == year else { continue }
            let iso3: String?, territorial: Double?, consumption: Double?
            switch source {
            case .owid:
                let code = f[header["iso_code"]!]
                iso3 = code.count == 3 && !code.hasPrefix("OWID") ? code : nil
                territorial = Double(f[header["co2"]!]); consumption = Double(f[header["consumption_co2"]!])
            case .gcb:
                let name = f[header["country"]!]
                // GCB names countries in English, a few by code (USA).
                iso3 = names[name] ?? names[name.lowercased()] ?? (codes.nameByAlpha3[name] != nil ? name : nil)
                if iso3 == nil { notCountries.append(name) }
                territorial = Double(f[header["territorial"]!]).map { $0 * carbonToCO2 }
                consumption = Double(f[header["consumption"]!]).map { $0 * carbonToCO2 }
            }
            guard let iso3, let territorial, let consumption, territorial > 0 else { continue }
            rows.append(Row(iso3: iso3, year: year, territorial: territorial, consumption: consumption))
        }
        guard !rows.isEmpty else {
            throw HolomapError.malformedInput(file: path, place: "", reason: "no territorial and consumption values for year \(year)")
        }
        rows.sort { $0.iso3 < $1.iso3 }
        if let countries {
            let found = Set(rows.map(\.iso3))
            if let missing = countries.first(where: { !found.contains($0) }) {
                throw HolomapError.malformedInput(file: path, place: "", reason: "no territorial and consumption values for \(missing) in \(year)")
            }
            rows = rows.filter { countries.contains($0.iso3) }
        }
        return (rows, notCountries)
    }

    /// `iso3,year,territorial,consumption,transfer,adjustment_pct` (Mt CO2; percent).
    public static func csv(_ rows: [Row]) -> String {
        var out = "iso3,year,territorial,consumption,transfer,adjustment_pct\n"
        for r in rows {
            out += "\(r.iso3),\(r.year),\(r.territorial),\(r.consumption),\(r.transfer),\(r.adjustmentPercent)\n"
        }
        return out
    }
}
