/// A planar point in some CRS's coordinates.
public struct Point: Sendable, Equatable {
    public var x: Double
    public var y: Double
    @inlinable public init(x: Double, y: Double) { self.x = x; self.y = y }
}

/// How a ring's interior combines with the others of its region.
public enum RingRole: Sendable, Equatable {
    /// Exterior ring of a polygon (adds area).
    case exterior
    /// Hole of a polygon (removes area).
    case interior
    /// Role unknown: rings combine by the even-odd rule (DCW-GMT).
    case evenOdd
}

/// A closed ring. The closing vertex may or may not repeat the first one.
public struct Ring: Sendable, Equatable {
    public var points: [Point]
    public var role: RingRole
    public init(points: [Point], role: RingRole) { self.points = points; self.role = role }

    /// Shoelace signed area (positive when counter-clockwise with y up).
    public var signedArea: Double {
        let n = points.count
        guard n >= 3 else { return 0 }
        var sum = 0.0
        var previous = points[n - 1]
        // Shift by the first point so large coordinates do not cancel catastrophically.
        let origin = points[0]
        for point in points {
            sum += (previous.x - origin.x) * (point.y - origin.y) - (point.x - origin.x) * (previous.y - origin.y)
            previous = point
        }
        return sum / 2
    }

    public var bounds: Bounds { Bounds(points) }

    /// Even-odd point-in-ring test.
    public func contains(_ p: Point) -> Bool {
        var inside = false
        var j = points.count - 1
        for i in 0..<points.count {
            let a = points[i], b = points[j]
            if (a.y > p.y) != (b.y > p.y) {
                let xCross = a.x + (p.y - a.y) * (b.x - a.x) / (b.y - a.y)
                if p.x < xCross { inside.toggle() }
            }
            j = i
        }
        return inside
    }
}

public struct Bounds: Sendable, Equatable {
    public var minX = Double.infinity, minY = Double.infinity
    public var maxX = -Double.infinity, maxY = -Double.infinity
    public init() {}
    public init(_ points: [Point]) {
        for p in points { include(p) }
    }
    public mutating func include(_ p: Point) {
        minX = Swift.min(minX, p.x); maxX = Swift.max(maxX, p.x)
        minY = Swift.min(minY, p.y); maxY = Swift.max(maxY, p.y)
    }
    public mutating func include(_ b: Bounds) {
        minX = Swift.min(minX, b.minX); maxX = Swift.max(maxX, b.maxX)
        minY = Swift.min(minY, b.minY); maxY = Swift.max(maxY, b.maxY)
    }
    public var isEmpty: Bool { !(minX <= maxX && minY <= maxY) }
    public func contains(_ p: Point) -> Bool { p.x >= minX && p.x <= maxX && p.y >= minY && p.y <= maxY }
}

/// The area of one region (a country) as a set of rings, in one CRS.
public struct Region: Sendable, Equatable {
    /// ISO 3166-1 alpha-3 code.
    public var code: String
    public var rings: [Ring]
    public init(code: String, rings: [Ring]) { self.code = code; self.rings = rings }

    public var bounds: Bounds {
        var b = Bounds()
        for ring in rings { b.include(ring.bounds) }
        return b
    }

    /// +1 for rings that add area and -1 for rings that remove it. Exterior/interior rings say so
    /// themselves; even-odd rings count how many other rings enclose them (nesting depth).
    ///
    /// Canada in DCW-GMT has thousands of island rings inside the bounding box of a mainland ring
    /// of a hundred thousand vertices, so the enclosure test is batched: for each ring, the probe
    /// points in its box are sorted by y, and each edge toggles only the probes in its y-range.
    public func ringWeights() -> [Double] {
        let evenOdd = rings.indices.filter { rings[$0].role == .evenOdd }
        var weights = rings.map { $0.role == .interior ? -1.0 : 1.0 }
        guard evenOdd.count > 1 else { return weights }
        let boxes = evenOdd.map { rings[$0].bounds }
        let probes = evenOdd.map { Region.probePoint(rings[$0]) }
        // Probes sorted by x, so each ring finds those in its box by binary search.
        let byX = evenOdd.indices.filter { probes[$0] != nil }.sorted { probes[$0]!.x < probes[$1]!.x }
        let probeXs = byX.map { probes[$0]!.x }
        var depth = [Int](repeating: 0, count: evenOdd.count)
        var inside: [Bool] = []
        for (k, box) in boxes.enumerated() {
            let boxArea = (box.maxX - box.minX) * (box.maxY - box.minY)
            var candidates: [Int] = []
            var i = probeXs.partitionPoint { $0 < box.minX }
            while i < byX.count, probeXs[i] <= box.maxX {
                let other = byX[i]
                let b = boxes[other]
                // Only a ring with a box no larger than this one's can lie inside it.
                if other != k, box.contains(probes[other]!), (b.maxX - b.minX) * (b.maxY - b.minY) <= boxArea {
                    candidates.append(other)
                }
                i += 1
            }
            guard !candidates.isEmpty else { continue }
            let ring = rings[evenOdd[k]].points
            if candidates.count < 16 {
                for c in candidates where rings[evenOdd[k]].contains(probes[c]!) { depth[c] += 1 }
                continue
            }
            candidates.sort { probes[$0]!.y < probes[$1]!.y }
            let ys = candidates.map { probes[$0]!.y }
            inside = [Bool](repeating: false, count: candidates.count)
            var j = ring.count - 1
            for n in 0..<ring.count {
                let a = ring[n], b = ring[j]
                j = n
                // Same half-open rule as Ring.contains: the edge counts for lo ≤ y < hi.
                let lo = Swift.min(a.y, b.y), hi = Swift.max(a.y, b.y)
                guard lo < hi else { continue }
                var m = ys.partitionPoint { $0 < lo }
                while m < ys.count, ys[m] < hi {
                    let p = probes[candidates[m]]!
                    if (a.y > p.y) != (b.y > p.y) {
                        let xCross = a.x + (p.y - a.y) * (b.x - a.x) / (b.y - a.y)
                        if p.x < xCross { inside[m].toggle() }
                    }
                    m += 1
                }
            }
            for (m, c) in candidates.enumerated() where inside[m] { depth[c] += 1 }
        }
        for (k, d) in depth.enumerated() where d % 2 == 1 { weights[evenOdd[k]] = -1 }
        return weights
    }

    /// A point on the ring's first non-degenerate edge, a little way in from its ends, so that
    /// shared vertices between touching rings do not decide the nesting test.
    static func probePoint(_ ring: Ring) -> Point? {
        let pts = ring.points
        guard pts.count >= 3 else { return nil }
        for i in 0..<pts.count {
            let a = pts[i], b = pts[(i + 1) % pts.count]
            if a != b {
                let t = 0.382  // not 0.5, to avoid midpoints of symmetric shared edges
                return Point(x: a.x + t * (b.x - a.x), y: a.y + t * (b.y - a.y))
            }
        }
        return nil
    }
}

/// Longitude handling for geographic coordinates.
public enum Antimeridian {
    /// Makes every ring continuous in longitude: an edge that jumps by more than 180° is taken to
    /// cross the antimeridian, and later vertices are shifted by ±360°. A ring that still does not
    /// close after that circles a pole, and is closed through that pole.
    public static func unwrap(_ ring: Ring) -> Ring {
        var pts = ring.points
        guard pts.count >= 2 else { return ring }
        var jumped = false
        var shift = 0.0
        for i in 1..<pts.count {
            pts[i].x += shift
            let delta = pts[i].x - pts[i - 1].x
            if abs(delta) > 180 {
                let correction = -(delta / 360).rounded() * 360
                pts[i].x += correction
                shift += correction
                jumped = true
            }
        }
        let closingDelta = pts[pts.count - 1].x - pts[0].x
        guard jumped || abs(closingDelta) > 180 else { return ring }
        if abs(closingDelta) > 180 {
            // Circles a pole: go along the last meridian to the pole, across, and back.
            let meanY = pts.reduce(0.0) { $0 + $1.y } / Double(pts.count)
            let pole = meanY >= 0 ? 90.0 : -90.0
            let last = pts[pts.count - 1], first = pts[0]
            pts.append(Point(x: last.x, y: pole))
            pts.append(Point(x: first.x, y: pole))
        }
        return Ring(points: pts, role: ring.role)
    }
}
