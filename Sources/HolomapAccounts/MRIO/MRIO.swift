import Foundation
import HolomapCore

/// A dense row-major matrix of Float64.
public struct Matrix: Sendable, Equatable {
    public var rows: Int
    public var columns: Int
    public var values: [Double]
    public init(rows: Int, columns: Int, values: [Double]? = nil) {
        self.rows = rows; self.columns = columns
        self.values = values ?? [Double](repeating: 0, count: rows * columns)
        precondition(self.values.count == rows * columns)
    }
    public subscript(r: Int, c: Int) -> Double {
        get { values[r * columns + c] }
        set { values[r * columns + c] = newValue }
    }
}

/// Solves A X = B for square A (LU with partial pivoting); the C implementation (LAPACK) lives
/// in the bridge, so the economics here stay pure Swift.
public protocol LinearSolver {
    /// B ← A⁻¹ B without forming A⁻¹; A is overwritten by its LU factors (no copy of either,
    /// for systems of ten thousand sectors). Throws for a singular A.
    func solveInPlace(_ a: inout Matrix, _ b: inout Matrix) throws
    /// X = A⁻¹ B, without forming A⁻¹. Throws for a singular A.
    func solve(_ a: Matrix, _ b: Matrix) throws -> Matrix
}

/// A multi-regional input-output system: regions × sectors of intermediate use `Z`, final
/// demand `Y` (columns by region and category) and one satellite account `F` (stressors ×
/// sectors) with the final-demand emissions `F_Y`.
public struct MRIOSystem: Sendable {
    public var regions: [String]
    public var sectors: [String]
    /// Z (n × n), n = regions × sectors, in region-major order.
    public var Z: Matrix
    /// Y (n × final-demand columns); `finalDemandRegions[k]` is the region of column k.
    public var Y: Matrix
    public var finalDemandRegions: [String]
    /// Stressors as (name, compartment).
    public var stressors: [(name: String, compartment: String)]
    /// F (stressors × n) and F_Y (stressors × final-demand columns).
    public var F: Matrix
    public var FY: Matrix?
    /// Total output: the table's own (EXIOBASE) or Z 1 + Y 1, fixed by the readers so later
    /// steps never recompute it; nil: x = Z 1 + Y 1 on demand.
    public var x: [Double]?

    public init(regions: [String], sectors: [String], Z: Matrix, Y: Matrix, finalDemandRegions: [String],
                stressors: [(name: String, compartment: String)], F: Matrix, FY: Matrix?, x: [Double]? = nil) {
        self.regions = regions; self.sectors = sectors; self.Z = Z; self.Y = Y; self.finalDemandRegions = finalDemandRegions
        self.stressors = stressors; self.F = F; self.FY = FY; self.x = x
    }

    public var n: Int { regions.count * sectors.count }
    /// x as given, or Z 1 + Y 1.
    public var output: [Double] { x ?? IOMath.x(Z: Z, Y: Y) }
}

/// Input-output economics as pure functions with textbook names (Miller and Blair 2009), as
/// pymrio defines them.
public enum IOMath {
    /// x = Z 1 + Y 1: total output.
    public static func x(Z: Matrix, Y: Matrix) -> [Double] {
        (0..<Z.rows).map { r in
            var s = 0.0
            for c in 0..<Z.columns { s += Z[r, c] }
            for c in 0..<Y.columns { s += Y[r, c] }
            return s
        }
    }

    /// A = Z x̂⁻¹: technical coefficients. Columns of sectors with zero output are left zero
    /// and returned in `zeroOutput`, so the caller reports them (no silent inf → 0).
    public static func A(Z: Matrix, x: [Double]) -> (A: Matrix, zeroOutput: [Int]) {
        var a = Z
        var zero: [Int] = []
        for c in 0..<Z.columns {
            if x[c] == 0 { zero.append(c); for r in 0..<Z.rows { a[r, c] = 0 }; continue }
            for r in 0..<Z.rows { a[r, c] = Z[r, c] / x[c] }
        }
        return (a, zero)
    }

    /// S = F x̂⁻¹: stressor per unit of output (zero for sectors with zero output).
    public static func S(F: Matrix, x: [Double]) -> Matrix {
        var s = F
        for c in 0..<F.columns { for r in 0..<F.rows { s[r, c] = x[c] == 0 ? 0 : F[r, c] / x[c] } }
        return s
    }

    /// I − A built straight from Z and x (A = Z x̂⁻¹ never stored): one n × n matrix, which
    /// the LU solve then overwrites. Columns with zero output are those of I.
    public static func leontiefMatrix(Z: Matrix, x: [Double]) -> Matrix {
        var m = Z
        toLeontiefMatrix(&m, x: x)
        return m
    }

    /// Z → I − Z x̂⁻¹ in place.
    public static func toLeontiefMatrix(_ m: inout Matrix, x: [Double]) {
        let inverse = x.map { $0 == 0 ? 0 : 1 / $0 }
        let n = m.columns, rows = m.rows
        m.values.withUnsafeMutableBufferPointer { out in
            for r in 0..<rows {
                let row = r * n
                for c in 0..<n { out[row + c] = -out[row + c] * inverse[c] }
                out[row + r] += 1
            }
        }
    }

    /// Y_reg: final demand summed over each region's categories (n × regions).
    public static func finalDemandByRegion(Y: Matrix, finalDemandRegions: [String], regions: [String]) -> Matrix {
        var yReg = Matrix(rows: Y.rows, columns: regions.count)
        let index = Dictionary(uniqueKeysWithValues: regions.enumerated().map { ($0.element, $0.offset) })
        for c in 0..<Y.columns {
            let r = index[finalDemandRegions[c]]!
            for i in 0..<Y.rows { yReg[i, r] += Y[i, c] }
        }
        return yReg
    }

    /// I − A.
    public static func leontiefMatrix(_ A: Matrix) -> Matrix {
        var m = A
        for i in 0..<m.values.count { m.values[i] = -m.values[i] }
        for i in 0..<A.rows { m[i, i] += 1 }
        return m
    }

    /// M = S L: total (direct and upstream) stressor per unit of final demand of each sector's
    /// product (multipliers). Computed as Mᵀ = (I − A)⁻ᵀ Sᵀ, one LU solve; L is not formed.
    public static func M(S: Matrix, A: Matrix, solver: LinearSolver) throws -> Matrix {
        let n = A.rows
        var transposed = Matrix(rows: n, columns: n)
        for r in 0..<n { for c in 0..<n { transposed[c, r] = (r == c ? 1 : 0) - A[r, c] } }
        var st = Matrix(rows: n, columns: S.rows)
        for k in 0..<S.rows { for j in 0..<n { st[j, k] = S[k, j] } }
        try solver.solveInPlace(&transposed, &st)
        var m = Matrix(rows: S.rows, columns: n)
        for k in 0..<S.rows { for j in 0..<n { m[k, j] = st[j, k] } }
        return m
    }

    /// L = (I − A)⁻¹, the Leontief inverse, formed explicitly: only for callers that ask for it
    /// (small tables, teaching). The accounts never form it; they solve (I − A) X = Y_reg.
    public static func L(_ A: Matrix, solver: LinearSolver) throws -> Matrix {
        var identity = Matrix(rows: A.rows, columns: A.rows)
        for i in 0..<A.rows { identity[i, i] = 1 }
        return try solver.solve(leontiefMatrix(A), identity)
    }
}

/// Regional accounts of one satellite account, as pymrio's `calc_all` gives them:
/// - D_cba[r] = Σ_j S_j (L y_r)_j + F_Y[r]: consumption-based (footprint), with the region's
///   direct final-demand emissions;
/// - D_pba[r] = Σ_{j∈r} S_j x_j + F_Y[r]: production-based (territorial);
/// - D_imp[r] = Σ_{j∉r} S_j (L y_r)_j: emissions abroad for r's final demand;
/// - D_exp[r] = Σ_{j∈r} S_j (x_j − (L y_r)_j): emissions in r for other regions' final demand.
///
/// L = (I − A)⁻¹ is applied through one LU solve of (I − A) X = Y_reg; L is never formed.
public struct RegionalAccounts: Sendable {
    public var regions: [String]
    public var stressors: [(name: String, compartment: String)]
    /// [account][stressor][region]
    public var D_cba: Matrix, D_pba: Matrix, D_imp: Matrix, D_exp: Matrix
    /// Sectors with zero total output (their A and S columns are zero).
    public var zeroOutputSectors: [Int]
    /// MRIO emissions embodied in trade: T[s][p, r] = Σ_{j∈p} S_j (L y_r)_j, emissions in p
    /// for the final demand of r (per stressor; region × region).
    public var transfers: [Matrix]

    public static func compute(_ system: MRIOSystem, solver: LinearSolver) throws -> RegionalAccounts {
        let x = system.output
        var leontief = IOMath.leontiefMatrix(Z: system.Z, x: x)
        return try compute(system, x: x, leontief: &leontief, solver: solver)
    }

    /// As `compute`, for large tables: Z itself becomes I − A and then its LU factors, so the
    /// run holds one n × n matrix. `system.Z` is empty afterwards (and must not be shared).
    public static func compute(releasingZ system: inout MRIOSystem, solver: LinearSolver) throws -> RegionalAccounts {
        let x = system.output
        var leontief = system.Z
        system.Z = Matrix(rows: 0, columns: 0)
        IOMath.toLeontiefMatrix(&leontief, x: x)
        return try compute(system, x: x, leontief: &leontief, solver: solver)
    }

    static func compute(_ system: MRIOSystem, x: [Double], leontief: inout Matrix, solver: LinearSolver) throws -> RegionalAccounts {
        let zero = x.indices.filter { x[$0] == 0 }
        let S = IOMath.S(F: system.F, x: x)
        var X = IOMath.finalDemandByRegion(Y: system.Y, finalDemandRegions: system.finalDemandRegions, regions: system.regions)
        try solver.solveInPlace(&leontief, &X)
        leontief = Matrix(rows: 0, columns: 0)   // free the factors before the accounts
        let R = system.regions.count, c = system.sectors.count, k = system.stressors.count
        var cba = Matrix(rows: k, columns: R), pba = Matrix(rows: k, columns: R), imp = Matrix(rows: k, columns: R), exp = Matrix(rows: k, columns: R)
        var transfers = (0..<k).map { _ in Matrix(rows: R, columns: R) }
        for s in 0..<k {
            for p in 0..<R {
                for j in (p * c)..<((p + 1) * c) {
                    pba[s, p] += S[s, j] * x[j]
                    for r in 0..<R { transfers[s][p, r] += S[s, j] * X[j, r] }
                }
            }
            for r in 0..<R {
                for p in 0..<R {
                    cba[s, r] += transfers[s][p, r]
                    if p != r { imp[s, r] += transfers[s][p, r]; exp[s, p] += transfers[s][p, r] }
                }
            }
        }
        if let FY = system.FY {
            let index = Dictionary(uniqueKeysWithValues: system.regions.enumerated().map { ($0.element, $0.offset) })
            for col in 0..<FY.columns {
                let r = index[system.finalDemandRegions[col]]!
                for s in 0..<k { cba[s, r] += FY[s, col]; pba[s, r] += FY[s, col] }
            }
        }
        return RegionalAccounts(regions: system.regions, stressors: system.stressors, D_cba: cba, D_pba: pba, D_imp: imp, D_exp: exp,
                                zeroOutputSectors: zero, transfers: transfers)
    }
}

/// Emissions embodied in bilateral trade (EEBT; Peters 2008, Peters, Minx, Weber and Edenhofer
/// 2011): each region's exports, intermediate and final together, carry the emissions of the
/// exporter's own production for them, with its domestic multipliers:
///
///   T[s][p, r] = S_p (I − A_pp)⁻¹ e_pr,  e_pr = Z_pr 1 + Y_pr 1  (r ≠ p),
///   T[s][p, p] = S_p (I − A_pp)⁻¹ y_pp   (domestic final demand).
///
/// Rows sum to the territorial account without F_Y: Σ_r T[p, r] = S_p x_p, because
/// (I − A_pp) x_p = y_pp + Σ_{r≠p} e_pr. The EEBT consumption account of r is
/// Σ_p T[p, r] + F_Y[r].
public enum EEBT {
    public static func transfers(_ system: MRIOSystem, solver: LinearSolver) throws -> [Matrix] {
        let x = system.output
        let S = IOMath.S(F: system.F, x: x)
        let R = system.regions.count, c = system.sectors.count, k = system.stressors.count
        let index = Dictionary(uniqueKeysWithValues: system.regions.enumerated().map { ($0.element, $0.offset) })
        let demandRegion = system.finalDemandRegions.map { index[$0]! }
        var out = (0..<k).map { _ in Matrix(rows: R, columns: R) }
        for p in 0..<R {
            let rows = (p * c)..<((p + 1) * c)
            var domestic = Matrix(rows: c, columns: c)   // I − A_pp
            var flows = Matrix(rows: c, columns: R)      // e_pr by column, y_pp on the diagonal
            for (i, gi) in rows.enumerated() {
                for (j, gj) in rows.enumerated() { domestic[i, j] = (i == j ? 1 : 0) - (x[gj] == 0 ? 0 : system.Z[gi, gj] / x[gj]) }
                for r in 0..<R where r != p {
                    for gj in (r * c)..<((r + 1) * c) { flows[i, r] += system.Z[gi, gj] }
                }
                for col in 0..<system.Y.columns { flows[i, demandRegion[col]] += system.Y[gi, col] }
            }
            try solver.solveInPlace(&domestic, &flows)
            for s in 0..<k {
                for r in 0..<R {
                    var sum = 0.0
                    for (i, gi) in rows.enumerated() { sum += S[s, gi] * flows[i, r] }
                    out[s][p, r] = sum
                }
            }
        }
        return out
    }
}
