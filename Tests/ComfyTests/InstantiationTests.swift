@testable import Comfy
import Testing

@Suite struct InstantiationTests {
    func sd15() throws -> WorkflowTemplate { try #require(shippedLibrary().template(id: "sd15-txt2img")) }

    @Test func defaultsApplyAndTheSeedIsRandomWhenNotGiven() throws {
        let template = try sd15()
        let first = try template.instantiate(["prompt": .string("a red fox")], randomSeed: { 1234 })
        #expect(first.prompt["6"]?["inputs"]?["text"] == "a red fox")
        #expect(first.prompt["3"]?["inputs"]?["seed"] == .int(1234))
        #expect(first.prompt["3"]?["inputs"]?["steps"] == .int(20))
        #expect(first.parameters["seed"] == .int(1234))
        #expect(first.prompt["7"]?["inputs"]?["text"]?.stringValue?.contains("watermark") == true)
        let a = try template.instantiate([:]).parameters["seed"]
        let b = try template.instantiate([:]).parameters["seed"]
        #expect(a != b)
        let given = try template.instantiate(["seed": .int(7)])
        #expect(given.prompt["3"]?["inputs"]?["seed"] == .int(7))
    }

    @Test func valuesAreTypedAndChecked() throws {
        let template = try sd15()
        #expect(try template.instantiate(["cfg": .int(8)]).prompt["3"]?["inputs"]?["cfg"] == .double(8))
        #expect(try template.instantiate(["steps": .float(30)]).prompt["3"]?["inputs"]?["steps"] == .int(30))
        let wrong = #expect(throws: WorkflowError.self) { try template.instantiate(["steps": .string("many")]) }
        #expect(wrong?.kind == .wrongType)
        #expect(wrong?.message == "parameter 'steps' of workflow 'sd15-txt2img' takes an integer; got a string (\"many\")")
        let unknown = #expect(throws: WorkflowError.self) { try template.instantiate(["colour": .string("red")]) }
        #expect(unknown?.kind == .unknownParameter)
        #expect(unknown?.message.contains("it takes: batch_size, cfg, checkpoint") == true)
        let big = #expect(throws: WorkflowError.self) { try template.instantiate(["width": .int(4096)]) }
        #expect(big?.message == "parameter 'width' of workflow 'sd15-txt2img': 4096 is above the maximum 1024")
        let odd = #expect(throws: WorkflowError.self) { try template.instantiate(["height": .int(500)]) }
        #expect(odd?.message.contains("500 is not a multiple of 8") == true)
        #expect(throws: WorkflowError.self) { try template.instantiate(["seed": .int(-1)]) }
    }

    @Test func clampingMovesValuesInsideAndSaysSo() throws {
        let workflow = try sd15().instantiate(["width": .int(3000), "height": .int(301)], limitPolicy: .clamp)
        #expect(workflow.prompt["5"]?["inputs"]?["width"] == .int(1024))
        #expect(workflow.prompt["5"]?["inputs"]?["height"] == .int(296))
        #expect(workflow.adjustments.count == 2)
        #expect(workflow.adjustments.contains("width: 3000 is above the maximum 1024; used 1024"))
    }

    @Test func textFromTheCommandLineParsesByKind() throws {
        let template = try sd15()
        #expect(try template.parameterValue(named: "steps", fromText: "30") == .int(30))
        #expect(try template.parameterValue(named: "cfg", fromText: "6.5") == .float(6.5))
        #expect(try template.parameterValue(named: "prompt", fromText: " keep spaces ") == .string(" keep spaces "))
        #expect(throws: WorkflowError.self) { try template.parameterValue(named: "steps", fromText: "3.5") }
        #expect(throws: WorkflowError.self) { try template.parameterValue(named: "nope", fromText: "1") }
    }

    @Test func oneParameterCanFillSeveralInputs() throws {
        let audio = try #require(shippedLibrary().template(id: "stable-audio-txt2audio"))
        let workflow = try audio.instantiate(["duration": .float(12.5)])
        #expect(workflow.prompt["6"]?["inputs"]?["seconds"] == .double(12.5))
        #expect(workflow.prompt["5"]?["inputs"]?["seconds_total"] == .double(12.5))
        #expect(throws: WorkflowError.self) { try audio.instantiate(["duration": .float(60)]) }
    }

    @Test func resolutionFallbackShrinksToMultiplesOfEight() throws {
        let smaller = try #require(ResolutionFallback.reduced(width: 1024, height: 1024))
        #expect(smaller.width == 768 && smaller.height == 768)
        let odd = try #require(ResolutionFallback.reduced(width: 1000, height: 600))
        #expect(odd.width == 744 && odd.height == 448)
        let floor = try #require(ResolutionFallback.reduced(width: 300, height: 1024))
        #expect(floor.width == 256 && floor.height == 768)
        #expect(ResolutionFallback.reduced(width: 256, height: 256) == nil)
    }
}
