/// What one gridded amount is: the key of every item the gridding spreads and of every row of
/// the conservation ledger. Layers select quantities (`Layer.includes`), so no part of the
/// pipeline tells them apart by a string.
public enum Quantity: Hashable, Sendable, Comparable, CustomStringConvertible {
    /// Production-side (territorial, IPCC) emissions of one sector and gas, t CO2e.
    case production(sector: String, gas: String)
    /// A country's consumption-based CO2, t CO2.
    case consumption
    /// Minus a country's published territorial CO2, t CO2, in the share of one of its production
    /// items (`sector`, `gas`), spread like that item; `sector` nil when the inventory has no
    /// production for the country and the amount is spread by the consumption weight.
    case territorial(sector: String?, gas: String)

    /// Production quantities first (by sector, then gas), then consumption, then the territorial
    /// shares (by sector; the one spread by the consumption weight last). Amounts that share a
    /// cell are added in this order, so it is fixed once for all.
    var order: (Int, String, String) {
        switch self {
        case .production(let sector, let gas): return (0, sector, gas)
        case .consumption: return (1, "", "CO2")
        case .territorial(let sector, let gas): return (sector == nil ? 3 : 2, sector ?? "", gas)
        }
    }

    public static func < (a: Quantity, b: Quantity) -> Bool { a.order < b.order }

    public var isProduction: Bool { if case .production = self { return true } else { return false } }

    /// The IPCC sector of a production quantity.
    public var sector: String? { if case .production(let sector, _) = self { return sector } else { return nil } }

    public var gas: String {
        switch self {
        case .production(_, let gas), .territorial(_, let gas): return gas
        case .consumption: return "CO2"
        }
    }

    public var description: String {
        switch self {
        case .production(let sector, let gas): return "\(sector) \(gas)"
        case .consumption: return "consumption CO2"
        case .territorial(let sector, let gas): return "territorial CO2 (share of \(sector.map { "\($0) \(gas)" } ?? "the consumption weight"))"
        }
    }
}
