import Foundation
import XCTest
import HolomapCore
import HolomapTestSupport
import HolomapBridge
@testable import HolomapAccounts

/// The MRIO engine against pymrio itself (its test system and the regional accounts its own
/// `calc_all` produced), and against a textbook two-sector case.
final class MRIOTests: XCTestCase {
    func testRegionalAccountsEqualPymrios() throws {
        let expected = try TestSupport.sharedFile("pymrio-test-mrio/expected_regional_accounts.csv")
        let folder = URL(fileURLWithPath: expected).deletingLastPathComponent().appendingPathComponent("mrio")
        let system = try PymrioReader.read(folder: folder, extensionName: "emissions", readText: { try TextFile.read($0) }, readChunks: { try TextFile.forEachChunk($0, $1) })
        XCTAssertEqual(system.regions.count, 6); XCTAssertEqual(system.sectors.count, 8)
        let accounts = try RegionalAccounts.compute(system, solver: LAPACKSolver())
        XCTAssertEqual(accounts.zeroOutputSectors, [])
        var checked = 0
        for (line, f) in CSVReader(try TextFile.read(expected)) where line > 1 && f.count == 5 {
            let s = try XCTUnwrap(system.stressors.firstIndex { $0.name == f[2] && $0.compartment == f[3] })
            let r = try XCTUnwrap(system.regions.firstIndex(of: f[1]))
            let table = ["D_cba": accounts.D_cba, "D_pba": accounts.D_pba, "D_imp": accounts.D_imp, "D_exp": accounts.D_exp][f[0]]!
            let want = try XCTUnwrap(Double(f[4]))
            XCTAssertEqual(table[s, r], want, accuracy: abs(want) * 1e-9, "\(f)")
            checked += 1
        }
        XCTAssertEqual(checked, 4 * 6 * 2)
        // Global balance: Σ footprints = Σ territorial; Σ imports = Σ exports.
        for s in 0..<2 {
            let cba = (0..<6).reduce(0) { $0 + accounts.D_cba[s, $1] }, pba = (0..<6).reduce(0) { $0 + accounts.D_pba[s, $1] }
            XCTAssertEqual(cba, pba, accuracy: pba * 1e-12)
        }
    }

    /// Multipliers M = S L: on pymrio's test system M times total final demand gives every
    /// sector's emissions, Σ_r D_cba − F_Y (= Σ F), and equals S L with L formed explicitly.
    func testMultipliersEqualSTimesL() throws {
        let expected = try TestSupport.sharedFile("pymrio-test-mrio/expected_regional_accounts.csv")
        let folder = URL(fileURLWithPath: expected).deletingLastPathComponent().appendingPathComponent("mrio")
        let system = try PymrioReader.read(folder: folder, extensionName: "emissions", readText: { try TextFile.read($0) },
                                           readChunks: { try TextFile.forEachChunk($0, $1) })
        let x = system.output
        let (A, _) = IOMath.A(Z: system.Z, x: x)
        let S = IOMath.S(F: system.F, x: x)
        let M = try IOMath.M(S: S, A: A, solver: LAPACKSolver())
        let L = try IOMath.L(A, solver: LAPACKSolver())
        let n = system.n
        for k in 0..<S.rows {
            var fromY = 0.0, direct = 0.0
            for j in 0..<n {
                var sl = 0.0
                for i in 0..<n { sl += S[k, i] * L[i, j] }
                XCTAssertEqual(M[k, j], sl, accuracy: abs(sl) * 1e-10)
                var y = 0.0
                for c in 0..<system.Y.columns { y += system.Y[j, c] }
                fromY += M[k, j] * y
                direct += system.F[k, j]
            }
            XCTAssertEqual(fromY, direct, accuracy: direct * 1e-10)
        }
    }

    /// Miller and Blair (2009), section 2.3: Z = [[150, 500], [200, 100]], f = [350, 1700],
    /// x = [1000, 2000]; L = (I − A)⁻¹ = [[1.254, 0.330], [0.264, 1.122]] (to 3 decimals).
    func testMillerBlairTwoSectorLeontiefInverse() throws {
        let Z = Matrix(rows: 2, columns: 2, values: [150, 500, 200, 100])
        let Y = Matrix(rows: 2, columns: 1, values: [350, 1700])
        let x = IOMath.x(Z: Z, Y: Y)
        XCTAssertEqual(x, [1000, 2000])
        let (A, zero) = IOMath.A(Z: Z, x: x)
        XCTAssertEqual(A.values, [0.15, 0.25, 0.2, 0.05])
        XCTAssertEqual(zero, [])
        let L = try IOMath.L(A, solver: LAPACKSolver())
        for (got, want) in zip(L.values, [1.254, 0.330, 0.264, 1.122]) { XCTAssertEqual(got, want, accuracy: 5e-4) }
        // L y reproduces x.
        let back = try LAPACKSolver().solve(IOMath.leontiefMatrix(A), Y)
        XCTAssertEqual(back.values[0], 1000, accuracy: 1e-9); XCTAssertEqual(back.values[1], 2000, accuracy: 1e-9)
    }

    func testSingularLeontiefMatrixIsAnError() {
        // A column summing to 1 with no final demand: I − A singular.
        let A = Matrix(rows: 2, columns: 2, values: [0, 1, 1, 0])
        XCTAssertThrowsError(try LAPACKSolver().solve(IOMath.leontiefMatrix(A), Matrix(rows: 2, columns: 1, values: [1, 1]))) {
            XCTAssertTrue("\($0)".contains("singular"), "\($0)")
        }
    }
}
