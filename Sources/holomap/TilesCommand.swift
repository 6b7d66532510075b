import ArgumentParser
import Foundation
import HolomapJobs

struct Tiles: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "XYZ tiles of one mass-per-cell band of a raster (conservative aggregation, log colours), with a legend and an offline viewer.")

    @Option(help: "Input raster (for example production.tif).")
    var input: String
    @Option(help: "Band description to tile (for example total).")
    var band = "total"
    @Option(help: "Highest zoom level.")
    var maxZoom = 5
    @Option(help: "Output folder; tiles go to <out>/<band>/{z}/{x}/{y}.png.")
    var out: String
    @OptionGroup var output: OutputOptions

    func validate() throws {
        guard (0...12).contains(maxZoom) else { throw ValidationError("--max-zoom must be 0…12") }
    }

    func run() throws {
        var job = TilesJob(input: input, band: band, maxZoom: maxZoom, out: out)
        job.overwrite = output.overwrite
        job.progress = output.progress.handler
        try job.run()
    }
}
