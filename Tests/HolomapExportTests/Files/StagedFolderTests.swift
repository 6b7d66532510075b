import Foundation
import XCTest
import HolomapCore
import HolomapTestSupport
import HolomapBridge
@testable import HolomapExport

/// Whole-folder outputs: written beside the target, put in place in one step, never replacing a
/// folder holomap did not write.
final class StagedFolderTests: XCTestCase {
    func testCommitCreatesThenReplacesAndDiscardLeavesNothing() throws {
        let parent = try TestSupport.temporaryFolder()
        let target = parent.appendingPathComponent("out")
        let first = try StagedFolder(target.path, overwrite: false, kind: "test")
        XCTAssertEqual(first.staging.deletingLastPathComponent().path, parent.path, "staged beside the target")
        try "one".write(to: first.staging.appendingPathComponent("manifest.json"), atomically: false, encoding: .utf8)
        try first.commit()
        XCTAssertEqual(TestSupport.files(in: parent), ["out"])
        XCTAssertThrowsError(try StagedFolder(target.path, overwrite: false, kind: "test")) {
            XCTAssertTrue("\($0)".contains("exists; pass --overwrite"), "\($0)")
        }
        // A failed second run: the first output is untouched, nothing else is left.
        let failed = try StagedFolder(target.path, overwrite: true, kind: "test")
        try "half".write(to: failed.staging.appendingPathComponent("manifest.json"), atomically: false, encoding: .utf8)
        failed.discard()
        XCTAssertEqual(TestSupport.files(in: parent), ["out"])
        XCTAssertEqual(try String(contentsOf: target.appendingPathComponent("manifest.json"), encoding: .utf8), "one")
        // A successful one replaces it whole.
        let second = try StagedFolder(target.path, overwrite: true, kind: "test")
        try "two".write(to: second.staging.appendingPathComponent("manifest.json"), atomically: false, encoding: .utf8)
        try second.commit()
        XCTAssertEqual(TestSupport.files(in: parent), ["out"])
        XCTAssertEqual(TestSupport.files(in: target), [".holomap-output", "manifest.json"])
        XCTAssertEqual(try String(contentsOf: target.appendingPathComponent(".holomap-output"), encoding: .utf8), "holomap \(HolomapVersion.string) test\n")
        XCTAssertEqual(try String(contentsOf: target.appendingPathComponent("manifest.json"), encoding: .utf8), "two")
    }

    func testAFolderHolomapDidNotWriteIsNeverReplaced() throws {
        let parent = try TestSupport.temporaryFolder()
        let target = parent.appendingPathComponent("home")
        try FileManager.default.createDirectory(at: target, withIntermediateDirectories: false)
        try "keep".write(to: target.appendingPathComponent("thesis.tex"), atomically: false, encoding: .utf8)
        // A manifest.json or report.md of someone else's does not make it a holomap output.
        try #"{"name": "my web app"}"#.write(to: target.appendingPathComponent("manifest.json"), atomically: false, encoding: .utf8)
        XCTAssertThrowsError(try StagedFolder(target.path, overwrite: true, kind: "test")) {
            XCTAssertTrue("\($0)".contains("holds no .holomap-output, so holomap did not write it"), "\($0)")
        }
        try "i wrote this".write(to: target.appendingPathComponent(".holomap-output"), atomically: false, encoding: .utf8)
        XCTAssertThrowsError(try StagedFolder(target.path, overwrite: true, kind: "test"), "a marker holomap did not write")
        XCTAssertEqual(TestSupport.files(in: target), [".holomap-output", "manifest.json", "thesis.tex"])
        XCTAssertEqual(TestSupport.files(in: parent), ["home"], "no staging folder left")
    }

    func testSymbolicLinksFilesRootAndEmptyPathsAreRefusedBeforeAnyWork() throws {
        let parent = try TestSupport.temporaryFolder()
        let previous = parent.appendingPathComponent("previous")
        try StagedFolder(previous.path, overwrite: false, kind: "test").commit()
        let link = parent.appendingPathComponent("link"), dangling = parent.appendingPathComponent("dangling")
        try FileManager.default.createSymbolicLink(at: link, withDestinationURL: previous)
        try FileManager.default.createSymbolicLink(at: dangling, withDestinationURL: parent.appendingPathComponent("nowhere"))
        for path in [link.path, dangling.path] {
            XCTAssertThrowsError(try StagedFolder(path, overwrite: true, kind: "test")) {
                XCTAssertTrue("\($0)".contains("is a symbolic link"), "\($0)")
            }
        }
        let file = parent.appendingPathComponent("afile")
        try "x".write(to: file, atomically: false, encoding: .utf8)
        for overwrite in [false, true] {
            XCTAssertThrowsError(try StagedFolder(file.path, overwrite: overwrite, kind: "test")) {
                XCTAssertTrue("\($0)".contains("exists and is not a folder"), "\($0)")
            }
        }
        for path in ["/", "", FileManager.default.currentDirectoryPath] {
            XCTAssertThrowsError(try StagedFolder(path, overwrite: true, kind: "test"), "'\(path)'")
        }
        XCTAssertEqual(TestSupport.files(in: parent), ["afile", "dangling", "link", "previous"], "no staging folder left")
    }

    func testStagingFoldersOfDeadProcessesAreRemoved() throws {
        let parent = try TestSupport.temporaryFolder()
        // A staging folder left by a process that no longer exists (kill -9), and one of a live one.
        let dead = parent.appendingPathComponent(".out.holomap-staging-999999999")
        let live = parent.appendingPathComponent(".out.holomap-staging-1")   // init: always running
        for folder in [dead, live] { try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: false) }
        let staged = try StagedFolder(parent.appendingPathComponent("out").path, overwrite: false, kind: "test")
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
