/// What one gridded amount is: the key of every item the gridding spreads and of every row of
/// the conservation ledger. Layers select quantities (`Layer.includes`), so no part of the
/// pipeline tells them apart by a string.
public enum Quantity: Hashable, Sendable, Comparable, CustomStringConvertible {
    /// Production-side (territorial, IPCC) emissions of one sector and gas, t CO2e.
    case production(sector: String, gas: String)
    /// A country's consumption-based CO2, t CO2.
    case consumption
    /// Minus a country's published territorial CO2, t CO2, in the share of one of its fossil CO2
    /// production items (`sector`, `gas` CO2), spread like that item; `sector` nil when the
    /// inventory has no fossil CO2 for the country and the amount is spread by the consumption weight.
    case territorial(sector: String?, gas: String)
    /// A country's CO2 embodied in its imports (an MRIO's D_imp), t CO2, spread by the
    /// consumption weight.
    case embodiedImports
    /// A country's CO2 embodied in its exports (an MRIO's D_exp), t CO2, in the share of one of its
    /// fossil CO2 production items (`sector`), spread like that item; nil: by the consumption
    /// weight (no fossil CO2 in the inventory). `negated`: the same amount with a minus sign, for
    /// the net trade layer (spread alike, so net trade is imports − exports cell by cell).
    case embodiedExports(sector: String?, negated: Bool)
    /// A country's published territorial CO2 (positive), t CO2, in the share of one of its
    /// production items, spread like it: the production CO2 layer of an inventory without CO2 of
    /// its own, so that consumption − it = consumption_minus_production cell by cell.
    case publishedTerritorial(sector: String?, gas: String)

    /// Production quantities first (by sector, then gas), then consumption, then the territorial
    /// shares (by sector; the one spread by the consumption weight last). Amounts that share a
    /// cell are added in this order, so it is fixed once for all.
    var order: (Int, String, String) {
        switch self {
        case .production(let sector, let gas): return (0, sector, gas)
        case .consumption: return (1, "", "CO2")
        case .territorial(let sector, let gas): return (sector == nil ? 3 : 2, sector ?? "", gas)
        case .embodiedImports: return (4, "", "CO2")
        case .embodiedExports(let sector, let negated): return (sector == nil ? 6 : 5, (sector ?? "") + (negated ? "-" : ""), "CO2")
        case .publishedTerritorial(let sector, let gas): return (sector == nil ? 8 : 7, sector ?? "", gas)
        }
    }

    public static func < (a: Quantity, b: Quantity) -> Bool { a.order < b.order }

    public var isProduction: Bool { if case .production = self { return true } else { return false } }

    /// Production CO2 outside agriculture, forestry and land use (IPCC 3): fossil and process CO2,
    /// the basis the consumption side is compared on (land-use removals would scale it).
    public var isFossilCO2: Bool {
        guard case .production(let sector, let gas) = self else { return false }
        return gas == "CO2" && sector != "3" && !sector.hasPrefix("3.")
    }

    /// The IPCC sector of a production quantity.
    public var sector: String? { if case .production(let sector, _) = self { return sector } else { return nil } }

    public var gas: String {
        switch self {
        case .production(_, let gas), .territorial(_, let gas), .publishedTerritorial(_, let gas): return gas
        case .consumption, .embodiedImports, .embodiedExports: return "CO2"
        }
    }

    public var description: String {
        switch self {
        case .production(let sector, let gas): return "\(sector) \(gas)"
        case .consumption: return "consumption CO2"
        case .territorial(let sector, let gas): return "territorial CO2 (share of \(sector.map { "\($0) \(gas)" } ?? "the consumption weight"))"
        case .embodiedImports: return "CO2 embodied in imports"
        case .embodiedExports(let sector, let negated): return "\(negated ? "minus " : "")CO2 embodied in exports (share of \(sector.map { "\($0) CO2" } ?? "the consumption weight"))"
        case .publishedTerritorial(let sector, let gas): return "published territorial CO2 (share of \(sector.map { "\($0) \(gas)" } ?? "the consumption weight"))"
        }
    }
}
