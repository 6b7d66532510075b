import HolomapCore

/// Families of layers a build writes (`layers:` in the config, `--layers` on the command line).
/// `consumption` (production_co2, consumption, consumption_minus_production), `trade` (embodied
/// imports, exports, net trade) and `natural` (land sink, land-use change, fire, the nets) can be
/// left out: their inputs are then not read and their manifest sections not written. Without
/// `production` the sector, total and bunkers layers are not written, but the inventory is still
/// read and gridded: the consumption side is spread like the production items, panoramic_net
/// adds the production CO2, and the conservation check of every country's items stays whole.
public enum LayerFamily: String, CaseIterable, Sendable, Codable, ConfigValue {
    case production, consumption, trade, natural

    /// The one-line problem with a chosen set, or nil.
    public static func problem(_ chosen: [LayerFamily]) -> String? {
        chosen.isEmpty ? "choose at least one family; known: \(allCases.map(\.rawValue).joined(separator: ", "))" : nil
    }
}

extension BuildConfig {
    /// Whether the production layers (sectors, total, bunkers) are written.
    var writesProduction: Bool { layers?.contains(.production) ?? true }

    /// The config with the families that are not chosen taken out; a chosen family the config
    /// has no section for is an error.
    func keeping(_ families: [LayerFamily]) throws -> BuildConfig {
        if let problem = LayerFamily.problem(families) { throw InputError.invalidArgument("layers: \(problem)") }
        var config = self
        config.layers = families
        for (family, present) in [(LayerFamily.consumption, consumption != nil), (.trade, trade != nil), (.natural, natural != nil)]
        where families.contains(family) && !present {
            throw InputError.invalidArgument("layers: \(family.rawValue) needs a \(family.rawValue): section in the config")
        }
        if !families.contains(.consumption) { config.consumption = nil }
        if !families.contains(.trade) { config.trade = nil }
        if !families.contains(.natural) { config.natural = nil }
        return config
    }
}
