import Foundation
import HolomapCore

extension BoundarySource {
    /// The region reprojected into the grid's CRS (unchanged when the CRSs are the same).
    public func region(_ code: String, in grid: Grid) throws -> Region {
        try projector(to: grid)(try region(code))
    }

    /// A function that moves this source's regions into the grid's CRS; build it once per job.
    public func projector(to grid: Grid) throws -> (Region) throws -> Region {
        if crs.isGeographic && grid.crs.isGeographic && (crs.definition == grid.crs.definition || crs.wkt == grid.crs.wkt) {
            return { $0 }
        }
        let transformer = try CoordinateTransformer(from: crs, to: grid.crs)
        if transformer.isIdentity { return { $0 } }
        return { try reproject($0, with: transformer) }
    }
}

func reproject(_ region: Region, with transformer: CoordinateTransformer) throws -> Region {
    var out = region
    for i in out.rings.indices {
        // Continuous longitudes first, so a ring over the antimeridian projects as one piece.
        let ring = Antimeridian.unwrap(out.rings[i])
        var xs = ring.points.map(\.x), ys = ring.points.map(\.y)
        try transformer.transform(x: &xs, y: &ys)
        var points: [Point] = []
        points.reserveCapacity(xs.count)
        for k in xs.indices where xs[k].isFinite && ys[k].isFinite { points.append(Point(x: xs[k], y: ys[k])) }
        out.rings[i] = Ring(points: points, role: ring.role)
    }
    return out
}
