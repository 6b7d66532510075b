import Foundation

/// Finds holomap's data folders (`grids/`, `boundaries/`): `$HOLOMAP_HOME` first, then the
/// folders above the running executable (a build inside the repository), then the working
/// directory and its parents.
public enum Resources {
    public static func root() -> URL? {
        let fm = FileManager.default
        func isRoot(_ url: URL) -> Bool {
            fm.fileExists(atPath: url.appendingPathComponent("grids/global-1.json").path)
                && fm.fileExists(atPath: url.appendingPathComponent("boundaries/iso3166-1.csv").path)
        }
        if let home = ProcessInfo.processInfo.environment["HOLOMAP_HOME"] {
            let url = URL(fileURLWithPath: home)
            if isRoot(url) { return url }
        }
        var starts = [URL(fileURLWithPath: fm.currentDirectoryPath)]
        if let exe = Bundle.main.executableURL { starts.insert(exe.resolvingSymlinksInPath().deletingLastPathComponent(), at: 0) }
        for start in starts {
            var url = start
            for _ in 0..<8 {
                if isRoot(url) { return url }
                let parent = url.deletingLastPathComponent()
                if parent.path == url.path { break }
                url = parent
            }
        }
        return nil
    }

    public static func folder(_ name: String) throws -> URL {
        guard let root = root() else {
            throw IOError(path: "grids/, boundaries/", operation: "find", reason: "holomap's data folders are not above the executable or the working directory; set HOLOMAP_HOME to the repository")
        }
        return root.appendingPathComponent(name)
    }

    /// The text of a file among holomap's own data (`boundaries/…`, `grids/…`): a missing file
    /// and a failed read are told apart.
    public static func text(_ folder: String, _ name: String) throws -> (path: String, text: String) {
        let url = try Resources.folder(folder).appendingPathComponent(name)
        guard FileManager.default.fileExists(atPath: url.path) else { throw InputError.missingFile(path: url.path) }
        do {
            return (url.path, try String(contentsOf: url, encoding: .utf8))
        } catch {
            throw IOError(path: url.path, operation: "read", reason: "\(error.localizedDescription)")
        }
    }
}
