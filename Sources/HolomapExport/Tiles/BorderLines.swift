import Foundation
import HolomapCore

/// Country outlines for the viewer's border overlay: each ring of a country in longitude and
/// latitude, simplified (Douglas–Peucker) to about a tile pixel at the top zoom, cut where it
/// jumps across the antimeridian, as one GeoJSON MultiLineString feature per country.
public enum BorderLines {
    public struct Country: Sendable {
        public var code: String
        public var name: String
        /// Rings in degrees (x longitude, y latitude).
        public var rings: [[Point]]
        public init(code: String, name: String, rings: [[Point]]) { self.code = code; self.name = name; self.rings = rings }
    }

    /// The simplification tolerance, degrees: one tile pixel's width at `maxZoom`.
    public static func tolerance(maxZoom: Int) -> Double { 360 / Double(WebMercator.tileSize << maxZoom) }

    /// Lines of one ring: simplified within `tolerance`, closed, and split at antimeridian jumps;
    /// rings smaller than the tolerance are dropped.
    public static func lines(_ ring: [Point], tolerance: Double) -> [[Point]] {
        guard ring.count >= 3 else { return [] }
        let box = Bounds(ring)
        guard box.maxX - box.minX >= tolerance || box.maxY - box.minY >= tolerance else { return [] }
        var closed = ring
        if closed.first != closed.last { closed.append(closed[0]) }
        let kept = simplify(closed, tolerance: tolerance)
        var out: [[Point]] = [[kept[0]]]
        for p in kept.dropFirst() {
            if abs(p.x - out[out.count - 1].last!.x) > 180 { out.append([]) }
            out[out.count - 1].append(p)
        }
        return out.filter { $0.count >= 2 }
    }

    /// Douglas–Peucker: the points whose removal would move the line by more than `tolerance`,
    /// with both ends.
    static func simplify(_ points: [Point], tolerance: Double) -> [Point] {
        guard points.count > 2 else { return points }
        var keep = [Bool](repeating: false, count: points.count)
        keep[0] = true; keep[points.count - 1] = true
        var stack = [(0, points.count - 1)]
        while let (first, last) = stack.popLast() {
            guard last > first + 1 else { continue }
            var farthest = first, distance = -1.0
            for i in (first + 1)..<last {
                let d = segmentDistance(points[i], points[first], points[last])
                if d > distance { distance = d; farthest = i }
            }
            if distance > tolerance {
                keep[farthest] = true
                stack.append((first, farthest)); stack.append((farthest, last))
            }
        }
        return points.indices.filter { keep[$0] }.map { points[$0] }
    }

    /// Distance from `p` to the segment a–b (to a when the segment is a point).
    static func segmentDistance(_ p: Point, _ a: Point, _ b: Point) -> Double {
        let dx = b.x - a.x, dy = b.y - a.y
        let length2 = dx * dx + dy * dy
        let t = length2 > 0 ? max(0, min(1, ((p.x - a.x) * dx + (p.y - a.y) * dy) / length2)) : 0
        let ex = a.x + t * dx - p.x, ey = a.y + t * dy - p.y
        return (ex * ex + ey * ey).squareRoot()
    }

    /// A GeoJSON FeatureCollection (properties iso3 and name), coordinates to 1e-4 degrees.
    /// Countries are simplified in parallel; the features keep the countries' order.
    public static func geoJSON(_ countries: [Country], tolerance: Double) -> String {
        let features = Parallel.map(countries.count) { k -> String? in
            let country = countries[k]
            let lines = country.rings.flatMap { self.lines($0, tolerance: tolerance) }
            guard !lines.isEmpty else { return nil }
            let coordinates = lines.map { line in "[" + line.map { "[\(number($0.x)),\(number($0.y))]" }.joined(separator: ",") + "]" }
            return #"{"type":"Feature","properties":{"iso3":\#(jsonString(country.code)),"name":\#(jsonString(country.name))},"#
                + #""geometry":{"type":"MultiLineString","coordinates":[\#(coordinates.joined(separator: ","))]}}"#
        }
        return #"{"type":"FeatureCollection","features":[\#(features.compactMap { $0 }.joined(separator: ",\n"))]}"#
    }

    /// A decimal rounded to four places, without trailing zeros.
    static func number(_ value: Double) -> String {
        let units = Int((value * 10_000).rounded())
        let whole = abs(units) / 10_000
        var fraction = abs(units) % 10_000
        let sign = units < 0 ? "-" : ""
        guard fraction != 0 else { return sign + String(whole) }
        var digits = 4
        while fraction % 10 == 0 { fraction /= 10; digits -= 1 }
        let text = String(fraction)
        return sign + String(whole) + "." + String(repeating: "0", count: digits - text.count) + text
    }

    /// A JSON string literal (also safe inside a script element: see `javaScriptString`).
    static func jsonString(_ text: String) -> String { TileExporter.javaScriptString(text) }
}
