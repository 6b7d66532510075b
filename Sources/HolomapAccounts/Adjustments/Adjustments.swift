import Foundation
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
        public init(iso3: String, year: Int, territorial: Double, consumption: Double) {
            self.iso3 = iso3; self.year = year; self.territorial = territorial; self.consumption = consumption
        }
    }

    /// MtC → Mt CO2: molar masses 44/12.
    public static let carbonToCO2 = 44.0 / 12.0

    /// One row of a published file for the chosen year, in Mt CO2; `iso3` nil for aggregates
    /// (World, continents, Bunkers).
    public struct Record: Sendable {
        public var name: String
        public var iso3: String?
        public var territorial: Double?
        public var consumption: Double?
    }

    /// Every row of each of `years` in an OWID or GCB file (`text`, read from `path`), converted
    /// to Mt CO2. A year without rows is an error.
    public static func records(_ source: Source, text: String, path: String, years: [Int]) throws -> [Int: [Record]] {
        let wanted = Set(years)
        var out: [Int: [Record]] = [:]
        let codes = try CountryCodes.load()
        let names = codes.alpha3ByName
        var rows = CSVReader(text).makeIterator()
        let needed = source == .owid ? ["iso_code", "country", "year", "co2", "consumption_co2"] : ["country", "year", "territorial", "consumption"]
        let header = try CSVHeader(reading: &rows, file: path, needs: needed)
        while let (_, f) = rows.next() {
            guard f.count == header.count, let year = Int(header.field("year", in: f)), wanted.contains(year) else { continue }
            let name = header.field("country", in: f)
            switch source {
            case .owid:
                let code = header.field("iso_code", in: f)
                out[year, default: []].append(Record(name: name, iso3: code.count == 3 && !code.hasPrefix("OWID") ? code : nil,
                                                     territorial: Double(header.field("co2", in: f)), consumption: Double(header.field("consumption_co2", in: f))))
            case .gcb:
                // GCB names countries in English, a few by code (USA).
                let iso3 = names[name] ?? names[name.lowercased()] ?? (codes.nameByAlpha3[name] != nil ? name : nil)
                out[year, default: []].append(Record(name: name, iso3: iso3, territorial: Double(header.field("territorial", in: f)).map { $0 * carbonToCO2 },
                                                     consumption: Double(header.field("consumption", in: f)).map { $0 * carbonToCO2 }))
            }
        }
        if let missing = years.first(where: { out[$0] == nil }) {
            throw InputError.malformedInput(file: path, place: "", reason: "no territorial and consumption values for year \(missing)")
        }
        return out
    }

    /// The rows of one year.
    public static func records(_ source: Source, text: String, path: String, year: Int) throws -> [Record] {
        try records(source, text: text, path: path, years: [year])[year]!
    }

    /// Rows of each of `years` for every country with both accounts (or only `countries`), and
    /// the names of each year's rows that are not countries (aggregates such as World or EU27).
    public static func rows(_ source: Source, text: String, path: String, years: [Int], countries: [String]?) throws -> [Int: (rows: [Row], notCountries: [String])] {
        var out: [Int: (rows: [Row], notCountries: [String])] = [:]
        for (year, all) in try records(source, text: text, path: path, years: years) {
            let notCountries = source == .gcb ? all.filter { $0.iso3 == nil }.map(\.name) : []
            var rows = all.compactMap { r -> Row? in
                guard let iso3 = r.iso3, let territorial = r.territorial, let consumption = r.consumption, territorial > 0 else { return nil }
                return Row(iso3: iso3, year: year, territorial: territorial, consumption: consumption)
            }
            guard !rows.isEmpty else {
                throw InputError.malformedInput(file: path, place: "", reason: "no territorial and consumption values for year \(year)")
            }
            rows.sort { $0.iso3 < $1.iso3 }
            if let countries {
                let found = Set(rows.map(\.iso3))
                if let missing = countries.first(where: { !found.contains($0) }) {
                    throw InputError.malformedInput(file: path, place: "", reason: "no territorial and consumption values for \(missing) in \(year)")
                }
                rows = rows.filter { countries.contains($0.iso3) }
            }
            out[year] = (rows, notCountries)
        }
        return out
    }

    /// The rows of one year.
    public static func rows(_ source: Source, text: String, path: String, year: Int, countries: [String]?) throws -> (rows: [Row], notCountries: [String]) {
        try rows(source, text: text, path: path, years: [year], countries: countries)[year]!
    }

    /// `iso3,year,territorial,consumption,transfer,adjustment_pct` (Mt CO2; percent): the one
    /// writer of adjustment tables (`holomap adjustments`, the report's accounts.csv).
    public static func csv(_ rows: [Row]) -> String {
        var out = "iso3,year,territorial,consumption,transfer,adjustment_pct\n"
        for r in rows {
            out += "\(r.iso3),\(r.year),\(csvNumber(r.territorial)),\(csvNumber(r.consumption)),\(csvNumber(r.transfer)),\(csvNumber(r.adjustmentPercent))\n"
        }
        return out
    }
}
