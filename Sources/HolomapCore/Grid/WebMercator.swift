import Foundation

/// The XYZ tile scheme of web maps (EPSG:3857, 256-pixel tiles, y down from the north edge).
public enum WebMercator {
    public static let tileSize = 256
    /// Latitude limit of the square world: atan(sinh(π)).
    public static let maxLatitude = atan(sinh(Double.pi)) * 180 / .pi

    /// Latitude (degrees) of a pixel row edge at zoom z (row 0 = north edge of the world).
    public static func latitude(ofPixelRow row: Double, zoom: Int) -> Double {
        let n = Double(tileSize << zoom)
        return atan(sinh(.pi * (1 - 2 * row / n))) * 180 / .pi
    }

    /// Longitude (degrees) of a pixel column edge at zoom z.
    public static func longitude(ofPixelColumn column: Double, zoom: Int) -> Double {
        column / Double(tileSize << zoom) * 360 - 180
    }
}

/// Colour maps for display.
public enum ColorMap {
    /// Cubehelix (D. A. Green 2011, Bull. Astr. Soc. India 39, 289): brightness rises
    /// monotonically from black to white while the hue turns, so it reads correctly in grey scale
    /// and for colour-blind viewers. Parameters as matplotlib's 'cubehelix' (start 0.5, −1.5
    /// rotations, hue 1). `t` in [0, 1].
    public static func cubehelix(_ t: Double, start: Double = 0.5, rotations: Double = -1.5, hue: Double = 1.0) -> (UInt8, UInt8, UInt8) {
        let t = min(1, max(0, t))
        let angle = 2 * Double.pi * (start / 3 + 1 + rotations * t)
        let amplitude = hue * t * (1 - t) / 2
        let r = t + amplitude * (-0.14861 * cos(angle) + 1.78277 * sin(angle))
        let g = t + amplitude * (-0.29227 * cos(angle) - 0.90649 * sin(angle))
        let b = t + amplitude * (1.97294 * cos(angle))
        func byte(_ v: Double) -> UInt8 { UInt8((min(1, max(0, v)) * 255).rounded()) }
        return (byte(r), byte(g), byte(b))
    }
}
