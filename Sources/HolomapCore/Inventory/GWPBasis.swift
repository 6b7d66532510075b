/// What an inventory's numbers are before holomap converts them: masses of single gases, or CO2
/// equivalents under a GWP set (one the source states, or not).
public enum GWPBasis: Sendable, Equatable, CustomStringConvertible {
    case mass
    /// CO2e with the GWP100 column `set` of the GWP table (AR4GWP100, AR5GWP100, AR6GWP100).
    case co2e(String)
    case co2eUnstated

    public var description: String {
        switch self {
        case .mass: return "mass of each gas"
        case .co2e(let set): return "CO2e (\(set))"
        case .co2eUnstated: return "CO2e (GWP set not stated by the source)"
        }
    }
}

extension InventoryFormat {
    /// The GWP set of the format's CO2e values, from the sources' documentation (values given as
    /// masses of one gas are masses whatever the format).
    public var co2eBasis: GWPBasis {
        switch self {
        case .edgar7: return .co2e("AR5GWP100")   // EDGAR v7.0 "Total GHG ... AR5" sheet
        case .cait: return .co2e("AR4GWP100")     // Climate Watch/CAIT: GWP-100 AR4
        case .crf: return .co2e("AR4GWP100")      // CRF submissions up to 2022 (AR4)
        case .edgar: return .mass                 // EDGAR v4.3.2: Gg of each gas
        case .owid, .generic: return .co2eUnstated
        }
    }
}

/// How an inventory's CO2e values relate to the run's GWP set. CO2e of one gas in another set is
/// converted (× run factor / source factor); CO2e of several gases together (EDGAR v7's GHG,
/// CRF's F-gases) cannot be and stays in its set, which the outputs then name.
public struct GWPBasisReport: Sendable, Equatable {
    /// The run's GWP set.
    public var configured: String
    /// The basis of the inventory's CO2e values.
    public var source: GWPBasis
    /// Masses of one gas, converted with the run's set.
    public var massRecords = 0
    /// CO2e already in the run's set (or CO2, whose GWP is 1 in every set).
    public var sameSetRecords = 0
    /// CO2e of one gas in another set, converted to the run's set.
    public var convertedRecords = 0
    /// CO2e of several gases in another set: left in it.
    public var unconvertedRecords = 0
    public var unconvertedTonnes = 0.0
    /// CO2e of a set the source does not state: taken as given.
    public var unstatedRecords = 0
    public var unstatedTonnes = 0.0

    public init(configured: String, source: GWPBasis) { self.configured = configured; self.source = source }

    /// Whether some CO2e of the outputs is not in the run's set (or not known to be).
    public var mismatch: Bool { unconvertedRecords > 0 || unstatedRecords > 0 }

    /// The set the CO2e layers are really in, for their labels.
    public var outputLabel: String {
        guard mismatch else { return configured }
        let others = massRecords + sameSetRecords + convertedRecords
        switch source {
        case .co2e(let set) where others == 0: return "\(set), the inventory's; not \(configured) as configured"
        case .co2e(let set): return "mixed: \(configured) and, for gases not split, \(set)"
        default: return others == 0 ? "GWP set not stated by the inventory" : "\(configured), and an unstated set for the inventory's CO2e values"
        }
    }

    /// One line for a warning and the manifest.
    public var detail: String {
        var parts = ["inventory values: \(source)", "run's set \(configured)"]
        if convertedRecords > 0 { parts.append("\(convertedRecords) CO2e values of one gas converted to \(configured)") }
        if unconvertedRecords > 0 { parts.append("\(unconvertedRecords) values of several gases together (\(unconvertedTonnes) t CO2e) left in \(source): the gas split is unknown") }
        if unstatedRecords > 0 { parts.append("\(unstatedRecords) CO2e values of an unstated set (\(unstatedTonnes) t CO2e) taken as given") }
        return parts.joined(separator: "; ")
    }

    /// The factor `factor` applies to one value, without counting it (for checks).
    public func conversion(gas: String, isCO2e: Bool, run: GWPSet, sourceSet: GWPSet?) -> Double {
        var copy = self
        return copy.factor(gas: gas, isCO2e: isCO2e, tonnes: 0, run: run, sourceSet: sourceSet) ?? 1
    }

    /// Adds one record of gas `gas` and returns the factor its tonnes are multiplied by (nil: a
    /// mass of a gas the run's set has no value for). `isCO2e`: the record's unit is CO2e. `run`
    /// and `sourceSet`: the GWP values of both sets.
    mutating func factor(gas: String, isCO2e: Bool, tonnes: Double, run: GWPSet, sourceSet: GWPSet?) -> Double? {
        guard isCO2e else { massRecords += 1; return run.factor(gas) }
        if gas == "CO2" { sameSetRecords += 1; return 1 }
        switch source {
        case .co2e(let set) where set == configured: sameSetRecords += 1; return 1
        case .co2e:
            if let to = run.factor(gas), let from = sourceSet?.factor(gas), from > 0 { convertedRecords += 1; return to / from }
            unconvertedRecords += 1; unconvertedTonnes += tonnes; return 1
        default:
            unstatedRecords += 1; unstatedTonnes += tonnes; return 1
        }
    }
}
