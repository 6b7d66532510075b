import HolomapCore

/// Takes international bunker fuel out of residence-based sector accounts (the JRC's WIOD
/// environmental accounts). Those count what a country's resident carriers burn anywhere,
/// bunkers included (Denmark 2009: 47 % of its CO2 in water transport, Maersk's fuel bought
/// abroad), while territorial totals leave bunkers out as memo items. Water and air transport
/// (NACE H50, H51) are therefore held at most at the country's domestic navigation and
/// aviation CO2 (IPCC 1A3d, 1A3a) of an inventory: w' = min(w, domestic).
public enum ResidenceCorrection {
    public static let waterTransport = "H50", airTransport = "H51"

    public struct Domestic: Sendable, Equatable {
        public var navigation: Double, aviation: Double
        public init(navigation: Double, aviation: Double) { self.navigation = navigation; self.aviation = aviation }
    }

    /// `accounts`: account region → NACE sector → CO2; `domestic`: country → domestic transport
    /// CO2 in the same unit. The account region `RoW` (every country the accounts do not list)
    /// gets the sum over the inventory's countries that are not account regions. Returns the
    /// corrected accounts and, per region, the amount taken out. A country the inventory lacks
    /// is an error naming it.
    public static func capBunkers(_ accounts: [String: [String: Double]], domestic: [String: Domestic], source: String) throws
        -> (accounts: [String: [String: Double]], removed: [String: Double]) {
        var rest = Domestic(navigation: 0, aviation: 0)
        for (country, d) in domestic where accounts[country] == nil { rest.navigation += d.navigation; rest.aviation += d.aviation }
        var out = accounts, removed: [String: Double] = [:]
        for region in accounts.keys.sorted() {
            guard let d = region == "RoW" ? rest : domestic[region] else {
                throw InputError.invalidArgument("\(source): no domestic aviation and navigation for \(region)")
            }
            var cut = 0.0
            for (sector, cap) in [(waterTransport, d.navigation), (airTransport, d.aviation)] {
                guard let w = out[region]?[sector], w > cap else { continue }
                cut += w - cap
                out[region]![sector] = cap
            }
            removed[region] = cut
        }
        return (out, removed)
    }
}
