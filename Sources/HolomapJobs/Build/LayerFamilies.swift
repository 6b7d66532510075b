import HolomapCore

/// Families of layers a build writes (`layers:` in the config, `--layers` on the command line).
/// `consumption` (production_co2, consumption, consumption_minus_production) and `trade`
/// (embodied imports, exports, net trade) can be left out: their inputs are then not read and
/// their manifest sections not written. `production` cannot: the consumption side is spread like
/// the production items, and the total (made of the sector layers) is the map's reference for
/// the conservation check, the tile scale and the extent.
public enum LayerFamily: String, CaseIterable, Sendable, Codable, ConfigValue {
    case production, consumption, trade

    /// The one-line problem with a chosen set, or nil.
    public static func problem(_ chosen: [LayerFamily]) -> String? {
        chosen.contains(.production) ? nil
            : "production cannot be left out (the other layers are spread like it and the total is made of it); known: \(allCases.map(\.rawValue).joined(separator: ", "))"
    }
}

extension BuildConfig {
    /// The config with the families that are not chosen taken out; a chosen family the config
    /// has no section for is an error.
    func keeping(_ families: [LayerFamily]) throws -> BuildConfig {
        if let problem = LayerFamily.problem(families) { throw InputError.invalidArgument("layers: \(problem)") }
        var config = self
        if families.contains(.consumption), consumption == nil { throw InputError.invalidArgument("layers: consumption needs a consumption: section in the config") }
        if families.contains(.trade), trade == nil { throw InputError.invalidArgument("layers: trade needs a trade: section in the config") }
        if !families.contains(.consumption) { config.consumption = nil }
        if !families.contains(.trade) { config.trade = nil }
        return config
    }
}
