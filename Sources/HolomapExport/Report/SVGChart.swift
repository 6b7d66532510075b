import Foundation

/// Small deterministic SVG charts (no scripts, no fonts beyond the viewer's sans-serif).
public enum SVGChart {
    static let colours = ["#3b6ea8", "#e08a3c", "#5a9e5a", "#b04a6a", "#7a6ab0"]

    /// Horizontal grouped bars: one group per category, one bar per series; NaN bars are left out.
    public static func groupedBars(title: String, categories: [String], series: [(String, [Double])], unit: String) -> String {
        let barHeight = 10.0, gap = 8.0, left = 60.0, right = 40.0, top = 40.0, width = 720.0
        let groupHeight = Double(series.count) * barHeight + gap
        let height = top + Double(categories.count) * groupHeight + 30
        let values = series.flatMap(\.1).filter { $0.isFinite }
        let low = min(0, values.min() ?? 0), high = max(0, values.max() ?? 1)
        let span = high - low == 0 ? 1 : high - low
        func x(_ v: Double) -> Double { left + (v - low) / span * (width - left - right) }
        var svg = "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"\(Int(width))\" height=\"\(Int(height))\" font-family=\"sans-serif\" font-size=\"11\">\n"
        svg += "<rect width=\"100%\" height=\"100%\" fill=\"white\"/>\n<text x=\"10\" y=\"18\" font-size=\"14\">\(escape(title))</text>\n"
        for (k, (name, _)) in series.enumerated() {
            svg += "<rect x=\"\(f(left + Double(k) * 110))\" y=\"26\" width=\"10\" height=\"8\" fill=\"\(colours[k % colours.count])\"/><text x=\"\(f(left + Double(k) * 110 + 14))\" y=\"34\">\(escape(name))</text>\n"
        }
        svg += "<line x1=\"\(f(x(0)))\" y1=\"\(f(top))\" x2=\"\(f(x(0)))\" y2=\"\(f(height - 30))\" stroke=\"#444\"/>\n"
        for (c, category) in categories.enumerated() {
            let y0 = top + Double(c) * groupHeight
            svg += "<text x=\"\(f(left - 6))\" y=\"\(f(y0 + Double(series.count) * barHeight / 2 + 4))\" text-anchor=\"end\">\(escape(category))</text>\n"
            for (k, (_, values)) in series.enumerated() where values[c].isFinite {
                let a = x(min(0, values[c])), b = x(max(0, values[c]))
                svg += "<rect x=\"\(f(a))\" y=\"\(f(y0 + Double(k) * barHeight))\" width=\"\(f(max(0.5, b - a)))\" height=\"\(f(barHeight - 1))\" fill=\"\(colours[k % colours.count])\"><title>\(escape(category)) \(escape(series[k].0)): \(String(format: "%.2f", values[c])) \(unit)</title></rect>\n"
            }
        }
        for tick in ticks(low, high) {
            svg += "<text x=\"\(f(x(tick)))\" y=\"\(f(height - 12))\" text-anchor=\"middle\">\(tickLabel(tick)) \(unit)</text>\n"
        }
        return svg + "</svg>\n"
    }

    /// A labelled matrix (rows → columns) shaded by value.
    public static func matrix(title: String, labels: [String], value: (String, String) -> Double) -> String {
        let cell = 84.0, left = 110.0, top = 60.0
        let size = left + Double(labels.count) * cell + 20
        let high = labels.flatMap { a in labels.map { b in value(a, b) } }.max() ?? 1
        var svg = "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"\(Int(size))\" height=\"\(Int(top + Double(labels.count) * cell + 20))\" font-family=\"sans-serif\" font-size=\"11\">\n"
        svg += "<rect width=\"100%\" height=\"100%\" fill=\"white\"/>\n<text x=\"10\" y=\"18\" font-size=\"13\">\(escape(title))</text>\n"
        for (j, b) in labels.enumerated() { svg += "<text x=\"\(f(left + (Double(j) + 0.5) * cell))\" y=\"\(f(top - 8))\" text-anchor=\"middle\">\(escape(b))</text>\n" }
        for (i, a) in labels.enumerated() {
            svg += "<text x=\"\(f(left - 6))\" y=\"\(f(top + (Double(i) + 0.5) * cell + 4))\" text-anchor=\"end\">\(escape(a))</text>\n"
            for (j, b) in labels.enumerated() {
                let v = value(a, b), t = high > 0 ? max(0, v) / high : 0
                let shade = Int(255 - 200 * t.squareRoot())
                svg += "<rect x=\"\(f(left + Double(j) * cell))\" y=\"\(f(top + Double(i) * cell))\" width=\"\(f(cell - 2))\" height=\"\(f(cell - 2))\" fill=\"rgb(\(shade),\(shade),255)\"/>"
                svg += "<text x=\"\(f(left + (Double(j) + 0.5) * cell))\" y=\"\(f(top + (Double(i) + 0.5) * cell + 4))\" text-anchor=\"middle\">\(tickLabel(v))</text>\n"
            }
        }
        return svg + "</svg>\n"
    }

    static func ticks(_ low: Double, _ high: Double) -> [Double] {
        let raw = (high - low) / 5
        guard raw > 0 else { return [0] }
        let magnitude = pow(10, floor(log10(raw)))
        let step = [1.0, 2, 5, 10].map { $0 * magnitude }.first { $0 >= raw }!
        return stride(from: (low / step).rounded(.up) * step, through: high, by: step).map { $0 }
    }

    static func tickLabel(_ v: Double) -> String { abs(v) >= 100 || v == v.rounded() ? String(format: "%.0f", v) : String(format: "%.1f", v) }
    static func f(_ v: Double) -> String { String(format: "%.1f", v) }
    static func escape(_ s: String) -> String { s.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;") }
}
