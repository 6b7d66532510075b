import Foundation

/// Kernel-side copies between open files, so large outputs are assembled without passing
/// through user memory.
public enum FileCopy {
    /// Appends `count` bytes read from `source`'s current offset at `target`'s current offset.
    public static func append(_ count: Int, from source: FileHandle, to target: FileHandle, names: (String, String)) throws {
        var copied = 0
        while copied < count {
            // sendfile: bytes copied (> 0), 0 at end of input, -1 with errno on failure.
            let n = sendfile(target.fileDescriptor, source.fileDescriptor, nil, min(count - copied, 1 << 30))
            if n < 0, errno == EINTR { continue }
            guard n > 0 else {
                let reason = n == 0 ? "input ended early" : String(cString: strerror(errno))
                throw LibraryError(library: "libc", function: "sendfile", code: errno, message: "\(names.0) → \(names.1): \(reason) after \(copied) of \(count) bytes")
            }
            copied += n
        }
    }
}
