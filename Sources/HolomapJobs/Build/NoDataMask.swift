import HolomapAccounts
import HolomapCore

/// Cells of the consumption-side layers that hold no data: covered by a country without the
/// account the layer is made of, and by no country with one. A missing account is not zero, so
/// such cells are NoData (NaN), while cells shared with a country that has an account keep its
/// amounts (nothing gridded is hidden).
struct NoDataMask: Sendable {
    /// Row → ascending, disjoint column ranges.
    var rows: [Int: [Range<Int>]]

    init(without: [SparseCoverage], with: [SparseCoverage]) {
        func byRow(_ coverages: [SparseCoverage]) -> [Int: [Range<Int>]] {
            var out: [Int: [Range<Int>]] = [:]
            for c in coverages { for s in c.spans { out[Int(s.row), default: []].append(Int(s.start)..<(Int(s.start) + Int(s.count))) } }
            return out.mapValues(Self.union)
        }
        let holes = byRow(without), kept = byRow(with)
        rows = [:]
        for (row, ranges) in holes {
            let cut = Self.subtract(ranges, kept[row] ?? [])
            rows[row] = cut.isEmpty ? nil : cut
        }
    }

    var isEmpty: Bool { rows.isEmpty }

    /// Sorted union of ranges.
    static func union(_ ranges: [Range<Int>]) -> [Range<Int>] {
        var out: [Range<Int>] = []
        for r in ranges.sorted(by: { $0.lowerBound < $1.lowerBound }) where !r.isEmpty {
            if let last = out.last, r.lowerBound <= last.upperBound { out[out.count - 1] = last.lowerBound..<max(last.upperBound, r.upperBound) }
            else { out.append(r) }
        }
        return out
    }

    /// `a` without the cells of `b` (both sorted and disjoint).
    static func subtract(_ a: [Range<Int>], _ b: [Range<Int>]) -> [Range<Int>] {
        var out: [Range<Int>] = []
        for r in a {
            var start = r.lowerBound
            for cut in b where cut.upperBound > start && cut.lowerBound < r.upperBound {
                if cut.lowerBound > start { out.append(start..<cut.lowerBound) }
                start = max(start, cut.upperBound)
            }
            if start < r.upperBound { out.append(start..<r.upperBound) }
        }
        return out
    }

    /// Sets the masked cells of `row` within `columns` to NaN in `band` (`offset`: index of the
    /// row's column 0 in `band`).
    func apply(row: Int, columns: Range<Int>, to band: UnsafeMutablePointer<Double>, offset: Int) {
        guard let ranges = rows[row] else { return }
        for r in ranges where r.upperBound > columns.lowerBound && r.lowerBound < columns.upperBound {
            for c in max(r.lowerBound, columns.lowerBound)..<min(r.upperBound, columns.upperBound) { band[offset + c] = .nan }
        }
    }
}

extension NoDataMask {
    /// [year][layer] masks of a build: the consumption layers lack the countries whose status is
    /// no_account in the consumption notes, the trade layers those of the trade notes.
    static func masks(layers: [Layer], years: [Int], consumption: [ConsumptionLayers.Note], trade: [TradeItems.Note],
                      coverages: [String: SparseCoverage]) -> [[NoDataMask?]] {
        func mask(_ notes: [(iso3: String, status: ConsumptionLayers.Note.Status)]) -> NoDataMask? {
            let without = notes.filter { $0.status == .noAccount }.compactMap { coverages[$0.iso3] }
            guard !without.isEmpty else { return nil }
            let m = NoDataMask(without: without, with: notes.filter { $0.status == .gridded }.compactMap { coverages[$0.iso3] })
            return m.isEmpty ? nil : m
        }
        return years.map { year in
            let c = mask(consumption.filter { $0.year == year }.map { ($0.iso3, $0.status) })
            let t = mask(trade.filter { $0.year == year }.map { ($0.iso3, $0.status) })
            // production_co2 made of published territorial CO2 only has no data where no account is.
            let fromAccounts = !consumption.contains { $0.year == year && $0.productionCO2 == .inventory }
            // panoramic_net adds production_co2, and has no data where it has none.
            let likeProductionCO2: (Layer) -> Bool = { $0.kind == .productionCO2 || $0.kind == .natural(.panoramicNet) }
            return layers.map { $0.isTrade ? t : $0.isConsumptionSide || (likeProductionCO2($0) && fromAccounts) ? c : nil }
        }
    }
}
