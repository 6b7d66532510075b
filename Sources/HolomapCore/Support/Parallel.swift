import Dispatch
import Foundation

/// Runs independent pure-Swift work items on all cores and keeps their results in order.
public enum Parallel {
    /// `body(i)` for i in 0..<count, in any order and concurrently; `completed(n)` is called under
    /// a lock after each item, with the number done so far.
    public static func map<T: Sendable>(_ count: Int, order: [Int]? = nil,
                                        completed: @Sendable (Int) -> Void = { _ in },
                                        _ body: @Sendable (Int) -> T) -> [T] {
        let box = ResultBox<T>(count: count)
        let order = order ?? Array(0..<count)
        DispatchQueue.concurrentPerform(iterations: count) { k in
            let i = order[k]
            let value = body(i)
            box.store(value, at: i, completed: completed)
        }
        return box.values.map { $0! }
    }

    private final class ResultBox<T>: @unchecked Sendable {
        var values: [T?]
        var done = 0
        let lock = NSLock()
        init(count: Int) { values = Array(repeating: nil, count: count) }
        func store(_ value: T, at index: Int, completed: (Int) -> Void) {
            lock.lock(); defer { lock.unlock() }
            values[index] = value
            done += 1
            completed(done)
        }
    }
}

/// A value computed on another thread while the caller goes on (reading an input while the
/// boundaries load, checksums while the grid is written); `value()` waits for it.
public final class BackgroundTask<T>: @unchecked Sendable {
    private var result: Result<T, Error>?
    private let finished = DispatchSemaphore(value: 0)

    public init(_ body: @escaping @Sendable () throws -> T) {
        DispatchQueue.global().async {
            self.result = Result(catching: body)
            self.finished.signal()
        }
    }

    public func value() throws -> T {
        finished.wait()
        defer { finished.signal() }   // later calls return at once
        return try result!.get()
    }
}
