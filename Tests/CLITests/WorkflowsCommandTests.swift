import Foundation
import TestSupport
import Testing

/// `atelier workflows list|validate` with the shipped folder and a user folder under
/// `$ATELIER_HOME/workflows`.
@Suite struct WorkflowsCommandTests {
    @Test func everyShippedWorkflowPassesValidation() async throws {
        let home = try AtelierProcess.makeHome()
        let all = try await AtelierProcess.run(["workflows", "validate"], home: home)
        #expect(all.status == 0, "\(all.stdout)\(all.stderr)")
        #expect(all.stderr.contains("\(GenerateSupport.shippedIDs.count) workflows checked: 0 errors"))
        let each = try await AtelierProcess.run(["workflows", "validate"] + GenerateSupport.shippedIDs, home: home)
        #expect(each.status == 0)
        let list = try await AtelierProcess.run(["workflows", "list", "--json"], home: home)
        let ids = list.stdout.split(separator: "\n").compactMap { FakeJSON.parse(String($0))?["id"]?.string }
        #expect(ids == GenerateSupport.shippedIDs)
        #expect(!GenerateSupport.shippedIDs.isEmpty)
    }

    @Test func aBrokenUserWorkflowIsReportedByNodeAndInputWithANonZeroExit() async throws {
        let home = try AtelierProcess.makeHome()
        try GenerateSupport.copyWorkflow("probe-modelfree", as: "broken-probe", into: home + "/workflows") { sidecar in
            var bindings = sidecar["bindings"] as? [String: Any] ?? [:]
            bindings["width"] = ["node": "1", "input": "wdth"]
            bindings["height"] = ["node": "77", "input": "height"]
            sidecar["bindings"] = bindings
        }
        let result = try await AtelierProcess.run(["workflows", "validate"], home: home)
        #expect(result.status == 1)
        let lines = result.stdout.split(separator: "\n").map(String.init)
        let sidecar = home + "/workflows/broken-probe.meta.json"
        let wdth = lines.first { $0.contains("wdth") }
        #expect(wdth?.contains(sidecar) == true && wdth?.contains("node 1") == true, "\(lines)")
        let missingNode = lines.first { $0.contains("77") }
        #expect(missingNode?.contains("height") == true, "\(lines)")
        let one = try await AtelierProcess.run(["workflows", "validate", "broken-probe"], home: home)
        #expect(one.status == 1)
        let fine = try await AtelierProcess.run(["workflows", "validate", "probe-modelfree"], home: home)
        #expect(fine.status == 0)
        let json = try await AtelierProcess.run(["workflows", "validate", "broken-probe", "--json"], home: home)
        let problems = json.stdout.split(separator: "\n").compactMap { FakeJSON.parse(String($0)) }
        #expect(problems.contains { $0["node"]?.string == "1" && $0["input"]?.string == "wdth" })
        let unknown = try await AtelierProcess.run(["workflows", "validate", "nope"], home: home)
        #expect(unknown.status == 2)
    }

    @Test func aNewUserPairAppearsAndRunsWithNoCodeChange() async throws {
        let fake = try FakeComfyServer()
        let home = try AtelierProcess.makeHome()
        try GenerateSupport.copyWorkflow("probe-modelfree", as: "my-probe", into: home + "/workflows") { sidecar in
            sidecar["title"] = "My own probe"
        }
        let list = try await AtelierProcess.run(["workflows", "list", "--json"], home: home)
        let mine = list.stdout.split(separator: "\n").compactMap { FakeJSON.parse(String($0)) }.first { $0["id"]?.string == "my-probe" }
        #expect(mine?["origin"]?.string == "user" && mine?["title"]?.string == "My own probe")
        let result = try await AtelierProcess.run(["generate", "-w", "my-probe", "--set", "width=8"], home: home,
                                                  environment: GenerateSupport.environment(fake), timeout: 60)
        #expect(result.status == 0, "\(result.stderr)")
        #expect(fake.promptBodies.first?["prompt"]?["1"]?["inputs"]?["width"]?.integer == 8)
    }
}
