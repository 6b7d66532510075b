import Foundation

/// The report's HTML: the Markdown subset holomap writes (headings, paragraphs, images,
/// tables, inline code) turned into one self-contained page.
public enum ReportHTML {
    /// The Markdown subset written above (headings, paragraphs, images, tables) as HTML.
    public static func html(_ markdown: String, title: String) -> String {
        func inline(_ s: String) -> String {
            var t = s.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;").replacingOccurrences(of: ">", with: "&gt;")
            while let open = t.range(of: "`"), let close = t.range(of: "`", range: open.upperBound..<t.endIndex) {
                t.replaceSubrange(open.lowerBound..<close.upperBound, with: "<code>\(t[open.upperBound..<close.lowerBound])</code>")
            }
            return t
        }
        var body = ""
        var inTable = false
        for line in markdown.split(separator: "\n", omittingEmptySubsequences: false).map(String.init) {
            if line.hasPrefix("|") {
                let cells = line.split(separator: "|", omittingEmptySubsequences: false).dropFirst().dropLast().map { $0.trimmingCharacters(in: .whitespaces) }
                if cells.allSatisfy({ $0.allSatisfy { "-:".contains($0) } }) { continue }
                if !inTable { body += "<table>\n<tr>" + cells.map { "<th>\(inline($0))</th>" }.joined() + "</tr>\n"; inTable = true; continue }
                body += "<tr>" + cells.map { "<td>\(inline($0))</td>" }.joined() + "</tr>\n"
                continue
            }
            if inTable { body += "</table>\n"; inTable = false }
            if line.hasPrefix("## ") { body += "<h2>\(inline(String(line.dropFirst(3))))</h2>\n" }
            else if line.hasPrefix("# ") { body += "<h1>\(inline(String(line.dropFirst(2))))</h1>\n" }
            else if line.hasPrefix("!["), let open = line.firstIndex(of: "("), let close = line.lastIndex(of: ")") {
                let alt = line[line.index(line.startIndex, offsetBy: 2)..<line.firstIndex(of: "]")!]
                body += "<p><img src=\"\(line[line.index(after: open)..<close])\" alt=\"\(alt)\"></p>\n"
            } else if !line.isEmpty { body += "<p>\(inline(line))</p>\n" }
        }
        if inTable { body += "</table>\n" }
        return """
        <!DOCTYPE html>
        <html><head><meta charset="utf-8"><title>\(title)</title>
        <style>body{font:14px sans-serif;max-width:960px;margin:2em auto;color:#222}table{border-collapse:collapse}td,th{border:1px solid #ccc;padding:2px 8px}td:not(:first-child){text-align:right}img{max-width:100%}</style>
        </head><body>
        \(body)</body></html>

        """
    }
}
