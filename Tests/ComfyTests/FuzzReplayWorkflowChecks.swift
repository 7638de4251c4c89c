@testable import Comfy
import Foundation
import TestSupport

// Invariant checks of the `workflow` harness, compiled both into the libFuzzer harness by
// `Tests/Fuzz/build.sh` and into ComfyTests by the replay tests.

/// The `workflow` harness: bytes before the first NUL are the API graph and the rest the
/// sidecar; with no NUL the bytes are the sidecar of the model-free probe graph. Loading from
/// bytes never crashes; a refusal is `unreadable` with a message naming the file and at least
/// one problem; a loaded template has the files' id, and its validation, instantiation (with
/// its defaults, clamped and rejected) and parameter parsing never crash and explain
/// every refusal.
enum WorkflowFuzzCheck {
    static let apiPath = "/workflows/fuzz.api.json"
    static let sidecarPath = "/workflows/fuzz.meta.json"
    static let probeGraph = Array("""
    {"1": {"inputs": {"width": 64, "height": 64, "batch_size": 1, "color": 16711680}, "class_type": "EmptyImage"},
     "2": {"inputs": {"filename_prefix": "atelier/probe", "images": ["1", 0]}, "class_type": "SaveImage"}}
    """.utf8)

    static func run(_ bytes: [UInt8]) -> FuzzFailures {
        var failures = FuzzFailures()
        let api: [UInt8]
        let sidecar: [UInt8]
        if let nul = bytes.firstIndex(of: 0) {
            api = Array(bytes[..<nul])
            sidecar = Array(bytes[(nul + 1)...])
        } else {
            api = probeGraph
            sidecar = bytes
        }
        let limit = 4 * bytes.count + 2_000
        let template: WorkflowTemplate
        do {
            template = try WorkflowTemplate.load(apiData: Data(api), sidecarData: Data(sidecar),
                                                 apiPath: apiPath, sidecarPath: sidecarPath)
        } catch {
            failures.expect(error.kind == .unreadable, "load failed with kind \(error.kind)")
            failures.expect(error.message.hasPrefix(apiPath + ": ") || error.message.hasPrefix(sidecarPath + ": "),
                            "the error does not name the file: \(error.message.debugDescription)")
            failures.expect(error.message.count <= limit, "the error is \(error.message.count) characters long")
            failures.expect(!error.problems.isEmpty, "the error lists no problem: \(error.message.debugDescription)")
            for problem in error.problems { failures.expect(!problem.message.isEmpty, "a problem with no message") }
            return failures
        }
        failures.expect(template.id == "fuzz", "loaded id \(template.id.debugDescription), not the files' stem")
        for problem in template.validate() {
            failures.expect(!problem.message.isEmpty && problem.message.count <= limit, "a validation problem is empty or huge")
        }
        for policy in [LimitPolicy.reject, .clamp] {
            do {
                let made = try template.instantiate([:], limitPolicy: policy, randomSeed: { 42 })
                failures.expect(made.templateID == template.id, "instantiated under another id")
                failures.expect(made.prompt.objectValue != nil, "the instantiated prompt is not an object")
                failures.expect(policy == .clamp || made.adjustments.isEmpty, "adjusted while rejecting")
            } catch {
                failures.expect(!error.message.isEmpty && error.message.count <= limit, "an instantiation error is empty or huge")
                failures.expect(error.kind != .unreadable, "instantiation failed as unreadable")
            }
        }
        for name in template.parameterNames {
            for text in ["30", "-1", "1e309", "nan", "true", "", " 7 ", "x"] {
                do {
                    let value = try template.parameterValue(named: name, fromText: text)
                    if case .float(let number) = value { failures.expect(number.isFinite, "\(name) = \(text) parsed to \(number)") }
                } catch {
                    failures.expect(error.kind == .wrongType && !error.message.isEmpty, "parameter \(name) = \(text): \(error)")
                }
            }
            _ = template.size(with: [:])
        }
        return failures
    }
}
