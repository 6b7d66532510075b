import Foundation

/// The WGS 84 ellipsoid.
public enum WGS84 {
    public static let semiMajorAxis = 6_378_137.0
    public static let flattening = 1 / 298.257223563
    public static var semiMinorAxis: Double { semiMajorAxis * (1 - flattening) }
    public static var eccentricitySquared: Double { flattening * (2 - flattening) }

    /// Total surface area in m²: 2πa² + πb²/e · ln((1+e)/(1−e)).
    public static var surfaceArea: Double {
        2 * .pi * zoneAreaPerRadian(fromLatitude: -90, toLatitude: 90)
    }

    /// Area in m² per radian of longitude between two parallels (degrees) on the ellipsoid:
    /// b²/2 · [q(φ₂) − q(φ₁)], with q(φ) = sinφ/(1−e²sin²φ) + atanh(e sinφ)/e (the authalic
    /// function). Exact for cells bounded by parallels and meridians, as lat/lon cells are.
    public static func zoneAreaPerRadian(fromLatitude lat1: Double, toLatitude lat2: Double) -> Double {
        let b = semiMinorAxis
        return b * b / 2 * (q(lat2) - q(lat1))
    }

    static func q(_ latitudeDegrees: Double) -> Double {
        let e = eccentricitySquared.squareRoot()
        let s = sin(latitudeDegrees * .pi / 180)
        return s / (1 - e * e * s * s) + atanh(e * s) / e
    }
}

extension Grid {
    /// Exact ellipsoidal area (m²) of each row's cells for a geographic grid, top row first.
    /// Every cell in a row of a lat/lon grid has the same area.
    public func geographicRowAreas() -> [Double] {
        precondition(crs.isGeographic, "geographicRowAreas needs a geographic grid")
        let dLambda = abs(transform.pixelWidth) * .pi / 180
        return (0..<height).map { row in
            let yTop = y(ofRow: Double(row)), yBottom = y(ofRow: Double(row + 1))
            let top = Swift.min(90, Swift.max(-90, Swift.max(yTop, yBottom)))
            let bottom = Swift.min(90, Swift.max(-90, Swift.min(yTop, yBottom)))
            return dLambda * WGS84.zoneAreaPerRadian(fromLatitude: bottom, toLatitude: top)
        }
    }
}

/// Cell areas (m²) of a grid: one value per row for lat/lon grids (every cell of a row is equal),
/// one per cell otherwise, so a fine global grid never needs a dense area array.
public enum CellAreaTable: Sendable {
    case perRow([Double])
    case perCell(width: Int, [Double])

    /// Areas of rows `rows`, row-major, `rows.count * width` values.
    public func rows(_ rows: Range<Int>, width: Int) -> [Double] {
        switch self {
        case .perRow(let areas):
            var out: [Double] = []
            out.reserveCapacity(rows.count * width)
            for r in rows { out.append(contentsOf: repeatElement(areas[r], count: width)) }
            return out
        case .perCell(let w, let areas):
            return Array(areas[(rows.lowerBound * w)..<(rows.upperBound * w)])
        }
    }

    /// Area of one cell, given its row and its row-major index.
    @inline(__always) public func area(row: Int, cell: Int) -> Double {
        switch self {
        case .perRow(let areas): return areas[row]
        case .perCell(_, let areas): return areas[cell]
        }
    }

    /// Σ fraction × cell area: the area a coverage covers.
    public func coveredArea(_ coverage: SparseCoverage) -> Double {
        switch self {
        case .perRow(let areas): return coverage.weightedSum(rowWeights: areas)
        case .perCell(_, let areas): return coverage.weightedSum(cellWeights: areas)
        }
    }
}
