import Comfy
import Core
import Engine
import Store

/// Draws one generation's updates for a person: on a terminal, a progress bar redrawn in
/// place on standard error (cleared before any other line and drawn again after); otherwise
/// plain lines on standard error (status changes, every tenth of progress). Notices go to
/// standard error, saved file paths to standard output, one per line, as they are saved.
/// Server text (node classes, messages) is shown inert on a terminal. Used by the one task
/// that follows the generation; a value with mutable state.
struct GenerationProgressScreen {
    let streams: StandardStreams
    let generationID: Int64
    let verb: String
    private var barShown = false
    private var bucket = -1
    private var status: StoredGeneration.Status?
    private var label = "queued"
    private var progress = GenerationProgress(fraction: 0)

    init(streams: StandardStreams, generationID: Int64, verb: String) {
        self.streams = streams
        self.generationID = generationID
        self.verb = verb
    }

    private var terminal: Bool { streams.stderrIsTerminal }

    mutating func show(_ update: GenerationUpdate) {
        switch update {
        case .stored(let row):
            guard row.status != status else { return }
            status = row.status
            label = row.status.rawValue
            if row.status.isTerminal { return }
            if terminal { draw() } else { streams.err("atelier \(verb): generation \(generationID) \(row.status.rawValue)\n") }
        case .job(.queued(let position)):
            guard let position, position > 0 else { return }
            label = "queued (\(position) ahead)"
            if terminal { draw() }
        case .progress(let moved):
            progress = moved
            label = "running"
            if terminal {
                draw()
            } else if Int(moved.fraction * 10) > bucket {
                bucket = Int(moved.fraction * 10)
                streams.errUntrusted("atelier \(verb): generation \(generationID) \(Self.percent(moved.fraction))\(Self.where(moved))\n")
            }
        case .notice(let text):
            clear()
            streams.errUntrusted("atelier \(verb): \(text)\n")
            if terminal { draw() }
        case .asset(let asset):
            clear()
            streams.outUntrusted(asset.path + "\n")
            if terminal { draw() }
        case .finished, .job:
            return
        }
    }

    /// Clears the bar and says how it ended (errors and cancels; success on a terminal only).
    mutating func finish(_ outcome: GenerationOutcome) {
        clear()
        let count = outcome.assets.count
        if let error = outcome.error {
            let what = outcome.generation.status == .cancelled ? "was cancelled" : "failed"
            streams.errUntrusted("atelier \(verb): generation \(generationID) \(what): \(error.message)\n")
            if error.kind == .missingModel, !error.available.isEmpty, !error.message.contains("available:") {
                streams.errUntrusted("atelier \(verb): ComfyUI offers: \(error.available.prefix(30).joined(separator: ", "))\n")
            }
        } else if terminal {
            streams.err("atelier \(verb): generation \(generationID) complete: \(count) file\(count == 1 ? "" : "s") saved\n")
        }
    }

    private mutating func draw() {
        let width = 24
        let filled = min(width, max(0, Int((progress.fraction * Double(width)).rounded(.down))))
        let bar = String(repeating: "█", count: filled) + String(repeating: "░", count: width - filled)
        let text = "generation \(generationID) \(bar) \(Self.percent(progress.fraction)) \(label)\(Self.where(progress))"
        streams.err("\r\u{1B}[2K" + TerminalSanitizer.sanitize(text))
        barShown = true
    }

    private mutating func clear() {
        guard barShown else { return }
        streams.err("\r\u{1B}[2K")
        barShown = false
    }

    static func percent(_ fraction: Double) -> String {
        "\(Int((fraction * 100).rounded(.down)))%"
    }

    /// " KSampler 9/20" — the working node and its own steps, when known.
    static func `where`(_ progress: GenerationProgress) -> String {
        var text = ""
        if let name = progress.classType ?? progress.node { text += " " + MessageFormatter.oneLine(name, limit: 40) }
        if let value = progress.value, let maximum = progress.maximum, maximum > 0 {
            text += " \(Int(value))/\(Int(maximum))"
        }
        return text
    }
}
