import ArgumentParser
import Foundation
import HolomapBridge
import HolomapCore

struct Holomap: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "holomap",
        abstract: "Carbon holographic map: production-side emissions by sector, consumption-based CO2 and net transfers through trade, on one grid.",
        subcommands: [Build.self, Coverage.self, Tiles.self, Adjust.self, MRIO.self, ReportCommand.self, Natural.self])

    @Flag(name: .long, help: "Print holomap's version and the linked GDAL, PROJ, netCDF, libpng and zstd versions.")
    var version = false

    func run() throws {
        if version { print(HolomapVersion.full); return }
        throw CleanExit.helpRequest(self)
    }
}

// The commands that solve Leontief systems run on OpenBLAS: make sure it uses the kernel the CPU
// allows, not a generic fallback (this may start the process again, before any work).
if let command = CommandLine.arguments.dropFirst().first, ["mrio", "adjustments", "report"].contains(command) {
    BLASKernel.restartWithFasterKernelIfNeeded(arguments: CommandLine.arguments)
}
Interrupts.install()
// Like ParsableCommand.main(), but a usage error is one line (the problem), not a usage page,
// and an internal error exits 70 (EX_SOFTWARE), apart from bad input (1) and usage (64).
do {
    var command = try Holomap.parseAsRoot()
    try command.run()
} catch let error as InternalError {
    say("holomap: \(error) (please report this)")
    exit(70)
} catch {
    if Holomap.exitCode(for: error) == .success { Holomap.exit(withError: error) }  // --help
    say("holomap: \(Holomap.message(for: error))")
    exit(Holomap.exitCode(for: error).rawValue)
}
