/// Inventory file formats. Each returns records with their file and line, leaving validation
/// (codes, units, signs, duplicates) to `InventoryValidator`.
public enum InventoryFormat: String, Sendable, CaseIterable {
    /// Long CSV with columns iso3,year,sector,gas,value,unit (any order, extra columns ignored).
    case generic
    /// Our World in Data CO2 dataset (owid-co2-data.csv[.gz]).
    case owid
    /// EDGAR v4.3.2 national totals by IPCC 1996 code (wide, Gg per year), mapped to IPCC 2006.
    case edgar
    /// EDGAR v7.0 total GHG (Mt CO2e, AR5) by five sectors (Sector, EDGAR Country Code, years).
    case edgar7
    /// UNFCCC CRF tables of Annex I parties (Party, Category, Gas, Unit, year columns).
    case crf
    /// Climate Watch / CAIT by sector (Country, Year, sector columns in Mt CO2e, AR4); the gas
    /// comes from the file name (co2-, ch4-, n2o-by-sector).
    case cait

    /// `names` maps country names to alpha-3 (for CRF and CAIT, which use names).
    public func parse(_ text: String, file: String, years: Set<Int>? = nil, names: [String: String] = [:]) throws -> [EmissionRecord] {
        switch self {
        case .generic: return try Importers.generic(text, file: file, years: years)
        case .owid: return try Importers.owid(text, file: file, years: years)
        case .edgar: return try Importers.edgar(text, file: file, years: years)
        case .edgar7: return try Importers.edgar7(text, file: file, years: years)
        case .crf: return try Importers.crf(text, file: file, years: years, names: names)
        case .cait: return try Importers.cait(text, file: file, years: years, names: names)
        }
    }
}

enum Importers {
    static func generic(_ text: String, file: String, years: Set<Int>?) throws -> [EmissionRecord] {
        var rows = CSVReader(text).makeIterator()
        let c = try CSVHeader(reading: &rows, file: file, needs: ["iso3", "year", "sector", "gas", "value", "unit"])
        var out: [EmissionRecord] = []
        while let (line, f) = rows.next() {
            if f.count == 1 && f[0].isEmpty { continue }  // blank line
            guard f.count >= c.count else {
                throw InputError.malformedInput(file: file, place: "line \(line)", reason: "expected \(c.count) fields, found \(f.count)")
            }
            func field(_ name: String) -> String { f[c[name]!].trimmingCharacters(in: .whitespaces) }
            guard let year = Int(field("year")) else {
                throw InputError.malformedInput(file: file, place: "line \(line)", reason: "year '\(field("year"))' is not a whole number")
            }
            if let years, !years.contains(year) { continue }
            let raw = field("value")
            guard let value = Double(raw) ?? (raw.lowercased() == "nan" ? .nan : nil) else {
                throw InputError.malformedInput(file: file, place: "line \(line)", reason: "value '\(raw)' is not a number")
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
        let c = try CSVHeader(reading: &rows, file: file, needs: needed)
        var out: [EmissionRecord] = []
        while let (line, f) = rows.next() {
            guard f.count >= c.count else { continue }
            let iso = f[c["iso_code"]!]
            // Aggregates (World, continents, income groups) have no code or an OWID_ code.
            guard iso.count == 3, !iso.hasPrefix("OWID") else { continue }
            guard let year = Int(f[c["year"]!]) else {
                throw InputError.malformedInput(file: file, place: "line \(line)", reason: "year is not a whole number")
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

    /// Sums records that share (country, year, sector, gas): several source codes map to one
    /// IPCC 2006 code. The origin keeps the first line.
    static func merged(_ records: [EmissionRecord]) -> [EmissionRecord] {
        var index: [String: Int] = [:]
        var out: [EmissionRecord] = []
        for r in records {
            let key = "\(r.iso3)|\(r.year)|\(r.sector)|\(r.gas)|\(r.unit)"
            if let i = index[key] { out[i].value += r.value } else { index[key] = out.count; out.append(r) }
        }
        return out
    }

    /// Year columns of a wide table: (column index, year) for headers that are whole numbers.
    static func yearColumns(_ header: CSVHeader, years: Set<Int>?) -> [(Int, Int)] {
        header.names.enumerated().compactMap { i, name in Int(name).map { (i, $0) } }.filter { years?.contains($0.1) ?? true }.sorted { $0.1 < $1.1 }
    }

    /// EDGAR v4.3.2 (IPCC 1996) → IPCC 2006 codes.
    static let edgarSectors: [String: String] = [
        "1A1a": "1.A.1.a", "1A1bc": "1.A.1.bc", "1A2": "1.A.2", "1A3a": "1.A.3.a", "1A3b": "1.A.3.b", "1A3c": "1.A.3.c",
        "1A3d": "1.A.3.d", "1A3e": "1.A.3.e", "1A4": "1.A.4", "1A5": "1.A.5", "1B1": "1.B", "1B2": "1.B", "1B2x": "1.B",
        "1C1": "M.1.A.3.a.i", "1C2": "M.1.A.3.d.i",
        "2A1": "2", "2A2": "2", "2A3": "2", "2A4": "2", "2A7": "2", "2B": "2", "2C": "2", "2G": "2",
        "3A": "2", "3B": "2", "3C": "2", "3D": "2",   // 1996 solvent use → 2006 2.D
        "4A": "3.A", "4B": "3.A", "4C": "3.C", "4D1": "3.C", "4D2": "3.C", "4D3": "3.C", "4D4": "3.C", "4F": "3.C",
        "6A": "4", "6B": "4", "6C": "4", "6D": "4",
        "7A": "5", "7B": "5", "7C": "5",
    ]

    static func edgar(_ text: String, file: String, years: Set<Int>?) throws -> [EmissionRecord] {
        var rows = CSVReader(text).makeIterator()
        let c = try CSVHeader(reading: &rows, file: file, needs: ["ISO_A3", "IPCC"])
        let gas: String
        let lower = file.lowercased()
        if lower.contains("_co2_") { gas = "CO2" } else if lower.contains("_ch4_") { gas = "CH4" } else if lower.contains("_n2o_") { gas = "N2O" } else {
            throw InputError.malformedInput(file: file, place: "", reason: "cannot tell the gas: EDGAR file names contain _co2_, _ch4_ or _n2o_")
        }
        let yearColumns = yearColumns(c, years: years)
        var out: [EmissionRecord] = []
        while let (line, f) = rows.next() {
            guard f.count >= c.count else { continue }
            let code = f[c["IPCC"]!]
            guard let sector = edgarSectors[code] else {
                throw InputError.malformedInput(file: file, place: "line \(line)", reason: "unknown IPCC 1996 code '\(code)'")
            }
            for (column, year) in yearColumns {
                guard let value = Double(f[column]) else { continue }
                out.append(EmissionRecord(iso3: f[c["ISO_A3"]!], year: year, sector: sector, gas: gas, value: value, unit: "Gg", origin: "line \(line)"))
            }
        }
        return merged(out)
    }

    /// CRF categories → IPCC 2006 codes. Only the rows below are read, so nothing is counted twice.
    static let crfSectors: [String: String] = [
        "1.A.1 Energy Industries": "1.A.1", "1.A.2 Manufacturing Industries and Construction": "1.A.2",
        "1.A.3.a Domestic Aviation": "1.A.3.a", "1.A.3.b Road Transportation": "1.A.3.b", "1.A.3.c Railways": "1.A.3.c",
        "1.A.3.d Domestic Navigation": "1.A.3.d", "1.A.3.e Other Transportation": "1.A.3.e", "1.A.4 Other Sectors": "1.A.4",
        "1.A.5 Other (Not specified elsewhere)": "1.A.5", "1.B Fugitive Emissions from Fuels": "1.B", "1.C CO₂ Transport and Storage": "5",
        "2. Industrial Processes and Product Use": "2",
        "3.A Enteric Fermentation": "3.A", "3.B Manure Management": "3.A", "3.C Rice Cultivation": "3.C", "3.D Agricultural Soils": "3.C",
        "3.E Prescribed Burning of Savannas": "3.C", "3.F Field Burning of Agricultural Residues": "3.C", "3.G Liming": "3.C",
        "3.H Urea Application": "3.C", "3.I Other Carbon-containing Fertilizers": "3.C", "3.J Other": "3.C",
        "4. Land Use, Land-Use Change and Forestry": "3.B", "5. Waste": "4", "6. Other": "5",
        "International Aviation": "M.1.A.3.a.i", "International Navigation": "M.1.A.3.d.i",
    ]
    static let crfGases: [String: String] = ["CO₂": "CO2", "CH₄": "CH4", "N₂O": "N2O", "Aggregate F-gases": "F-gases"]

    static func crf(_ text: String, file: String, years: Set<Int>?, names: [String: String]) throws -> [EmissionRecord] {
        var rows = CSVReader(text).makeIterator()
        let c = try CSVHeader(reading: &rows, file: file, needs: ["Party", "Category", "Gas", "Unit"])
        let yearColumns = yearColumns(c, years: years)
        var out: [EmissionRecord] = []
        while let (line, f) = rows.next() {
            guard f.count >= c.count else { continue }
            let party = f[c["Party"]!]
            // The EU rows are sums of member states, reported beside them.
            if party.hasPrefix("European Union") { continue }
            guard let sector = crfSectors[f[c["Category"]!]], let gas = crfGases[f[c["Gas"]!]] else { continue }
            let unit = f[c["Unit"]!].replacingOccurrences(of: " CO₂ equivalent", with: "CO2e")
            guard !unit.isEmpty else { continue }  // no data in this series
            let iso3 = names[party] ?? party
            for (column, year) in yearColumns {
                guard let value = Double(f[column]) else { continue }
                out.append(EmissionRecord(iso3: iso3, year: year, sector: sector, gas: gas, value: value, unit: unit, origin: "line \(line)"))
            }
        }
        return merged(out)
    }

    static let caitSectors: [String: String] = [
        "Electricity and heat": "1.A.1.a", "Manufacturing and construction": "1.A.2", "Transport": "1.A.3", "Buildings": "1.A.4",
        "Other fuel combustion": "1.A.5", "Fugitive emissions": "1.B", "Industry": "2", "Agriculture": "3.C",
        "Land-use change and forestry": "3.B", "Waste": "4", "Aviation and shipping": "M.BUNKERS",
    ]

    static func cait(_ text: String, file: String, years: Set<Int>?, names: [String: String]) throws -> [EmissionRecord] {
        var rows = CSVReader(text).makeIterator()
        let c = try CSVHeader(reading: &rows, file: file, needs: ["Country", "Year"])
        let lower = file.lowercased()
        let gas: String
        if lower.contains("co2-") { gas = "CO2" } else if lower.contains("ch4-") { gas = "CH4" } else if lower.contains("n2o-") { gas = "N2O" } else {
            throw InputError.malformedInput(file: file, place: "", reason: "cannot tell the gas: CAIT file names start co2-, ch4- or n2o-by-sector")
        }
        let sectorColumns = caitSectors.compactMap { name, sector in c[name].map { ($0, sector) } }.sorted { $0.0 < $1.0 }
        var out: [EmissionRecord] = []
        while let (line, f) = rows.next() {
            guard f.count >= c.count, let year = Int(f[c["Year"]!]) else { continue }
            if let years, !years.contains(year) { continue }
            let country = f[c["Country"]!]
            // World and European Union (27) are aggregates of the countries listed.
            if country == "World" || country.hasPrefix("European Union") { continue }
            let iso3 = names[country] ?? country
            for (column, sector) in sectorColumns {
                guard let value = Double(f[column]) else { continue }
                out.append(EmissionRecord(iso3: iso3, year: year, sector: sector, gas: gas, value: value, unit: "MtCO2e", origin: "line \(line)"))
            }
        }
        return merged(out)
    }

    /// EDGAR v7 sectors → IPCC 2006. "Other sectors" mixes process, agriculture and waste
    /// emissions, so it goes to 5 (other); the global AIR and SEA rows are bunkers.
    static let edgar7Sectors: [String: String] = [
        "Power Industry": "1.A.1.a", "Other industrial combustion": "1.A.2", "Transport": "1.A.3",
        "Buildings": "1.A.4", "Other sectors": "5",
    ]

    static func edgar7(_ text: String, file: String, years: Set<Int>?) throws -> [EmissionRecord] {
        var rows = CSVReader(text).makeIterator()
        let c = try CSVHeader(reading: &rows, file: file, needs: ["Sector", "EDGAR Country Code"])
        let yearColumns = yearColumns(c, years: years)
        var out: [EmissionRecord] = []
        while let (line, f) = rows.next() {
            guard f.count >= c.count else { continue }
            let name = f[c["Sector"]!], code = f[c["EDGAR Country Code"]!]
            guard var sector = edgar7Sectors[name] else {
                throw InputError.malformedInput(file: file, place: "line \(line)", reason: "unknown EDGAR sector '\(name)'")
            }
            if code == "AIR" { sector = "M.1.A.3.a.i" } else if code == "SEA" { sector = "M.1.A.3.d.i" }
            for (column, year) in yearColumns {
                guard let value = Double(f[column]) else { continue }
                out.append(EmissionRecord(iso3: code, year: year, sector: sector, gas: "GHG", value: value, unit: "MtCO2e", origin: "line \(line)"))
            }
        }
        return merged(out)
    }
}
