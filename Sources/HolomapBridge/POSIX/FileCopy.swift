import Foundation
import HolomapCore
#if os(Linux)
import CLibC
#endif

/// Kernel-side copies between open files, so large outputs are assembled without passing
/// through user memory (Linux `sendfile`; elsewhere an ordinary read/write loop).
public enum FileCopy {
    /// Appends `count` bytes read from `source`'s current offset at `target`'s current offset.
    public static func append(_ count: Int, from source: FileHandle, to target: FileHandle, names: (String, String)) throws {
        var copied = 0
        while copied < count {
            #if os(Linux)
            // sendfile: bytes copied (> 0), 0 at end of input, -1 with errno on failure.
            let n = sendfile(target.fileDescriptor, source.fileDescriptor, nil, min(count - copied, 1 << 30))
            if n < 0, errno == EINTR { continue }
            guard n > 0 else {
                let reason = n == 0 ? "input ended early" : String(cString: strerror(errno))
                throw LibraryError(library: "libc", function: "sendfile", code: errno, message: "\(names.0) → \(names.1): \(reason) after \(copied) of \(count) bytes")
            }
            copied += n
            #else
            guard let chunk = try source.read(upToCount: min(count - copied, 1 << 24)), !chunk.isEmpty else {
                throw IOError(path: names.0, operation: "read", reason: "input ended early after \(copied) of \(count) bytes")
            }
            try target.write(contentsOf: chunk)
            copied += chunk.count
            #endif
        }
    }
}

/// Renames that replace outputs in one step.
public enum AtomicRename {
    /// Moves `source` to `target`, replacing a file (rename(2) is atomic on one file system).
    public static func replace(_ source: String, with target: String) throws {
        guard rename(source, target) == 0 else {
            throw IOError(path: target, operation: "rename \(source) to", reason: String(cString: strerror(errno)))
        }
    }

    /// Swaps two existing folders (or files) in one atomic step, so that a reader, or a process
    /// killed at any moment, sees either the old or the new one at each path, never neither.
    /// Linux: renameat2(RENAME_EXCHANGE). Elsewhere: two renames (a short window without `b`).
    public static func exchange(_ a: String, _ b: String) throws {
        #if os(Linux)
        // renameat2 returns 0 on success, -1 with errno.
        guard renameat2(AT_FDCWD, a, AT_FDCWD, b, UInt32(HOLOMAP_RENAME_EXCHANGE)) == 0 else {
            throw IOError(path: b, operation: "exchange with \(a)", reason: String(cString: strerror(errno)))
        }
        #else
        let aside = b + ".exchange"
        try replace(b, with: aside)
        try replace(a, with: b)
        try replace(aside, with: a)
        #endif
    }
}

/// Process and permission queries the staging code needs that Foundation lacks (libc).
public enum ProcessInfoPOSIX {
    /// False only when no process `pid` exists (kill(pid, 0) fails with ESRCH).
    public static func isRunning(_ pid: Int32) -> Bool {
        kill(pid, 0) == 0 || errno != ESRCH
    }

    /// Nil when this process may write into `folder`, else the reason.
    public static func writeDenied(_ folder: String) -> String? {
        access(folder, W_OK) == 0 ? nil : String(cString: strerror(errno))
    }
}
