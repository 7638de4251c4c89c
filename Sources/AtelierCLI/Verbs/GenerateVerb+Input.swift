import Comfy
import Foundation

/// Reading `atelier generate`'s command line: `--set` pairs, `--wait` seconds, the prompt
/// (arguments or piped standard input), and the `--image` file. Stateless.
extension GenerateVerb {
    /// `NAME=VALUE` from `--set`.
    static func setting(_ text: String, verb: String) throws -> (String, String) {
        guard let equals = text.firstIndex(of: "="), equals != text.startIndex else {
            throw CLIError.usage("--set needs NAME=VALUE, got \"\(MessageFormatter.oneLine(text, limit: 40))\"", verb: verb)
        }
        return (String(text[..<equals]).trimmingCharacters(in: .whitespaces), String(text[text.index(after: equals)...]))
    }

    /// A non-negative number of seconds, nil when the option is absent.
    static func seconds(_ text: String?, verb: String) throws -> Double? {
        guard let text else { return nil }
        guard let value = Double(text), value.isFinite, value >= 0 else {
            throw CLIError.usage("--wait needs a number of seconds", verb: verb)
        }
        return value
    }

    /// The prompt from the arguments, else from piped standard input when the workflow needs one.
    static func prompt(_ positionals: [String], required: Bool, verb: String) throws -> String {
        var text = positionals.joined(separator: " ")
        if required && (positionals.isEmpty || positionals == ["-"]) {
            guard isatty(0) == 0 else { throw CLIError.usage("give a prompt (or pipe one on standard input)", verb: verb) }
            text = String(decoding: FileHandle.standardInput.readDataToEndOfFile(), as: UTF8.self)
        }
        let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines)
        if required && trimmed.isEmpty { throw CLIError.usage("the prompt is empty", verb: verb) }
        return trimmed
    }

    /// The bytes of `--image FILE`, for a workflow that takes an input image.
    static func image(_ path: String, template: WorkflowTemplate, verb: String) throws -> [UInt8] {
        guard template.bindings["input_image"] != nil else {
            throw CLIError.usage("workflow '\(template.id)' takes no input image", verb: verb)
        }
        guard let handle = FileHandle(forReadingAtPath: path) else {
            throw CLIError("cannot read the image \(path)", code: .failure)
        }
        defer { try? handle.close() }
        let data = (try? handle.read(upToCount: maxImageBytes + 1)) ?? nil
        guard let data, !data.isEmpty else { throw CLIError("the image \(path) is empty or unreadable", code: .failure) }
        guard data.count <= maxImageBytes else {
            throw CLIError("the image \(path) is larger than \(maxImageBytes >> 20) MiB", code: .failure)
        }
        return Array(data)
    }
}
