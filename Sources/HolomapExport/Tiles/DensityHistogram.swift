import Foundation

/// Counts of |density| (t km⁻² yr⁻¹) of non-zero cells in bins of 0.01 decade, from which the
/// tiles' colour scale takes a high percentile rather than the single densest cell (one
/// outlier would otherwise darken the whole map). Counts are integers, so merging chunks in any
/// order, on any number of threads, gives the same scale.
public struct DensityHistogram: Sendable, Equatable {
    /// The percentile of the non-zero cells that tops the colour scale.
    public static let percentile = 99.9
    static let binsPerDecade = 100.0
    static let lowestLog10 = -20.0, highestLog10 = 20.0
    static let binCount = Int((highestLog10 - lowestLog10) * binsPerDecade)

    /// Empty until the first cell, so chunks without emissions cost nothing.
    var counts: [UInt64] = []
    public private(set) var cells: UInt64 = 0
    /// The densest cell's |density|.
    public private(set) var peak = 0.0

    public init() {}

    /// Adds a cell's density; zeros and NaN (NoData) are left out.
    public mutating func add(_ density: Double) {
        let d = abs(density)
        guard d > 0, d.isFinite else { return }
        if counts.isEmpty { counts = [UInt64](repeating: 0, count: Self.binCount) }
        let bin = Int(((log10(d) - Self.lowestLog10) * Self.binsPerDecade).rounded(.down))
        counts[min(Self.binCount - 1, max(0, bin))] += 1
        cells += 1
        peak = max(peak, d)
    }

    public mutating func merge(_ other: DensityHistogram) {
        guard !other.counts.isEmpty else { return }
        if counts.isEmpty { counts = other.counts } else { for i in counts.indices { counts[i] += other.counts[i] } }
        cells += other.cells
        peak = max(peak, other.peak)
    }

    /// log10 of the upper edge of the bin holding the `percentile` (nearest rank: the smallest
    /// value at or above which that share of cells lies), at most the peak; nil without cells.
    public func log10Percentile(_ percentile: Double = Self.percentile) -> Double? {
        guard cells > 0 else { return nil }
        let rank = UInt64((Double(cells) * percentile / 100).rounded(.up))
        var seen: UInt64 = 0
        for (bin, count) in counts.enumerated() {
            seen += count
            if seen >= max(rank, 1) {
                // Whole bins over binsPerDecade: 4.57, not 4.5699999999999996.
                return min((Self.lowestLog10 * Self.binsPerDecade + Double(bin + 1)) / Self.binsPerDecade, log10(peak))
            }
        }
        return log10(peak)
    }
}

extension TileExporter {
    /// Five decades below the histogram's `DensityHistogram.percentile` (0.1–1e5 without cells).
    public static func scale(_ histogram: DensityHistogram) -> Scale {
        let top = histogram.log10Percentile() ?? 5
        // In whole bins, so the bottom reads -0.43, not -0.4299999999999997.
        return Scale(log10Min: (top * DensityHistogram.binsPerDecade - 5 * DensityHistogram.binsPerDecade).rounded() / DensityHistogram.binsPerDecade,
                     log10Max: top)
    }
}
