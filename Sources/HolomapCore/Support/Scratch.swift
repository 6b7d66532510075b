import Foundation

/// A buffer pointer shared by work items that write disjoint parts of it.
public struct UnsafeBox<T>: @unchecked Sendable {
    public let pointer: UnsafeMutableBufferPointer<T>
    public init(_ pointer: UnsafeMutableBufferPointer<T>) { self.pointer = pointer }
}

/// Reused Float64 scratch bands of one run: on this kind of machine first-touching fresh memory
/// costs more than the arithmetic, so band buffers are kept and handed out again instead of
/// reallocated. Each run (a build, a gridding) owns its pool; everything is freed with it, so a
/// server running many builds does not keep their memory.
public final class ScratchPool: @unchecked Sendable {
    private var free: [UnsafeMutableBufferPointer<Double>] = []
    private var whole: [UnsafeMutablePointer<Double>: UnsafeMutableBufferPointer<Double>] = [:]
    private let lock = NSLock()

    public init() {}

    /// A buffer of at least `count` values (contents undefined), to give back when done.
    func take(_ count: Int) -> UnsafeMutableBufferPointer<Double> {
        lock.lock(); defer { lock.unlock() }
        let buffer: UnsafeMutableBufferPointer<Double>
        if let k = free.firstIndex(where: { $0.count >= count }) {
            buffer = free.remove(at: k)
        } else {
            buffer = .allocate(capacity: max(count, 1 << 20))
            whole[buffer.baseAddress!] = buffer
        }
        return UnsafeMutableBufferPointer(rebasing: buffer[0..<count])
    }

    func give(_ buffer: UnsafeMutableBufferPointer<Double>) {
        lock.lock(); defer { lock.unlock() }
        free.append(whole[buffer.baseAddress!]!)
    }

    /// Bytes held (given out or free).
    public var bytes: Int {
        lock.lock(); defer { lock.unlock() }
        return whole.values.reduce(0) { $0 + $1.count * MemoryLayout<Double>.stride }
    }

    deinit { for buffer in whole.values { buffer.deallocate() } }
}
