import ArgumentParser
import Foundation
import HolomapExport
import HolomapJobs

struct MRIO: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "mrio",
        abstract: "Multi-regional input-output accounts: footprints and emissions embodied in trade.",
        subcommands: [Footprints.self, Transfers.self])

    struct Footprints: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Regional accounts D_cba, D_pba, D_imp, D_exp (as pymrio's calc_all) and the EEBT consumption account, as long CSV.")
        @OptionGroup var mrio: MRIOOptions
        @Option(help: "Output CSV: account,region,stressor,compartment,value.")
        var out: String
        @OptionGroup var output: OutputOptions

        func run() throws {
            try AtomicFile.checkTarget(out, overwrite: output.overwrite)
            let view = output.progress
            let result = try MRIOJob.footprints(format: mrio.format, dir: mrio.dir, year: mrio.year, satellite: mrio.satellite.satellite)
            result.notes.forEach { view.show(.step("mrio: \($0)")) }
            view.show(.step(String(format: "mrio: read %d × %d in %.2f s; EEBT in %.2f s; accounts (one LU of I − A, %d right-hand sides) in %.2f s",
                                   result.system.n, result.system.n, result.seconds.read, result.seconds.eebt, result.system.regions, result.seconds.accounts)))
            try AtomicFile.write(to: out, overwrite: output.overwrite) { try result.csv.write(toFile: $0, atomically: false, encoding: .utf8) }
            view.show(.step("mrio: \(result.system.regions) regions × \(result.system.sectors) sectors, \(result.system.stressors) stressors, written to \(out)"))
        }
    }

    struct Transfers: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Region × region emissions embodied in trade (MRIO and EEBT variants), as long CSV.")
        @OptionGroup var mrio: MRIOOptions
        @Option(help: "Which matrices.")
        var variant: MRIOJob.TransferVariant = .both
        @Option(help: "Output CSV: variant,stressor,compartment,producer,consumer,value.")
        var out: String
        @OptionGroup var output: OutputOptions

        func run() throws {
            try AtomicFile.checkTarget(out, overwrite: output.overwrite)
            let view = output.progress
            let result = try MRIOJob.transfers(format: mrio.format, dir: mrio.dir, year: mrio.year, satellite: mrio.satellite.satellite, variant: variant)
            result.notes.forEach { view.show(.step("mrio: \($0)")) }
            try AtomicFile.write(to: out, overwrite: output.overwrite) { try result.csv.write(toFile: $0, atomically: false, encoding: .utf8) }
            view.show(.step("mrio: transfers of \(result.regions) regions written to \(out)"))
        }
    }
}
