import HolomapCore
/// A satellite account for a table that has none (WIOD 2013): national territorial totals
/// split across each region's sectors,
///
///   F_{r,j} = T_r · w_{r,j} / Σ_k w_{r,k},
///
/// with w the region's sector weights (CO2 by sector from an environmental account); a region
/// without weights, or whose weights are all zero, is split by gross output x instead, and is
/// reported. Sectors with zero output get no share. Σ_j F_{r,j} = T_r exactly, so D_pba reproduces the totals. F_Y is zero: the
/// totals' household emissions are attributed to the sectors (docs/consumption.md).
public enum NationalSatellite {
    public struct Fallback: Sendable, Equatable {
        public var region: String
        public var reason: String
    }

    public static func allocate(_ system: MRIOSystem, stressor: (name: String, compartment: String),
                                totals: [String: Double], weights: [String: [String: Double]]) throws -> (system: MRIOSystem, fallbacks: [Fallback]) {
        if let missing = system.regions.first(where: { totals[$0] == nil }) {
            throw InputError.invalidArgument("no territorial total for region \(missing)")
        }
        let x = system.output
        let c = system.sectors.count
        var F = Matrix(rows: 1, columns: system.n)
        var fallbacks: [Fallback] = []
        for (r, region) in system.regions.enumerated() {
            // Sectors without output cannot carry emissions (S = F x̂⁻¹ would drop them).
            var w = system.sectors.enumerated().map { x[r * c + $0.offset] > 0 ? weights[region]?[$0.element] ?? 0 : 0 }
            if !w.contains(where: { $0 > 0 }) {
                fallbacks.append(Fallback(region: region, reason: weights[region] == nil ? "no sector weights; split by gross output" : "sector weights all zero; split by gross output"))
                w = (0..<c).map { x[r * c + $0] }
            }
            let sum = w.reduce(0, +)
            guard sum > 0 else { throw InputError.invalidArgument("region \(region) has neither sector weights nor output") }
            for j in 0..<c { F[0, r * c + j] = totals[region]! * w[j] / sum }
        }
        var out = system
        out.stressors = [stressor]
        out.F = F
        out.FY = Matrix(rows: 1, columns: system.Y.columns)
        return (out, fallbacks)
    }
}
