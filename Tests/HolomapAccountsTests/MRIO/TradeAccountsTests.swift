import Foundation
import XCTest
import HolomapCore
import HolomapTestSupport
import HolomapBridge
@testable import HolomapAccounts

/// Trade accounts (D_imp, D_exp, export shares, exported emissions by sector) against pymrio's
/// own calc_all results and an independent numpy computation with L formed explicitly.
final class TradeAccountsTests: XCTestCase {
    func pymrioSystem() throws -> (system: MRIOSystem, expected: String, folder: URL) {
        let expected = try TestSupport.sharedFile("pymrio-test-mrio/expected_regional_accounts.csv")
        let folder = URL(fileURLWithPath: expected).deletingLastPathComponent().appendingPathComponent("mrio")
        let system = try PymrioReader.read(folder: folder, extensionName: "emissions", readText: { try TextFile.read($0) },
                                           readChunks: { try TextFile.forEachChunk($0, $1) })
        return (system, expected, folder)
    }

    func testTradeAccountsEqualPymriosAndNetTradeIsConsumptionMinusTerritorial() throws {
        let (system, expected, _) = try pymrioSystem()
        var checked = 0
        for (s, stressor) in system.stressors.enumerated() {
            let selection = StressorSelection(indices: [s], label: stressor.name)
            let trade = try TradeAccounts.compute(system, stressor: selection, solver: LAPACKSolver())
            var want: [String: [String: Double]] = [:]
            for (line, f) in CSVReader(try TextFile.read(expected)) where line > 1 && f.count == 5 && f[2] == stressor.name {
                want[f[0], default: [:]][f[1]] = try XCTUnwrap(Double(f[4]))
            }
            for (r, region) in trade.regions.enumerated() {
                let imp = try XCTUnwrap(want["D_imp"]?[region]), exp = try XCTUnwrap(want["D_exp"]?[region])
                let cba = try XCTUnwrap(want["D_cba"]?[region]), pba = try XCTUnwrap(want["D_pba"]?[region])
                XCTAssertEqual(trade.D_imp[r], imp, accuracy: abs(imp) * 1e-9)
                XCTAssertEqual(trade.D_exp[r], exp, accuracy: abs(exp) * 1e-9)
                XCTAssertEqual(trade.D_cba[r], cba, accuracy: abs(cba) * 1e-9)
                XCTAssertEqual(trade.D_pba[r], pba, accuracy: abs(pba) * 1e-9)
                // The sectors' exported emissions add up to pymrio's D_exp.
                let bySector = trade.exportsBySector(r).reduce(0) { $0 + $1.value }
                XCTAssertEqual(bySector, exp, accuracy: abs(exp) * 1e-9)
                // Net trade is pymrio's consumption − territorial.
                XCTAssertEqual(trade.netTrade(r), cba - pba, accuracy: max(abs(cba), abs(pba)) * 1e-9)
                checked += 1
            }
        }
        XCTAssertEqual(checked, 12)
    }

    /// σ_j and e_j for emission_type1 against numpy with L = inv(I − Z x̂⁻¹).
    func testExportSharesEqualNumpys() throws {
        let (system, _, folder) = try pymrioSystem()
        let python = try TestSupport.python(requiring: "numpy")
        let script = """
        import numpy as np
        d = '\(folder.path)/'
        Z = np.loadtxt(d + 'Z.txt', delimiter='\\t', skiprows=3, usecols=range(2, 50))
        Y = np.loadtxt(d + 'Y.txt', delimiter='\\t', skiprows=3, usecols=range(2, 44))
        F = np.loadtxt(d + 'emissions/F.txt', delimiter='\\t', skiprows=3, usecols=range(2, 50))
        x = Z.sum(1) + Y.sum(1)
        X = np.linalg.inv(np.eye(48) - Z / x) @ Y.reshape(48, 6, 7).sum(2)
        for j in range(48):
            own = X[j, j // 8]
            print(repr(float(1 - own / x[j])), repr(float(F[0, j] / x[j] * (x[j] - own))))
        """
        let run = try TestSupport.run(python, ["-c", script])
        let rows = run.stdout.split(separator: "\n").map { $0.split(separator: " ").compactMap { Double($0) } }
        XCTAssertEqual(rows.count, 48, run.stderr)
        let trade = try TradeAccounts.compute(system, stressor: StressorSelection(indices: [0], label: "emission_type1"), solver: LAPACKSolver())
        for (j, row) in rows.enumerated() {
            guard row.count == 2 else { XCTFail("numpy line \(j): \(row)"); continue }
            XCTAssertEqual(trade.exportShare[j], row[0], accuracy: 1e-9, "sector \(j)")
            XCTAssertEqual(trade.exportedEmissions[j], row[1], accuracy: abs(row[1]) * 1e-9 + 1e-6, "sector \(j)")
            XCTAssertTrue((0...1).contains(trade.exportShare[j]), "share in [0, 1]")
        }
    }
}
