import Foundation
import HolomapBridge
import HolomapCore

extension TileExporter {
    /// Tiles of a projected grid: each cell's whole mass goes to the Web Mercator pixel that holds
    /// its centre, so every tile level keeps the layer's total; cells finer than the pixels
    /// (the default zoom stops there) leave no gaps.
    static func writeProjected(layer values: [Double], centres: (lon: [Float], lat: [Float]), name: String, staging: URL,
                               maxZoom: Int, scale: Scale, signed: Bool, progress: (String) -> Void) throws {
        let size = WebMercator.tileSize
        for z in 0...maxZoom {
            let n = size << z
            var pixels: [(Int, Int, Double)] = []
            var minX = Int.max, maxX = Int.min, minY = Int.max, maxY = Int.min
            for i in values.indices where values[i] != 0 && !values[i].isNaN {   // NaN: NoData, drawn as nothing
                let lon = Double(centres.lon[i]), lat = max(-WebMercator.maxLatitude, min(WebMercator.maxLatitude, Double(centres.lat[i])))
                guard lon.isFinite, lat.isFinite else { continue }
                let px = min(n - 1, max(0, Int((lon + 180) / 360 * Double(n))))
                let py = min(n - 1, max(0, Int((1 - asinh(tan(lat * .pi / 180)) / .pi) / 2 * Double(n))))
                pixels.append((px, py, values[i]))
                minX = min(minX, px); maxX = max(maxX, px); minY = min(minY, py); maxY = max(maxY, py)
            }
            guard !pixels.isEmpty else { continue }
            let w = maxX - minX + 1, h = maxY - minY + 1
            var mass = [Double](repeating: 0, count: w * h)
            for (px, py, v) in pixels { mass[(py - minY) * w + px - minX] += v }
            for ty in (minY / size)...(maxY / size) {
                let logAreas = (0..<size).map { r -> Double in
                    let top = WebMercator.latitude(ofPixelRow: Double(ty * size + r), zoom: z)
                    let bottom = WebMercator.latitude(ofPixelRow: Double(ty * size + r + 1), zoom: z)
                    return log10(2 * .pi / Double(n) * WGS84.zoneAreaPerRadian(fromLatitude: bottom, toLatitude: top) / 1e6)
                }
                for tx in (minX / size)...(maxX / size) {
                    var indices = [UInt8](repeating: 0, count: size * size)
                    var any = false
                    for r in 0..<size {
                        let py = ty * size + r
                        guard py >= minY, py <= maxY else { continue }
                        for c in 0..<size {
                            let px = tx * size + c
                            guard px >= minX, px <= maxX else { continue }
                            let index = pixelIndex(mass[(py - minY) * w + px - minX], log10PixelArea: logAreas[r], scale: scale, signed: signed)
                            guard index != 0 else { continue }
                            indices[r * size + c] = index
                            any = true
                        }
                    }
                    if any { try writeTile(indices, staging: staging, z: z, x: tx, y: ty, signed: signed) }
                }
            }
            progress("tiles: \(name) zoom \(z)")
        }
    }
}
