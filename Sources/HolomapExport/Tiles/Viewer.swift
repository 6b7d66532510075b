import Foundation
import HolomapBridge
import HolomapCore

extension TileExporter {
    /// A horizontal colour bar, 255 × 24 (one column per palette entry), low densities on the left.
    public static func writeLegend(to path: String, signed: Bool = false) throws {
        var indices = [UInt8](repeating: 0, count: 255 * 24)
        for y in 0..<24 { for x in 0..<255 { indices[y * 255 + x] = UInt8(x + 1) } }
        try AtomicFile.write(to: path, overwrite: true) {
            try PNGEncoder.writePalette(path: $0, width: 255, height: 24, indices: indices, palette: signed ? divergingPalette : palette)
        }
    }

    /// Debian's libjs-leaflet, which the offline viewer copies next to the tiles.
    public static let leafletFolder = URL(fileURLWithPath: "/usr/share/javascript/leaflet")

    /// Fails unless the viewer's assets are installed: checked before a build starts.
    public static func checkViewerAssets() throws {
        let script = leafletFolder.appendingPathComponent("leaflet.js").path
        guard FileManager.default.fileExists(atPath: script) else {
            throw InputError.missingFile(path: script + " (the tile viewer needs Debian's libjs-leaflet)")
        }
    }

    /// One layer of the viewer: its code and human label, the group it is listed under, its
    /// tile folder for each year of the page (in the page's year order), and whether it is drawn
    /// with the diverging palette (signed values).
    public struct ViewerLayer: Sendable {
        public var code: String
        public var label: String
        public var group: String
        public var folders: [String]
        public var diverging: Bool
        public init(code: String, label: String, group: String, folders: [String], diverging: Bool = false) {
            self.code = code; self.label = label; self.group = group; self.folders = folders; self.diverging = diverging
        }
    }

    /// A data source and its licence, shown in the map's attribution.
    public struct Credit: Sendable, Equatable {
        public var source: String
        public var licence: String
        public init(source: String, licence: String) { self.source = source; self.licence = licence }
        public var text: String { "\(source) — \(licence)" }
        /// The viewer's own library, credited by every page after the data sources.
        static let leaflet = Credit(source: "Leaflet (viewer)", licence: "BSD-2-Clause")
    }

    /// What the viewer page shows. `years` label the time slider (empty: no time axis);
    /// `opensOn` is the layer code and year index the page opens on; `bounds` (south, west,
    /// north, east), when given, is where it opens (national maps); `borders`, a GeoJSON of
    /// country outlines drawn over the tiles; `scaleNote` says what sets the scale's top;
    /// `credits`, the data sources (the page adds Leaflet's own).
    public struct ViewerPage: Sendable {
        public var title: String
        public var layers: [ViewerLayer]
        public var years: [Int]
        public var opensOn: (code: String, year: Int)
        public var maxZoom: Int
        public var scale: Scale
        public var scaleNote: String
        public var credits: [Credit]
        public var bounds: (Double, Double, Double, Double)?
        public var borders: String?
        public init(title: String, layers: [ViewerLayer], years: [Int], opensOn: (code: String, year: Int), maxZoom: Int, scale: Scale,
                    scaleNote: String, credits: [Credit], bounds: (Double, Double, Double, Double)? = nil, borders: String? = nil) {
            self.title = title; self.layers = layers; self.years = years; self.opensOn = opensOn; self.maxZoom = maxZoom; self.scale = scale
            self.scaleNote = scaleNote; self.credits = credits; self.bounds = bounds; self.borders = borders
        }
    }

    /// Offline viewer: Debian's libjs-leaflet copied next to the tiles, the legends' colour bars
    /// (`legend.png`; `legend-signed.png` when a layer is diverging), the borders
    /// (`borders.js`: the GeoJSON assigned to `holomapBorders`, since browsers do not let a page
    /// opened from disk fetch a file) and `index.html`.
    public static func writeViewer(folder: URL, page: ViewerPage) throws {
        try checkViewerAssets()
        precondition(!page.layers.isEmpty && page.layers.allSatisfy { $0.folders.count == max(1, page.years.count) })
        let fm = FileManager.default
        let target = folder.appendingPathComponent("leaflet")
        if fm.fileExists(atPath: target.path) { try fm.removeItem(at: target) }
        try fm.createDirectory(at: target, withIntermediateDirectories: true)
        for file in ["leaflet.js", "leaflet.css"] {
            try fm.copyItem(at: leafletFolder.appendingPathComponent(file), to: target.appendingPathComponent(file))
        }
        if fm.fileExists(atPath: leafletFolder.appendingPathComponent("images").path) {
            try fm.copyItem(at: leafletFolder.appendingPathComponent("images"), to: target.appendingPathComponent("images"))
        }
        try writeLegend(to: folder.appendingPathComponent("legend.png").path)
        if page.layers.contains(where: \.diverging) { try writeLegend(to: folder.appendingPathComponent("legend-signed.png").path, signed: true) }
        if let borders = page.borders {
            try AtomicFile.write(to: folder.appendingPathComponent("borders.js").path, overwrite: true) {
                try "var holomapBorders = \(borders);\n".write(toFile: $0, atomically: false, encoding: .utf8)
            }
        }
        try AtomicFile.write(to: folder.appendingPathComponent("index.html").path, overwrite: true) {
            try html(page).write(toFile: $0, atomically: false, encoding: .utf8)
        }
    }

    /// Text for HTML element content and attribute values.
    public static func htmlEscaped(_ text: String) -> String {
        var out = ""
        for c in text {
            switch c {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            default: out.append(c)
            }
        }
        return out
    }

    /// A JavaScript string literal that is also safe inside an HTML script element.
    public static func javaScriptString(_ text: String) -> String {
        var out = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\\": out += "\\\\"
            case "\"": out += "\\\""
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "<", ">", "&", "'", "\u{2028}", "\u{2029}": out += String(format: "\\u%04x", scalar.value)
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out + "\""
    }
}
