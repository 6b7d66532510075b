import Foundation

/// One national inventory value, as read: country, year, IPCC sector, gas, value and unit.
public struct EmissionRecord: Sendable, Equatable {
    public var iso3: String
    public var year: Int
    public var sector: String
    public var gas: String
    public var value: Double
    public var unit: String
    /// Where it was read (file:line), for messages.
    public var origin: String

    public init(iso3: String, year: Int, sector: String, gas: String, value: Double, unit: String, origin: String) {
        self.iso3 = iso3; self.year = year; self.sector = sector; self.gas = gas
        self.value = value; self.unit = unit; self.origin = origin
    }
}

/// A record converted to tonnes of CO2-equivalent with a GWP set.
public struct Emission: Sendable, Equatable {
    public var iso3: String
    public var year: Int
    public var sector: String
    public var gas: String
    /// t CO2e per year.
    public var tonnesCO2e: Double

    public init(iso3: String, year: Int, sector: String, gas: String, tonnesCO2e: Double) {
        self.iso3 = iso3; self.year = year; self.sector = sector; self.gas = gas; self.tonnesCO2e = tonnesCO2e
    }
}

/// Rows refused by `--skip-invalid`, counted by kind.
public struct SkipReport: Sendable, Equatable {
    public var counts: [String: Int] = [:]
    /// The amount of each skipped row that has one (t CO2e), so that a build can show that
    /// gridded + unallocated + skipped is the inventory as read.
    public struct Amount: Sendable, Equatable { public var iso3: String; public var year: Int; public var tonnesCO2e: Double }
    public var amounts: [Amount] = []
    public var total: Int { counts.values.reduce(0, +) }
    public mutating func add(_ kind: String, _ record: EmissionRecord? = nil, gwp: GWPSet? = nil) {
        counts[kind, default: 0] += 1
        if let record, let gwp, let t = InventoryValidator.tonnesCO2e(record, gwp: gwp) {
            amounts.append(Amount(iso3: record.iso3, year: record.year, tonnesCO2e: t))
        }
    }
}

/// Mass units: a multiplier to tonnes of the gas, or of CO2e when the unit says so; carbon units
/// (MtC…) convert CO2 expressed as carbon by 44/12.
public enum MassUnit {
    public struct Parsed: Equatable { public var toTonnes: Double; public var isCO2e: Bool; public var isCarbon: Bool }

    public static func parse(_ unit: String) -> Parsed? {
        var u = unit.trimmingCharacters(in: .whitespaces)
        var isCO2e = false, isCarbon = false
        for suffix in ["CO2e", "CO2eq", "CO2-eq", " CO2e", "CO2 eq"] where u.hasSuffix(suffix) {
            u = String(u.dropLast(suffix.count)).trimmingCharacters(in: .whitespaces); isCO2e = true; break
        }
        if !isCO2e, u.hasSuffix("C"), u.count > 1 { u = String(u.dropLast()); isCarbon = true }
        let scale: [String: Double] = ["kg": 1e-3, "t": 1, "Mg": 1, "kt": 1e3, "Gg": 1e3, "Mt": 1e6, "Tg": 1e6, "Gt": 1e9, "Pg": 1e9]
        guard let s = scale[u] else { return nil }
        return Parsed(toTonnes: s, isCO2e: isCO2e, isCarbon: isCarbon)
    }
}

/// GWP100 values (kg CO2e per kg gas) of one IPCC assessment.
public struct GWPSet: Sendable, Equatable {
    public var name: String
    public var values: [String: Double]

    public func factor(_ gas: String) -> Double? { gas == "CO2" ? 1 : values[gas] }

    /// Reads the openclimatedata table (comment lines start with '#'; header Species,…,AR4GWP100,…).
    public static func parse(_ text: String, column: String, source: String) throws -> GWPSet {
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false).filter { !$0.hasPrefix("#") }
        var rows = CSVReader(lines.joined(separator: "\n")).makeIterator()
        let header = try CSVHeader(reading: &rows, file: source, needs: ["Species", column])
        let index = header[column]!, speciesIndex = header["Species"]!
        var values: [String: Double] = [:]
        while let row = rows.next() {
            guard row.fields.count > index, let v = Double(row.fields[index]) else { continue }
            values[row.fields[speciesIndex]] = v
        }
        return GWPSet(name: column, values: values)
    }
}

/// Validation and conversion of records: one clear error per bad row, or counts with skipping.
public struct InventoryValidator {
    public var knownCountries: Set<String>
    public var gwp: GWPSet
    public var skipInvalid: Bool
    public private(set) var skipped = SkipReport()
    /// The GWP values of the set the inventory's CO2e is in, when it is not the run's.
    public var sourceGWP: GWPSet?
    /// What the CO2e values were and what became of them.
    public private(set) var basis: GWPBasisReport

    /// `basis`: the GWP basis of the inventory's CO2e values (`InventoryFormat.co2eBasis`).
    public init(knownCountries: Set<String>, gwp: GWPSet, skipInvalid: Bool, basis: GWPBasis = .co2eUnstated, sourceGWP: GWPSet? = nil) {
        self.knownCountries = knownCountries; self.gwp = gwp; self.skipInvalid = skipInvalid
        self.sourceGWP = sourceGWP
        self.basis = GWPBasisReport(configured: gwp.name, source: basis)
    }

    /// A record's amount in t CO2e, or nil when it has none (not a number, unknown unit or gas).
    public static func tonnesCO2e(_ r: EmissionRecord, gwp: GWPSet) -> Double? {
        guard r.value.isFinite, let unit = MassUnit.parse(r.unit), !unit.isCarbon || r.gas == "CO2" else { return nil }
        guard let factor = unit.isCO2e ? 1 : gwp.factor(r.gas) else { return nil }
        return r.value * unit.toTonnes * (unit.isCarbon ? 44.0 / 12.0 : 1) * factor
    }

    /// Converts to t CO2e; duplicate (country, year, sector, gas) keys are refused.
    public mutating func convert(_ records: [EmissionRecord], file: String) throws -> [Emission] {
        var seen: [String: String] = [:]
        var out: [Emission] = []
        out.reserveCapacity(records.count)
        for r in records {
            func refuse(_ kind: String, _ reason: String) throws {
                if skipInvalid { skipped.add(kind, r, gwp: gwp); return }
                throw InputError.malformedInput(file: file, place: r.origin, reason: reason)
            }
            // Memo items may carry a non-country code (EDGAR's global AIR and SEA bunker rows).
            guard knownCountries.contains(r.iso3) || Sectors.byCode[r.sector]?.isMemo == true else {
                if skipInvalid { skipped.add("unknown country", r, gwp: gwp); continue }
                throw InputError.unknownCountry(code: r.iso3, file: file, line: Int(r.origin.split(separator: " ").last ?? ""))
            }
            guard Sectors.byCode[r.sector] != nil else { try refuse("unknown sector", "unknown IPCC sector '\(r.sector)'"); continue }
            guard r.value.isFinite else { try refuse("not a number", "value is NaN or infinite"); continue }
            guard r.value >= 0 || Sectors.allowsNegative(r.sector) else {
                try refuse("negative value", "negative value \(r.value) for non-sink sector \(r.sector)"); continue
            }
            guard let unit = MassUnit.parse(r.unit) else { try refuse("unknown unit", "unknown unit '\(r.unit)'"); continue }
            var tonnes = r.value * unit.toTonnes
            if unit.isCarbon {
                guard r.gas == "CO2" else { try refuse("unknown unit", "carbon unit '\(r.unit)' only applies to CO2"); continue }
                tonnes *= 44.0 / 12.0
            }
            if !unit.isCO2e, gwp.factor(r.gas) == nil { try refuse("unknown gas", "no \(gwp.name) value for gas '\(r.gas)'"); continue }
            let key = "\(r.iso3)|\(r.year)|\(r.sector)|\(r.gas)"
            if let first = seen[key] { try refuse("duplicate key", "duplicate of \(first) (\(r.iso3) \(r.year) \(r.sector) \(r.gas))"); continue }
            seen[key] = r.origin
            // Masses take the run's set; CO2e of one gas in another set is converted to it.
            tonnes *= basis.factor(gas: r.gas, isCO2e: unit.isCO2e, tonnes: tonnes, run: gwp, sourceSet: sourceGWP)!
            out.append(Emission(iso3: r.iso3, year: r.year, sector: r.sector, gas: r.gas, tonnesCO2e: tonnes))
        }
        return out
    }
}
