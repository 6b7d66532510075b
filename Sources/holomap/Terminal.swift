import Dispatch
import Foundation
import HolomapExport
import HolomapJobs

/// Progress and notes go to stderr, so stdout stays for data.
func say(_ line: String) {
    FileHandle.standardError.write(Data((line + "\n").utf8))
}

/// Draws a job's progress on stderr: steps and notes as lines; long steps as a bar redrawn in
/// place on a terminal, or a line per tenth in logs (CI). Silent with --quiet.
final class ProgressView: @unchecked Sendable {
    let quiet: Bool
    let terminal = isatty(2) == 1
    private let lock = NSLock()
    private var lastTenth: [String: Int] = [:]
    private var barOpen = false

    init(quiet: Bool) { self.quiet = quiet }

    var handler: ProgressHandler { { [self] in show($0) } }

    func show(_ event: JobProgress) {
        guard !quiet else { return }
        lock.lock(); defer { lock.unlock() }
        switch event {
        case .step(let line): closeBar(); say(line)
        case .note(let line): closeBar(); say("note: \(line)")
        case .warning(let line): closeBar(); say("warning: \(line)")
        case .fraction(let label, let done, let total):
            let fraction = Double(done) / Double(max(1, total))
            if terminal {
                let width = 30, filled = Int(fraction * Double(width))
                FileHandle.standardError.write(Data("\r\(label) [\(String(repeating: "#", count: filled))\(String(repeating: ".", count: width - filled))] \(Int(fraction * 100))%".utf8))
                barOpen = done < total
                if done >= total { FileHandle.standardError.write(Data("\n".utf8)) }
            } else {
                let tenth = Int(fraction * 10)
                if tenth > lastTenth[label, default: -1] { lastTenth[label] = tenth; say("\(label): \(done)/\(total)") }
            }
        }
    }

    private func closeBar() {
        if barOpen { FileHandle.standardError.write(Data("\n".utf8)); barOpen = false }
    }
}

/// Ctrl-C and SIGTERM remove the outputs being written (their staging folders and temporary
/// files) before the process exits, so an interrupted run leaves nothing behind.
enum Interrupts {
    nonisolated(unsafe) static var sources: [DispatchSourceSignal] = []

    static func install() {
        for signalNumber in [SIGINT, SIGTERM] {
            signal(signalNumber, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: signalNumber, queue: .global())
            source.setEventHandler {
                Staging.removeAll()
                say("holomap: interrupted; partial outputs removed")
                _exit(128 + signalNumber)
            }
            source.resume()
            sources.append(source)
        }
    }
}
