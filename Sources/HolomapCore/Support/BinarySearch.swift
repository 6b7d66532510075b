extension RandomAccessCollection {
    /// The first index whose element does not satisfy `belongsBefore`, for a collection in which
    /// every element satisfying it comes first (C++'s `partition_point`). The one binary search:
    /// sorted spans, points, probes and edges all ask it.
    @inlinable public func partitionPoint(where belongsBefore: (Element) throws -> Bool) rethrows -> Index {
        var low = startIndex
        var count = self.count
        while count > 0 {
            let half = count / 2
            let mid = index(low, offsetBy: half)
            if try belongsBefore(self[mid]) {
                low = index(after: mid)
                count -= half + 1
            } else {
                count = half
            }
        }
        return low
    }
}
