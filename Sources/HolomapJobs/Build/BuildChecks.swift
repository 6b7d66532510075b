import Foundation
import HolomapAccounts
import HolomapCore
import HolomapExport

/// The manifest checks of the accounting itself (ManifestChecks.swift): nothing of the
/// inventory dropped without a word, and the trade layers holding the MRIO's identity.
enum BuildChecks {
    static let tolerance = 1e-9

    /// inventory_accounted: Σ gridded + Σ unallocated + Σ skipped rows' amounts = the inventory's
    /// total as read (every record of the year, of the countries built, that has an amount), t CO2e.
    static func inventoryAccounted(year: Int, asRead: Double, gridded: Double, unallocated: Double, skipped: Double, unvalued: Int) -> Manifest.Check {
        let accounted = gridded + unallocated + skipped
        let error = abs(accounted - asRead) / max(abs(asRead), .leastNormalMagnitude)
        let ok = error <= tolerance
        return Manifest.Check(name: "inventory_accounted", year: year, ok: ok, value: error, limit: "relative difference ≤ 1e-9",
                              detail: "inventory as read \(asRead) t CO2e; gridded \(gridded) + unallocated \(unallocated) + skipped rows \(skipped) = \(accounted)"
                                + (unvalued > 0 ? "; \(unvalued) skipped rows had no amount (not a number, unknown unit or gas)" : "")
                                + (ok ? "" : "; \(accounted - asRead) t CO2e unaccounted for"))
    }

    /// The same from a build's records and ledgers.
    /// `basis`, `sourceGWP`: the validator's, so CO2e of one gas in another GWP set is counted as
    /// read in the run's set, as the gridding has it (CAIT CH4 in AR4 under AR5: × 28/25).
    static func inventoryAccounted(year: Int, records: [EmissionRecord], countries: Set<String>?, gwp: GWPSet, basis: GWPBasisReport,
                                   sourceGWP: GWPSet?, totals: [TotalRow], unallocated: [Unallocated], skipped: SkipReport) -> Manifest.Check {
        let wanted = { (iso3: String) in countries?.contains(iso3) ?? true }
        let ofYear = records.filter { $0.year == year && wanted($0.iso3) }
        let amounts = ofYear.map { r in
            InventoryValidator.tonnesCO2e(r, gwp: gwp).map { t in
                let isCO2e = MassUnit.parse(r.unit)?.isCO2e ?? false
                return isCO2e ? t * basis.conversion(gas: r.gas, isCO2e: true, run: gwp, sourceSet: sourceGWP) : t
            }
        }
        return inventoryAccounted(year: year, asRead: amounts.reduce(0) { $0 + ($1 ?? 0) },
                                  gridded: totals.filter(\.quantity.isProduction).reduce(0) { $0 + $1.gridded },
                                  unallocated: unallocated.filter(\.quantity.isProduction).reduce(0) { $0 + $1.value },
                                  skipped: skipped.amounts.filter { $0.year == year && wanted($0.iso3) }.reduce(0) { $0 + $1.tonnesCO2e },
                                  unvalued: amounts.filter { $0 == nil }.count)
    }

    /// trade_identity: per country on the grid, the net_trade layer's cell sum against the MRIO's
    /// D_cba − D_pba (computed apart from D_imp − D_exp); the worst difference relative to the
    /// amounts gridded (D_imp + D_exp, or |D_cba − D_pba| when larger).
    static func tradeIdentity(year: Int, notes: [TradeItems.Note], netTradeGridded: [String: Double]) -> Manifest.Check {
        var worst = 0.0, worstCountry = "", countries = 0
        for n in notes where n.year == year && n.status == .gridded {
            guard let c = n.consumption, let t = n.territorial, let i = n.imports, let e = n.exports else { continue }
            countries += 1
            let expected = c - t, got = netTradeGridded[n.iso3] ?? 0
            let error = abs(got - expected) / max(abs(expected), i + e, .leastNormalMagnitude)
            if error > worst || worstCountry.isEmpty { worst = max(worst, error); worstCountry = n.iso3 }
        }
        return Manifest.Check(name: "trade_identity", year: year, ok: worst <= tolerance, value: worst, limit: "relative difference ≤ 1e-9",
                              detail: "net_trade cell sum against MRIO consumption − territorial for \(countries) countries; worst \(worstCountry.isEmpty ? "none" : worstCountry)")
    }

    /// The net_trade layer's sum per country from a year's ledger.
    static func netTradeGridded(_ totals: [TotalRow]) -> [String: Double] {
        var out: [String: Double] = [:]
        for r in totals where Layer(.netTrade).includes(r.quantity) { out[r.iso3, default: 0] += r.gridded }
        return out
    }
}
