import Foundation
import HolomapCore

/// Which rows of an MRIO's satellite account make the CO2 of an adjustment or a trade matrix:
/// the stressors named by the user, or by default the one named exactly CO2 or, in EXIOBASE 3
/// (which has none), the sum of its CO2 combustion and process rows. Never a guess: a name the
/// table does not have, or a table with no CO2, is an error listing what it has.
public struct StressorSelection: Sendable, Equatable {
    /// Indices into the table's stressors, summed.
    public var indices: [Int]
    /// What was chosen, for notes and reports.
    public var label: String

    /// EXIOBASE 3's fossil and process CO2: "CO2 - combustion - air" and the "CO2 - non
    /// combustion - … - air" rows (cement, lime); not peat decay or waste.
    static func isExiobaseCO2(_ name: String) -> Bool {
        name.hasPrefix("CO2 - combustion") || name.hasPrefix("CO2 - non combustion")
    }

    /// `requested`: stressor names exactly as in the table, summed; nil for the default.
    public static func choose(_ requested: [String]?, from stressors: [(name: String, compartment: String)], source: String) throws -> StressorSelection {
        let names = stressors.map(\.name)
        if let requested {
            var indices: [Int] = []
            for name in requested {
                let found = names.indices.filter { names[$0] == name }
                guard !found.isEmpty else {
                    throw InputError.invalidArgument("--stressor \(name): \(source) has no such stressor; \(available(names, near: name))")
                }
                indices += found
            }
            return StressorSelection(indices: indices, label: requested.joined(separator: " + "))
        }
        if let exact = names.firstIndex(where: { $0.uppercased() == "CO2" }) {
            return StressorSelection(indices: [exact], label: names[exact])
        }
        let exiobase = names.indices.filter { isExiobaseCO2(names[$0]) }
        if !exiobase.isEmpty {
            return StressorSelection(indices: exiobase, label: "CO2 combustion and process rows (\(exiobase.map { names[$0] }.joined(separator: " + ")))")
        }
        throw InputError.invalidArgument("\(source) has no stressor named CO2: name the CO2 account with --stressor; \(available(names, near: "CO2"))")
    }

    /// The table's stressors for an error line: those that look like `near` first, at most 20.
    static func available(_ names: [String], near: String) -> String {
        let word = near.split(separator: " ").first.map { $0.lowercased() } ?? ""
        let close = names.filter { $0.lowercased().contains(word) }
        let shown = (close.isEmpty ? names : close).prefix(20)
        let rest = names.count - shown.count
        return "available: " + shown.joined(separator: ", ") + (rest > 0 ? " (and \(rest) more of \(names.count))" : "")
    }

    /// Σ over the chosen stressors (rows of `table`: F, F_Y or a stressor × region account) at column `r`.
    public func sum(_ table: Matrix, column r: Int) -> Double {
        indices.reduce(0) { $0 + table[$1, r] }
    }
}
