import ArgumentParser
import Foundation
import HolomapAccounts
import HolomapJobs

struct ReportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "report",
        abstract: "Year-over-year report: territorial vs consumption per country, adjustments, changes, top movers, flows between major regions (Markdown, HTML, CSV, SVG).")

    @Option(help: "Years, comma-separated (for example 2021,2022).")
    var years: YearList
    @Option(help: "Only these ISO 3166-1 alpha-3 codes, comma-separated (default: all; charts show the 15 largest emitters).")
    var countries: CountryList?
    @Option(help: "Published accounts.")
    var source: Adjustments.Source = .owid
    @Option(help: "The published file (default: the bundle's OWID extract, 2010-2022).")
    var data: String?
    @Option(help: "An MRIO for the flows between major regions (its folder; the zip for exiobase).")
    var mrioDir: String?
    @Option(help: "The MRIO's layout.")
    var mrioFormat: MRIOJob.Format = .wiod
    @Option(help: "The MRIO's year.")
    var mrioYear: Int?
    @OptionGroup var satellite: SatelliteOptions
    @Option(help: "A `holomap natural` CSV: adds each country's balance (territorial, consumption, natural net, panoramic net) for the latest year.")
    var natural: String?
    @Option(help: "Output folder (report.md, report.html, CSV tables, SVG charts).")
    var out: String
    @OptionGroup var output: OutputOptions

    func validate() throws {
        if mrioDir != nil, mrioYear == nil { throw ValidationError("--mrio-dir needs --mrio-year") }
    }

    func run() throws {
        let flows = mrioDir.map { ReportJob.Flows(format: mrioFormat, dir: $0, year: mrioYear!, satellite: satellite.satellite) }
        var job = ReportJob(years: years.years, countries: countries?.codes, source: source, data: try data ?? ReportJob.defaultData(), flows: flows)
        job.natural = natural
        let view = output.progress
        job.progress = view.handler
        let files = try job.write(to: out, overwrite: output.overwrite)
        view.show(.step("report: \(files.count) files in \(out): \(files.joined(separator: ", "))"))
    }
}
