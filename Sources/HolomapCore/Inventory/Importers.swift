/// Inventory file formats. Each returns records with their file and line, leaving validation
/// (codes, units, signs, duplicates) to `InventoryValidator`.
public enum InventoryFormat: String, Sendable, CaseIterable {
    /// Long CSV with columns iso3,year,sector,gas,value,unit (any order, extra columns ignored).
    case generic
    /// Our World in Data CO2 dataset (owid-co2-data.csv[.gz]).
    case owid

    public func parse(_ text: String, file: String, years: Set<Int>? = nil) throws -> [EmissionRecord] {
        switch self {
        case .generic: return try Importers.generic(text, file: file, years: years)
        case .owid: return try Importers.owid(text, file: file, years: years)
        }
    }
}

enum Importers {
    static func header(_ rows: inout AnyIterator<(line: Int, fields: [String])>, file: String, needs: [String]) throws -> [String: Int] {
        guard let first = rows.next() else { throw HolomapError.malformedInput(file: file, place: "line 1", reason: "empty file") }
        var index: [String: Int] = [:]
        for (i, name) in first.fields.enumerated() { index[name.trimmingCharacters(in: .whitespaces)] = i }
        let missing = needs.filter { index[$0] == nil }
        guard missing.isEmpty else {
            throw HolomapError.malformedInput(file: file, place: "line 1", reason: "missing column(s) \(missing.joined(separator: ", ")) (header: \(first.fields.prefix(8).joined(separator: ",")))")
        }
        return index
    }

    static func generic(_ text: String, file: String, years: Set<Int>?) throws -> [EmissionRecord] {
        var rows = CSVReader(text).makeIterator()
        let c = try header(&rows, file: file, needs: ["iso3", "year", "sector", "gas", "value", "unit"])
        var out: [EmissionRecord] = []
        while let (line, f) = rows.next() {
            if f.count == 1 && f[0].isEmpty { continue }  // blank line
            guard f.count >= c.count else {
                throw HolomapError.malformedInput(file: file, place: "line \(line)", reason: "expected \(c.count) fields, found \(f.count)")
            }
            func field(_ name: String) -> String { f[c[name]!].trimmingCharacters(in: .whitespaces) }
            guard let year = Int(field("year")) else {
                throw HolomapError.malformedInput(file: file, place: "line \(line)", reason: "year '\(field("year"))' is not a whole number")
            }
            if let years, !years.contains(year) { continue }
            let raw = field("value")
            guard let value = Double(raw) ?? (raw.lowercased() == "nan" ? .nan : nil) else {
                throw HolomapError.malformedInput(file: file, place: "line \(line)", reason: "value '\(raw)' is not a number")
            }
            out.append(EmissionRecord(iso3: field("iso3").uppercased(), year: year, sector: field("sector"), gas: field("gas"),
                                      value: value, unit: field("unit"), origin: "line \(line)"))
        }
        return out
    }

    /// OWID columns → IPCC sectors. OWID splits fossil CO2 by fuel, not by sector, so fuel
    /// combustion goes to 1.A as a whole; methane and nitrous oxide are national totals in
    /// Mt CO2e (GWP100 as OWID computed them) and go to NT.
    static let owidColumns: [(sector: String, gas: String, unit: String, columns: [String])] = [
        ("1.A", "CO2", "Mt", ["coal_co2", "oil_co2", "gas_co2"]),
        ("1.B", "CO2", "Mt", ["flaring_co2"]),
        ("2", "CO2", "Mt", ["cement_co2", "other_industry_co2"]),
        ("NT", "CH4", "MtCO2e", ["methane"]),
        ("NT", "N2O", "MtCO2e", ["nitrous_oxide"]),
    ]

    static func owid(_ text: String, file: String, years: Set<Int>?) throws -> [EmissionRecord] {
        var rows = CSVReader(text).makeIterator()
        let needed = ["iso_code", "year"] + owidColumns.flatMap(\.columns)
        let c = try header(&rows, file: file, needs: needed)
        var out: [EmissionRecord] = []
        while let (line, f) = rows.next() {
            guard f.count >= c.count else { continue }
            let iso = f[c["iso_code"]!]
            // Aggregates (World, continents, income groups) have no code or an OWID_ code.
            guard iso.count == 3, !iso.hasPrefix("OWID") else { continue }
            guard let year = Int(f[c["year"]!]) else {
                throw HolomapError.malformedInput(file: file, place: "line \(line)", reason: "year is not a whole number")
            }
            if let years, !years.contains(year) { continue }
            for mapping in owidColumns {
                let values = mapping.columns.compactMap { Double(f[c[$0]!]) }
                guard !values.isEmpty else { continue }  // not reported for that year
                out.append(EmissionRecord(iso3: iso, year: year, sector: mapping.sector, gas: mapping.gas,
                                          value: values.reduce(0, +), unit: mapping.unit, origin: "line \(line)"))
            }
        }
        return out
    }
}
