import Foundation
import XCTest
import HolomapTestSupport
@testable import HolomapBridge

/// The OpenBLAS kernel: chosen from the CPU's instruction sets when OpenBLAS falls back to a
/// generic one, and the accounts the same to rounding whichever kernel runs.
final class BLASKernelTests: XCTestCase {
    func testKernelFollowsTheInstructionSets() {
        XCTAssertEqual(BLASKernel.kernel(forCPUFlags: ["avx", "avx2", "fma", "avx512f", "avx512vl", "avx512bw", "avx512dq", "avx512cd"]), "SkylakeX")
        XCTAssertEqual(BLASKernel.kernel(forCPUFlags: ["avx", "avx2", "fma", "avx512f"]), "Haswell", "AVX-512 without VL/BW/DQ is not SkylakeX")
        XCTAssertEqual(BLASKernel.kernel(forCPUFlags: ["sse2", "avx"]), "Sandybridge")
        XCTAssertNil(BLASKernel.kernel(forCPUFlags: ["sse2", "sse4_2"]))
    }

    /// `holomap mrio` as a user runs it, nothing set: OpenBLAS reports (OPENBLAS_VERBOSE=2, at
    /// load) a kernel that is not a generic fallback on a CPU with AVX2; with a generic kernel
    /// forced by the user the footprints agree to 1e-12.
    func testMRIORunsOnTheCPUsKernelWithTheSameResults() throws {
        let folder = try TestSupport.sharedFile("pymrio-test-mrio/mrio")
        let flags = BLASKernel.cpuFlags()
        let out = try TestSupport.temporaryFolder()
        func footprints(_ name: String, _ environment: [String: String]) throws -> (values: [String: Double], stderr: String) {
            var env = ProcessInfo.processInfo.environment
            env["OPENBLAS_CORETYPE"] = nil
            env.merge(environment) { $1 }
            let path = out.appendingPathComponent(name).path
            let run = try TestSupport.run(try TestSupport.holomap(), ["mrio", "footprints", "--dir", folder, "--out", path], environment: env)
            XCTAssertEqual(run.status, 0, run.stderr)
            var values: [String: Double] = [:]
            for line in try String(contentsOfFile: path, encoding: .utf8).split(separator: "\n").dropFirst() {
                let f = line.split(separator: ",", omittingEmptySubsequences: false)
                values[f.dropLast().joined(separator: ",")] = Double(f.last!)
            }
            return (values, run.stderr)
        }
        let chosen = try footprints("default.csv", ["OPENBLAS_VERBOSE": "2"])
        let core = chosen.stderr.split(separator: "\n").last { $0.hasPrefix("Core: ") }.map { String($0.dropFirst(6)) }
        if BLASKernel.kernel(forCPUFlags: flags) != nil {
            let kernel = try XCTUnwrap(core, chosen.stderr)
            XCTAssertFalse(BLASKernel.genericKernels.contains(kernel), "generic kernel \(kernel) on a CPU with \(BLASKernel.kernel(forCPUFlags: flags)!)")
        }
        let generic = try footprints("generic.csv", ["OPENBLAS_CORETYPE": "Prescott"])
        XCTAssertEqual(Set(chosen.values.keys), Set(generic.values.keys))
        XCTAssertEqual(chosen.values.count, 90, "pymrio test system: D_cba, D_pba, D_imp, D_exp, D_cba_eebt × 6 regions × 3 stressors")
        for (key, value) in chosen.values {
            XCTAssertEqual(generic.values[key]!, value, accuracy: abs(value) * 1e-12, key)
        }
    }
}
