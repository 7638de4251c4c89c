@testable import Comfy
import Foundation
import Testing

@Suite struct ShippedWorkflowTests {
    static let expectedIDs = ["ltxv-txt2video", "probe-modelfree", "sd15-img2img", "sd15-txt2img", "sdxl-txt2img",
                              "stable-audio-txt2audio", "upscale-2x"]

    @Test func everyShippedWorkflowLoadsAndValidates() {
        let library = shippedLibrary()
        #expect(library.templates.map(\.id) == Self.expectedIDs)
        #expect(library.problems.filter { $0.severity == .error }.isEmpty, "\(library.problems)")
        for template in library.templates {
            #expect(template.validate().isEmpty, "\(template.id): \(template.validate())")
        }
    }

    @Test func mediaTypesAndRealNodeClasses() throws {
        let library = shippedLibrary()
        let classes = { (id: String) -> Set<String> in
            Set(library.template(id: id)?.graph.values.compactMap { $0["class_type"]?.stringValue } ?? [])
        }
        #expect(library.template(id: "ltxv-txt2video")?.mediaType == .video)
        #expect(library.template(id: "stable-audio-txt2audio")?.mediaType == .audio)
        #expect(classes("stable-audio-txt2audio").isSuperset(of: ["CheckpointLoaderSimple", "CLIPLoader", "CLIPTextEncode", "EmptyLatentAudio",
                                                                 "KSampler", "VAEDecodeAudio", "SaveAudio", "ConditioningStableAudio"]))
        #expect(classes("ltxv-txt2video").isSuperset(of: ["EmptyLTXVLatentVideo", "LTXVConditioning", "LTXVScheduler", "SamplerCustom",
                                                         "KSamplerSelect", "CreateVideo", "SaveVideo"]))
        #expect(classes("sd15-img2img").isSuperset(of: ["LoadImage", "VAEEncode", "KSampler"]))
        #expect(classes("upscale-2x").contains("ImageScaleBy"))
        #expect(classes("probe-modelfree") == ["EmptyImage", "SaveImage"])
    }

    /// Each binding is given a distinct value; the instantiated graph must hold exactly that
    /// value at every node input the binding names.
    @Test(arguments: expectedIDs)
    func everyBindingReachesTheInputItNames(id: String) throws {
        let template = try #require(shippedLibrary().template(id: id))
        var parameters: [String: WorkflowValue] = [:]
        for (index, name) in template.parameterNames.enumerated() {
            guard let binding = template.bindings[name] else { continue }
            let limit = template.limits[name]
            switch binding.kind {
            case .string:
                parameters[name] = .string(limit?.options?.last ?? "value-\(index)-\(name)")
            case .int:
                let low = Int64(limit?.min ?? 1)
                let step = limit?.multipleOf ?? 1
                var value = low + Int64(index) * step
                if let high = limit?.max, Double(value) > high { value = low }
                if value % step != 0 { value += step - value % step }
                parameters[name] = .int(value)
            case .float:
                let low = limit?.min ?? 0
                let high = limit?.max ?? (low + 10)
                parameters[name] = .float(low + (high - low) * 0.37)
            case .bool:
                parameters[name] = .bool(true)
            }
        }
        let workflow = try template.instantiate(parameters)
        for (name, value) in parameters {
            guard let binding = template.bindings[name] else { continue }
            for target in binding.targets {
                let actual = workflow.prompt[target.node]?["inputs"]?[target.input]
                #expect(actual == value.json, "\(id): \(name) → node \(target.node) input '\(target.input)' holds \(String(describing: actual))")
            }
        }
        #expect(workflow.parameters.count == parameters.count)
    }

    @Test func graphsAreTheAPIFormat() throws {
        for template in shippedLibrary().templates {
            for (node, entry) in template.graph {
                #expect(Int(node) != nil, "\(template.id): node ids are numeric strings as ComfyUI writes them")
                #expect(entry["inputs"]?.objectValue != nil)
            }
        }
    }
}
