import Foundation
import HolomapCore

/// MRIO accounts as tables: the long CSVs of `holomap mrio` and the adjustment rows of
/// `holomap adjustments --source mrio`.
public enum MRIOTables {
    /// One line naming the sectors with zero output (their A and S columns are zero), or nil.
    public static func zeroOutputNote(_ accounts: RegionalAccounts, sectors: [String]) -> String? {
        guard !accounts.zeroOutputSectors.isEmpty else { return nil }
        let names = accounts.zeroOutputSectors.prefix(10).map { accounts.regions[$0 / sectors.count] + "_" + sectors[$0 % sectors.count] }
        return "\(accounts.zeroOutputSectors.count) sectors have zero output (their coefficients are zero): \(names.joined(separator: ", "))\(accounts.zeroOutputSectors.count > 10 ? ", …" : "")"
    }

    /// Adjustment rows from an MRIO's CO2 accounts (the stressors of `stressor`, summed):
    /// territorial = D_pba, consumption = D_cba. Regions that are not ISO 3166 countries (RoW)
    /// are returned as `notCountries`.
    public static func adjustments(_ accounts: RegionalAccounts, stressor: StressorSelection, year: Int, countries: [String]?,
                                   source: String) throws -> (rows: [Adjustments.Row], notCountries: [String]) {
        let known = Set(try CountryCodes.load().nameByAlpha3.keys)
        var rows: [Adjustments.Row] = [], notCountries: [String] = []
        for (r, region) in accounts.regions.enumerated() {
            guard known.contains(region) else { notCountries.append(region); continue }
            let territorial = stressor.sum(accounts.D_pba, column: r)
            guard territorial > 0 else { continue }
            rows.append(Adjustments.Row(iso3: region, year: year, territorial: territorial, consumption: stressor.sum(accounts.D_cba, column: r)))
        }
        rows.sort { $0.iso3 < $1.iso3 }
        if let countries {
            if let missing = countries.first(where: { c in !rows.contains { $0.iso3 == c } }) {
                throw InputError.malformedInput(file: source, place: "", reason: "\(missing) is not a region of the table")
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
