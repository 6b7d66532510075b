import ArgumentParser
import Foundation
import HolomapExport
import HolomapJobs

struct Adjust: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "adjustments",
        abstract: "Per-country adjustments of consumption-based against territorial (IPCC production-side) CO2.")

    @Option(help: "owid (owid-co2-data.csv[.gz]), gcb (the GCB 2022 national long CSV, MtC), or mrio (an MRIO: consumption from its footprints).")
    var source: AdjustmentsJob.Source
    @Option(help: "The data file (gzip is read directly), or the MRIO folder for mrio.")
    var data: String
    @Option(help: "mrio: the table's layout (pymrio, wiod, csv, exiobase).")
    var mrioFormat: MRIOJob.Format = .wiod
    @OptionGroup var satellite: SatelliteOptions
    @Option(help: "mrio: a stressor of the table whose CO2 is used, as named there; repeat to sum several. Default: the one named CO2, or EXIOBASE's CO2 combustion and process rows.")
    var stressor: [String] = []
    @Option(help: "Year.")
    var year: Int
    @Option(help: "Only these ISO 3166-1 alpha-3 codes, comma-separated.")
    var countries: CountryList?
    @Option(help: "Output CSV: iso3,year,territorial,consumption,transfer,adjustment_pct (Mt CO2; %).")
    var out: String
    @OptionGroup var output: OutputOptions

    func validate() throws {
        if !stressor.isEmpty, source != .mrio { throw ValidationError("--stressor is for --source mrio") }
    }

    func run() throws {
        try AtomicFile.checkTarget(out, overwrite: output.overwrite)
        let view = output.progress
        var job = AdjustmentsJob(source: source, data: data, year: year, countries: countries?.codes)
        job.mrioFormat = mrioFormat
        job.satellite = satellite.satellite
        job.stressors = stressor.isEmpty ? nil : stressor
        let result = try job.run()
        result.notes.forEach { view.show(.step("adjustments: \($0)")) }
        if !result.notCountries.isEmpty {
            view.show(.step("adjustments: \(result.notCountries.count) rows of \(year) are not countries and were left out: \(result.notCountries.joined(separator: ", "))"))
        }
        try AtomicFile.write(to: out, overwrite: output.overwrite) { try result.csv.write(toFile: $0, atomically: false, encoding: .utf8) }
        view.show(.step("adjustments: \(result.rows.count) countries, \(year), written to \(out)"))
    }
}
