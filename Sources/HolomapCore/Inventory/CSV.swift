/// RFC 4180 CSV: quoted fields may hold commas, quotes ("") and newlines. Yields each record with
/// its 1-based starting line number, so errors can name the line.
public struct CSVReader: Sequence {
    let text: String
    public init(_ text: String) { self.text = text }

    public func makeIterator() -> AnyIterator<(line: Int, fields: [String])> {
        var bytes = Array(text.utf8)[...]
        var line = 1
        return AnyIterator {
            guard !bytes.isEmpty else { return nil }
            let start = line
            var fields: [String] = []
            var field: [UInt8] = []
            var quoted = false
            while let b = bytes.first {
                bytes = bytes.dropFirst()
                if quoted {
                    if b == UInt8(ascii: "\"") {
                        if bytes.first == UInt8(ascii: "\"") { field.append(b); bytes = bytes.dropFirst() } else { quoted = false }
                    } else {
                        if b == UInt8(ascii: "\n") { line += 1 }
                        field.append(b)
                    }
                    continue
                }
                switch b {
                case UInt8(ascii: "\""): quoted = true
                case UInt8(ascii: ","): fields.append(String(decoding: field, as: UTF8.self)); field.removeAll(keepingCapacity: true)
                case UInt8(ascii: "\r"): break
                case UInt8(ascii: "\n"):
                    line += 1
                    fields.append(String(decoding: field, as: UTF8.self))
                    return (start, fields)
                default: field.append(b)
                }
            }
            fields.append(String(decoding: field, as: UTF8.self))
            return (start, fields)
        }
    }
}
