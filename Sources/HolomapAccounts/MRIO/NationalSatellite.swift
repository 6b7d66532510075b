import HolomapCore
/// A satellite account for a table that has none (WIOD 2013): national territorial totals
/// split across each region's sectors,
///
///   F_{r,j} = (T_r − H_r) · w_{r,j} / Σ_k w_{r,k},   F_Y[r] = H_r,
///
/// with w the region's sector weights (CO2 by sector from an environmental account, in the
/// totals' unit) and H_r households' direct emissions (their own fuel and cars): the part of T_r
/// the industries' account does not hold, H_r = max(T_r − Σ_k w_{r,k}, 0). Industry accounts
/// have no household rows, so what the territorial total holds beyond them is put in final
/// demand, where it is consumed and never exported. A region without weights, or whose weights
/// are all zero, is split by gross output x with H_r = 0, and is reported. Sectors with zero
/// output get no share. Σ_j F_{r,j} + F_Y[r] = T_r exactly, so D_pba reproduces the totals.
public enum NationalSatellite {
    public struct Fallback: Sendable, Equatable {
        public var region: String
        public var reason: String
    }

    /// H_r goes to the region's first final-demand column (WIOD's CONS_h); the accounts sum F_Y
    /// by region, so the column within the region changes nothing.
    public static func allocate(_ system: MRIOSystem, stressor: (name: String, compartment: String),
                                totals: [String: Double], weights: [String: [String: Double]])
        throws -> (system: MRIOSystem, fallbacks: [Fallback], households: [String: Double]) {
        if let missing = system.regions.first(where: { totals[$0] == nil }) {
            throw InputError.invalidArgument("no territorial total for region \(missing)")
        }
        let x = system.output
        let c = system.sectors.count
        var F = Matrix(rows: 1, columns: system.n)
        var FY = Matrix(rows: 1, columns: system.Y.columns)
        var fallbacks: [Fallback] = [], direct: [String: Double] = [:]
        for (r, region) in system.regions.enumerated() {
            // Sectors without output cannot carry emissions (S = F x̂⁻¹ would drop them).
            var w = system.sectors.enumerated().map { x[r * c + $0.offset] > 0 ? weights[region]?[$0.element] ?? 0 : 0 }
            var industries = totals[region]!
            if !w.contains(where: { $0 > 0 }) {
                fallbacks.append(Fallback(region: region, reason: weights[region] == nil ? "no sector weights; split by gross output" : "sector weights all zero; split by gross output"))
                w = (0..<c).map { x[r * c + $0] }
            } else {
                let h = max(industries - w.reduce(0, +), 0)
                guard let column = system.finalDemandRegions.firstIndex(of: region) else {
                    throw InputError.invalidArgument("region \(region) has no final-demand column for households' direct emissions")
                }
                FY[0, column] = h
                direct[region] = h
                industries -= h
            }
            let sum = w.reduce(0, +)
            guard sum > 0 else { throw InputError.invalidArgument("region \(region) has neither sector weights nor output") }
            for j in 0..<c { F[0, r * c + j] = industries * w[j] / sum }
        }
        var out = system
        out.stressors = [stressor]
        out.F = F
        out.FY = FY
        return (out, fallbacks, direct)
    }
}
