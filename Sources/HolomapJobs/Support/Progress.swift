/// What a job reports while it runs. Jobs never print: the command line draws these on stderr,
/// a server could stream them.
public enum JobProgress: Sendable, Equatable {
    /// A step begins (one line).
    case step(String)
    /// `done` of `total` units of a long step (drawn as a bar on a terminal).
    case fraction(label: String, done: Int, total: Int)
    /// Something worth the user's attention that is not an error (repairs, fallbacks).
    case note(String)
    /// A failed plausibility check: the output is written, but something in it looks wrong.
    case warning(String)
}

public typealias ProgressHandler = @Sendable (JobProgress) -> Void
