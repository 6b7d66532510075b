import Foundation

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

    public var n: Int { regions.count * sectors.count }
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

    /// I − A.
    public static func leontiefMatrix(_ A: Matrix) -> Matrix {
        var m = A
        for i in 0..<m.values.count { m.values[i] = -m.values[i] }
        for i in 0..<A.rows { m[i, i] += 1 }
        return m
    }

    /// X = L Y_reg with L = (I − A)⁻¹ applied through one LU solve: column r is the output every
    /// sector needs for the final demand of region r (Y summed over r's categories).
    public static func outputByFinalDemandRegion(A: Matrix, Y: Matrix, finalDemandRegions: [String], regions: [String],
                                                 solver: LinearSolver) throws -> Matrix {
        var yReg = Matrix(rows: Y.rows, columns: regions.count)
        let index = Dictionary(uniqueKeysWithValues: regions.enumerated().map { ($0.element, $0.offset) })
        for c in 0..<Y.columns {
            let r = index[finalDemandRegions[c]]!
            for i in 0..<Y.rows { yReg[i, r] += Y[i, c] }
        }
        return try solver.solve(leontiefMatrix(A), yReg)
    }
}

/// Regional accounts of one satellite account, as pymrio's `calc_all` gives them:
/// - D_cba[r] = Σ_j S_j (L y_r)_j + F_Y[r]: consumption-based (footprint), with the region's
///   direct final-demand emissions;
/// - D_pba[r] = Σ_{j∈r} S_j x_j + F_Y[r]: production-based (territorial);
/// - D_imp[r] = Σ_{j∉r} S_j (L y_r)_j: emissions abroad for r's final demand;
/// - D_exp[r] = Σ_{j∈r} S_j (x_j − (L y_r)_j): emissions in r for other regions' final demand.
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
        let x = IOMath.x(Z: system.Z, Y: system.Y)
        let (A, zero) = IOMath.A(Z: system.Z, x: x)
        let S = IOMath.S(F: system.F, x: x)
        let X = try IOMath.outputByFinalDemandRegion(A: A, Y: system.Y, finalDemandRegions: system.finalDemandRegions,
                                                     regions: system.regions, solver: solver)
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
