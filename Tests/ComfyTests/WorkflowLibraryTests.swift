@testable import Comfy
import Foundation
import Testing

@Suite struct WorkflowLibraryTests {
    static let graph = #"{"1": {"class_type": "EmptyImage", "inputs": {"width": 64, "height": 64, "batch_size": 1, "color": 0}}, "2": {"class_type": "SaveImage", "inputs": {"images": ["1", 0], "filename_prefix": "x"}}}"#

    func write(_ folder: TemporaryFolder, _ name: String, _ text: String) throws {
        try text.write(toFile: folder.path + "/" + name, atomically: true, encoding: .utf8)
    }

    func sidecar(id: String, bindings: String = #"{"width": {"node": "1", "input": "width"}}"#, extra: String = "") -> String {
        #"{"id": "\#(id)", "title": "T", "media_type": "image", "bindings": \#(bindings)\#(extra)}"#
    }

    @Test func aNewPairAppearsWithoutCode() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        try write(folder, "mine.api.json", Self.graph)
        try write(folder, "mine.meta.json", sidecar(id: "mine"))
        let library = WorkflowLibrary.load(directories: [shippedWorkflowsDirectory, folder.path])
        let template = try #require(library.template(id: "mine"))
        #expect(template.bindings["width"]?.targets == [BindingTarget(node: "1", input: "width")])
        #expect(library.template(id: "sd15-txt2img") != nil)
    }

    @Test func laterDirectoriesOverrideByID() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        try write(folder, "probe-modelfree.api.json", Self.graph)
        try write(folder, "probe-modelfree.meta.json", #"{"id": "probe-modelfree", "title": "Mine", "media_type": "image", "bindings": {}}"#)
        let library = WorkflowLibrary.load(directories: [shippedWorkflowsDirectory, folder.path])
        #expect(library.template(id: "probe-modelfree")?.title == "Mine")
        #expect(library.overridden["probe-modelfree"]?.hasSuffix("Workflows/probe-modelfree.meta.json") == true)
    }

    @Test func brokenFilesAreReportedNotFatal() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        try write(folder, "good.api.json", Self.graph)
        try write(folder, "good.meta.json", sidecar(id: "good"))
        try write(folder, "badjson.api.json", "{ not json")
        try write(folder, "badjson.meta.json", sidecar(id: "badjson"))
        try write(folder, "lonely.api.json", Self.graph)
        try write(folder, "nograph.meta.json", sidecar(id: "nograph"))
        try write(folder, "wrongid.api.json", Self.graph)
        try write(folder, "wrongid.meta.json", sidecar(id: "other"))
        try write(folder, "ui.api.json", #"{"nodes": [], "links": [], "version": 0.4}"#)
        try write(folder, "ui.meta.json", sidecar(id: "ui"))
        try write(folder, "badmedia.api.json", Self.graph)
        try write(folder, "badmedia.meta.json", #"{"id": "badmedia", "media_type": "hologram", "bindings": {}}"#)
        let library = WorkflowLibrary.load(directories: [folder.path])
        #expect(library.templates.map(\.id) == ["good"])
        let text = library.problems.map(\.description).joined(separator: "\n")
        #expect(text.contains("badjson.api.json: error: not valid JSON"))
        #expect(text.contains("lonely.api.json: error: no sidecar"))
        #expect(text.contains("nograph.meta.json: error: no workflow"))
        #expect(text.contains("'id' is \"other\" but the files are named \"wrongid\""))
        #expect(text.contains("UI-format workflow"))
        #expect(text.contains("'media_type' must be one of image, video, audio"))
        #expect(library.problems(for: "lonely").count == 1)
    }

    @Test func validationNamesNodeAndInput() throws {
        let bindings = """
        {"a": {"node": "9", "input": "x"}, "b": {"node": "1", "input": "nope"}, "c": {"node": "2", "input": "images", "type": "string"},
         "d": {"node": "1", "input": "width", "type": "string"}, "width": {"node": "1", "input": "width"}}
        """
        let extra = #", "defaults": {"width": 5000, "zzz": 1}, "limits": {"width": {"min": 1, "max": 1024}}"#
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        try write(folder, "broken.api.json", Self.graph)
        try write(folder, "broken.meta.json", sidecar(id: "broken", bindings: bindings, extra: extra))
        let library = WorkflowLibrary.load(directories: [folder.path])
        let template = try #require(library.template(id: "broken"))
        let problems = template.validate()
        func find(_ parameter: String) -> WorkflowProblem? { problems.first { $0.parameter == parameter } }
        #expect(find("a")?.node == "9")
        #expect(find("a")?.message == "binding 'a' points at node 9, which does not exist")
        #expect(find("b")?.input == "nope")
        #expect(find("b")?.message.contains("node 1 (EmptyImage) has no input 'nope' (it has: batch_size, color, height, width)") == true)
        #expect(find("c")?.message.contains("node 2 (SaveImage) input 'images' is a link to node 1 output 0, not a literal value") == true)
        #expect(find("d")?.message == "binding 'd' takes a string, but node 1 (EmptyImage) input 'width' holds an integer (64)")
        #expect(find("width")?.message == "the default for 'width' is outside its limits: 5000 is above the maximum 1024")
        #expect(find("zzz")?.message.contains("no binding of that name exists") == true)
        #expect(!template.isValid)
        #expect(throws: WorkflowError.self) { try template.instantiate([:]) }
    }

    @Test func aLinkToAMissingNodeIsReported() throws {
        let graph: [String: JSONValue] = ["2": ["class_type": "SaveImage", "inputs": ["images": ["7", 0], "filename_prefix": "x"]]]
        let template = WorkflowTemplate(id: "t", title: "t", mediaType: .image, graph: graph, bindings: [:])
        let problem = try #require(template.validate().first)
        #expect(problem.node == "2" && problem.input == "images")
        #expect(problem.message == "node 2 (SaveImage) input 'images' links to node 7, which does not exist")
    }

    @Test func standardDirectoriesFollowXDG() {
        #expect(WorkflowLibrary.standardDirectories(shipped: "/repo/Workflows", environment: ["XDG_CONFIG_HOME": "/cfg", "HOME": "/h"])
                == ["/repo/Workflows", "/cfg/atelier/workflows"])
        #expect(WorkflowLibrary.standardDirectories(shipped: "/w", environment: ["HOME": "/h"]) == ["/w", "/h/.config/atelier/workflows"])
    }
}
