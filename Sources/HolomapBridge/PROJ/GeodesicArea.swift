import HolomapCore

extension Geodesic {
    /// Geodesic area (m²) of a region given in lon/lat degrees: holes and even-odd nesting
    /// subtract, as in the coverage engine.
    public func area(of region: Region) -> Double {
        let weights = region.ringWeights()
        var total = 0.0
        for (ring, weight) in zip(region.rings, weights) where ring.points.count >= 3 {
            let unwrapped = Antimeridian.unwrap(ring)
            total += weight * polygonArea(longitudes: unwrapped.points.map(\.x), latitudes: unwrapped.points.map(\.y))
        }
        return total
    }
}
