import ArgumentParser
import Foundation
import HolomapJobs

struct Coverage: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Exact fraction of each grid cell covered by each country (exactextract's definition).")

    @OptionGroup var gridOptions: GridOptions
    @Option(help: "Comma-separated ISO 3166-1 alpha-3 codes, or 'all'.")
    var country: String
    @Option(help: "Output: .tif (COG, one Float32 band per country), .nc (CF-1.8 NetCDF) or .png (one country).")
    var out: String?
    @Option(help: "Per-country CSV: cells, covered area and geodesic polygon area (km²).")
    var summary: String?
    @Option(help: "Sparse per-cell CSV: iso3,row,col,fraction for every covered cell.")
    var cells: String?
    @Option(help: "COG compression.")
    var compression: CoverageJob.Compression = .deflate
    @OptionGroup var output: OutputOptions

    var countries: [String] {
        country.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces).uppercased() }.map { $0 == "ALL" ? "all" : $0 }
    }

    func validate() throws {
        guard !countries.isEmpty else { throw ValidationError("--country needs at least one ISO3 code or 'all'") }
        for code in countries where code != "all" && (code.count != 3 || !code.allSatisfy(\.isLetter)) {
            throw ValidationError("--country: '\(code)' is not an ISO 3166-1 alpha-3 code")
        }
        guard out != nil || summary != nil || cells != nil else { throw ValidationError("give --out, --summary or --cells") }
        if let out, CoverageJob.FileFormat.of(out) == nil {
            throw ValidationError("--out \(out): unknown format (use .tif, .nc or .png)")
        }
    }

    func run() throws {
        var job = CoverageJob(boundaries: gridOptions.boundaries, idField: gridOptions.idField, grid: gridOptions.grid,
                              countries: countries, output: out, summary: summary)
        job.cells = cells
        job.overwrite = output.overwrite
        job.compression = compression
        let view = output.progress
        job.progress = view.handler
        let result = try job.run()
        for note in result.notes { view.show(.note(note)) }
    }
}
