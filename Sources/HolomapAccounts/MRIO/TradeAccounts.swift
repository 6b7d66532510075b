import HolomapCore

/// Emissions embodied in trade, per region and (for exports) per sector, of one CO2 selection of
/// an MRIO's satellite account; pymrio's definitions (Miller and Blair 2009, ch. 10):
///
/// - X = L Y_reg = (I − A)⁻¹ Y_reg: output of every sector for the final demand of each region
///   (column r is L y_r);
/// - export share of sector j of region r: σ_j = 1 − (L y_r)_j / x_j, the part of its output not
///   used for r's own final demand (0 for sectors without output);
/// - exported emissions of sector j: e_j = S_j x_j σ_j = S_j (x_j − (L y_r)_j);
/// - D_exp[r] = Σ_{j∈r} e_j (emissions in r for other regions' final demand);
/// - D_imp[r] = Σ_{j∉r} S_j (L y_r)_j (emissions abroad for r's final demand);
/// - D_cba[r] = Σ_j S_j (L y_r)_j + F_Y[r], D_pba[r] = Σ_{j∈r} S_j x_j + F_Y[r];
/// - hence D_imp[r] − D_exp[r] = D_cba[r] − D_pba[r] exactly (F_Y cancels).
///
/// S is the sum of the selected stressor rows, so every figure is of the selection (CO2).
public struct TradeAccounts: Sendable {
    public var regions: [String]
    public var sectors: [String]
    /// Per region, in `regions` order.
    public var D_imp: [Double], D_exp: [Double], D_cba: [Double], D_pba: [Double]
    /// σ_j, n = regions × sectors, region-major.
    public var exportShare: [Double]
    /// e_j = S_j x_j σ_j, n values, region-major; Σ over a region's sectors is its D_exp.
    public var exportedEmissions: [Double]

    /// Net trade, D_imp − D_exp, of region `r`.
    public func netTrade(_ r: Int) -> Double { D_imp[r] - D_exp[r] }

    /// e_j of region `r`'s sectors, by sector name.
    public func exportsBySector(_ r: Int) -> [(sector: String, value: Double)] {
        sectors.enumerated().map { ($0.element, exportedEmissions[r * sectors.count + $0.offset]) }
    }

    public static func compute(_ system: MRIOSystem, stressor: StressorSelection, solver: LinearSolver) throws -> TradeAccounts {
        let x = system.output
        let R = system.regions.count, c = system.sectors.count, n = system.n
        // s_j = Σ_selected F_kj / x_j.
        let s = (0..<n).map { j in x[j] == 0 ? 0 : stressor.sum(system.F, column: j) / x[j] }
        var leontief = IOMath.leontiefMatrix(Z: system.Z, x: x)
        var X = IOMath.finalDemandByRegion(Y: system.Y, finalDemandRegions: system.finalDemandRegions, regions: system.regions)
        try solver.solveInPlace(&leontief, &X)
        var imp = [Double](repeating: 0, count: R), exp = imp, cba = imp, pba = imp
        var share = [Double](repeating: 0, count: n), exported = share
        for r in 0..<R {
            for j in 0..<n {
                let forR = s[j] * X[j, r]
                cba[r] += forR
                if j / c != r { imp[r] += forR }
            }
            for j in (r * c)..<((r + 1) * c) {
                pba[r] += s[j] * x[j]
                exported[j] = s[j] * (x[j] - X[j, r])
                share[j] = x[j] == 0 ? 0 : 1 - X[j, r] / x[j]
                exp[r] += exported[j]
            }
        }
        if let FY = system.FY {
            let index = Dictionary(uniqueKeysWithValues: system.regions.enumerated().map { ($0.element, $0.offset) })
            for col in 0..<FY.columns {
                let r = index[system.finalDemandRegions[col]]!
                let direct = stressor.sum(FY, column: col)
                cba[r] += direct; pba[r] += direct
            }
        }
        return TradeAccounts(regions: system.regions, sectors: system.sectors, D_imp: imp, D_exp: exp, D_cba: cba, D_pba: pba,
                             exportShare: share, exportedEmissions: exported)
    }
}
