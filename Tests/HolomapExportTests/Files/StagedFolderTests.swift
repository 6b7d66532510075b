import Foundation
import XCTest
import HolomapCore
import HolomapTestSupport
@testable import HolomapExport

/// Whole-folder outputs: written beside the target, put in place in one step, never replacing a
/// folder holomap did not write.
final class StagedFolderTests: XCTestCase {
    func testCommitCreatesThenReplacesAndDiscardLeavesNothing() throws {
        let parent = try TestSupport.temporaryFolder()
        let target = parent.appendingPathComponent("out")
        let first = try StagedFolder(target.path, overwrite: false, marker: "manifest.json")
        XCTAssertEqual(first.staging.deletingLastPathComponent().path, parent.path, "staged beside the target")
        try "one".write(to: first.staging.appendingPathComponent("manifest.json"), atomically: false, encoding: .utf8)
        try first.commit()
        XCTAssertEqual(TestSupport.files(in: parent), ["out"])
        XCTAssertThrowsError(try StagedFolder(target.path, overwrite: false, marker: "manifest.json")) {
            XCTAssertTrue("\($0)".contains("exists; pass --overwrite"), "\($0)")
        }
        // A failed second run: the first output is untouched, nothing else is left.
        let failed = try StagedFolder(target.path, overwrite: true, marker: "manifest.json")
        try "half".write(to: failed.staging.appendingPathComponent("manifest.json"), atomically: false, encoding: .utf8)
        failed.discard()
        XCTAssertEqual(TestSupport.files(in: parent), ["out"])
        XCTAssertEqual(try String(contentsOf: target.appendingPathComponent("manifest.json"), encoding: .utf8), "one")
        // A successful one replaces it whole.
        let second = try StagedFolder(target.path, overwrite: true, marker: "manifest.json")
        try "two".write(to: second.staging.appendingPathComponent("manifest.json"), atomically: false, encoding: .utf8)
        try second.commit()
        XCTAssertEqual(TestSupport.files(in: parent), ["out"])
        XCTAssertEqual(TestSupport.files(in: target), ["manifest.json"])
        XCTAssertEqual(try String(contentsOf: target.appendingPathComponent("manifest.json"), encoding: .utf8), "two")
    }

    func testAFolderHolomapDidNotWriteIsNeverReplaced() throws {
        let parent = try TestSupport.temporaryFolder()
        let target = parent.appendingPathComponent("home")
        try FileManager.default.createDirectory(at: target, withIntermediateDirectories: false)
        try "keep".write(to: target.appendingPathComponent("thesis.tex"), atomically: false, encoding: .utf8)
        XCTAssertThrowsError(try StagedFolder(target.path, overwrite: true, marker: "manifest.json")) {
            XCTAssertTrue("\($0)".contains("holds no manifest.json"), "\($0)")
        }
        XCTAssertEqual(TestSupport.files(in: target), ["thesis.tex"])
        XCTAssertEqual(TestSupport.files(in: parent), ["home"], "no staging folder left")
    }

    func testStagingFoldersOfDeadProcessesAreRemoved() throws {
        let parent = try TestSupport.temporaryFolder()
        // A staging folder left by a process that no longer exists (kill -9), and one of a live one.
        let dead = parent.appendingPathComponent(".out.holomap-staging-999999999")
        let live = parent.appendingPathComponent(".out.holomap-staging-1")   // init: always running
        for folder in [dead, live] { try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: false) }
        let staged = try StagedFolder(parent.appendingPathComponent("out").path, overwrite: false, marker: "manifest.json")
        XCTAssertFalse(FileManager.default.fileExists(atPath: dead.path))
        XCTAssertTrue(FileManager.default.fileExists(atPath: live.path))
        staged.discard()
    }

    func testAtomicFileWritesWholeOrNothing() throws {
        let folder = try TestSupport.temporaryFolder()
        let path = folder.appendingPathComponent("a.csv").path
        struct Boom: Error {}
        XCTAssertThrowsError(try AtomicFile.write(to: path, overwrite: false) { temporary in
            try "partial".write(toFile: temporary, atomically: false, encoding: .utf8)
            throw Boom()
        })
        XCTAssertEqual(TestSupport.files(in: folder), [])
        try AtomicFile.write(to: path, overwrite: false) { try "whole".write(toFile: $0, atomically: false, encoding: .utf8) }
        XCTAssertEqual(TestSupport.files(in: folder), ["a.csv"])
        XCTAssertThrowsError(try AtomicFile.write(to: folder.appendingPathComponent("missing/b.csv").path, overwrite: false) { _ in }) {
            XCTAssertTrue("\($0)".contains("does not exist"), "\($0)")
        }
    }
}
