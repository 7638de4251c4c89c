import Foundation

/// Runs one job on the fake's worker thread the way ComfyUI's executor reports it on the
/// socket (order checked against the recorded `comfyui-ws-modelfree.jsonl`): `status`,
/// `execution_start`, `execution_cached`, then per node `progress_state` + `executing`
/// (+ `progress` per step for samplers, `executed` for save nodes), then
/// `execution_success`, `status`, `executing {node: null}`; or `execution_error` (an OOM
/// variant) / `execution_interrupted`. Writes real files and the history entry. Scripted
/// faults (and the dialect: the PyPI server's fewer events and fields) are read once at the
/// start. Owned by the worker thread.
struct FakeJobRun {
    let core: FakeComfyCore
    let job: FakeJob
    let generation: Int

    private final class Tracker {
        var eventsSent = 0
        var dropAfter: Int?
        var messages: [FakeComfyJSON] = []
        var progress: [(String, FakeComfyJSON)] = []
        var executed: [String] = []
        var outputs: [(String, FakeComfyJSON)] = []
        /// The PyPI server's manners (see `FakeComfyDialect`).
        var legacy = false
    }

    func run() {
        let faults = core.state.withLock { state -> FakeComfyFaults in
            let faults = state.faults
            state.faults.dropSocketAfterEvents = nil
            state.faults.hostileOutputs = nil
            if state.faults.outOfMemoryNextJobs > 0 { state.faults.outOfMemoryNextJobs -= 1 }
            return faults
        }
        let tracker = Tracker()
        tracker.dropAfter = faults.dropSocketAfterEvents
        tracker.legacy = faults.dialect == .pypi2024
        core.broadcastStatus()
        let order = executionOrder()
        let (width, height) = imageSize(order)
        let outOfMemory = faults.outOfMemoryNextJobs > 0 || (faults.outOfMemoryAbovePixels.map { width * height > $0 } ?? false)
        let failingNode = order.first { FakeNodeCatalog.samplerClasses.contains(classType($0)) } ?? order.first ?? ""
        send("execution_start", [("prompt_id", .string(job.promptID)), ("timestamp", now())], tracker, record: true)
        send("execution_cached", [("nodes", []), ("prompt_id", .string(job.promptID)), ("timestamp", now())], tracker, record: true)
        for node in order {
            if interrupted() { return finishInterrupted(node, tracker) }
            tracker.progress.append((node, progressEntry(node, value: 0, max: 1, state: "running")))
            send("progress_state", [("prompt_id", .string(job.promptID)), ("nodes", .object(tracker.progress))], tracker)
            send("executing", [("node", .string(node)), ("display_node", .string(node)), ("prompt_id", .string(job.promptID))], tracker)
            pause(faults.stepDelay)
            if outOfMemory && node == failingNode { return finishOutOfMemory(node, tracker) }
            if FakeNodeCatalog.samplerClasses.contains(classType(node)) {
                let steps = samplerSteps(node)
                for step in 1...steps {
                    if interrupted() { return finishInterrupted(node, tracker) }
                    send("progress", [("value", .int(Int64(step))), ("max", .int(Int64(steps))), ("prompt_id", .string(job.promptID)),
                                      ("node", .string(node))], tracker)
                    pause(faults.stepDelay)
                }
            }
            if job.outputs.contains(node) {
                let written = core.writeOutputs(job: job, node: node, classType: classType(node), size: (width, height),
                                                order: order, hostile: faults.hostileOutputs)
                let output = tracker.legacy ? core.legacyOutput(written) : written
                tracker.outputs.append((node, output))
                send("executed", [("node", .string(node)), ("display_node", .string(node)), ("output", output),
                                  ("prompt_id", .string(job.promptID))], tracker)
            }
            if let index = tracker.progress.firstIndex(where: { $0.0 == node }) {
                tracker.progress[index].1 = progressEntry(node, value: 1, max: 1, state: "finished")
            }
            send("progress_state", [("prompt_id", .string(job.promptID)), ("nodes", .object(tracker.progress))], tracker)
            tracker.executed.append(node)
        }
        send("execution_success", [("prompt_id", .string(job.promptID)), ("timestamp", now())], tracker, record: true)
        finish(success: true, tracker)
    }

    // MARK: Endings

    private func finishOutOfMemory(_ node: String, _ tracker: Tracker) {
        let message = "Allocation on device 0 would exceed allowed memory. (out of memory)\nCurrently allocated     : 22.41 GiB\n"
            + "This error means you ran out of memory on your GPU.\n\nTIPS: If the workflow worked before you might have accidentally set the batch_size to a large number."
        send("execution_error", [
            ("prompt_id", .string(job.promptID)), ("node_id", .string(node)), ("node_type", .string(classType(node))),
            ("executed", .array(tracker.executed.map { .string($0) })), ("exception_message", .string(message)),
            ("exception_type", "torch.OutOfMemoryError"), ("traceback", ["Traceback (most recent call last):\n", "torch.OutOfMemoryError\n"]),
            ("current_inputs", .object([])), ("current_outputs", .array(tracker.executed.map { .string($0) })), ("timestamp", now()),
        ], tracker, record: true)
        finish(success: false, tracker)
    }

    private func finishInterrupted(_ node: String, _ tracker: Tracker) {
        send("execution_interrupted", [
            ("prompt_id", .string(job.promptID)), ("node_id", .string(node)), ("node_type", .string(classType(node))),
            ("executed", .array(tracker.executed.map { .string($0) })), ("timestamp", now()),
        ], tracker, record: true)
        finish(success: false, tracker)
    }

    private func finish(success: Bool, _ tracker: Tracker) {
        var members: [(String, FakeComfyJSON)] = [
            ("prompt", job.queueItem),
            ("outputs", .object(tracker.outputs)),
            ("status", .object([("status_str", .string(success ? "success" : "error")), ("completed", .bool(success)),
                                ("messages", .array(tracker.messages))])),
        ]
        if !tracker.legacy {
            members.append(("meta", .object(tracker.outputs.map { output in
                (output.0, .object([("node_id", .string(output.0)), ("display_node", .string(output.0)), ("parent_node", .null),
                                    ("real_node_id", .string(output.0))]))
            })))
        }
        let entry = FakeComfyJSON.object(members)
        core.state.withLock { state in
            state.history.removeAll { $0.0 == job.promptID }
            state.history.append((job.promptID, entry))
            if state.running?.promptID == job.promptID { state.running = nil }
            state.interruptRequested.remove(job.promptID)
        }
        core.broadcastStatus()
        send("executing", [("node", .null), ("prompt_id", .string(job.promptID))], tracker)
    }

    // MARK: Sending

    /// Sends one event: execution_* / executing / executed only to the job's own socket (none
    /// without a client id); progress and interruption to it, or to everyone without one.
    private func send(_ type: String, _ data: [(String, FakeComfyJSON)], _ tracker: Tracker, record: Bool = false) {
        var data = data
        if tracker.legacy {
            // The PyPI server sends neither of these events, nor these fields.
            if type == "progress_state" || type == "execution_success" { return }
            data.removeAll { $0.0 == "display_node" || $0.0 == "timestamp" }
        }
        if record { tracker.messages.append([.string(type), .object(data)]) }
        let text = FakeComfyJSON.object([("type", .string(type)), ("data", .object(data))]).text
        let broadcastWithoutClient: Set<String> = ["progress", "progress_state", "execution_interrupted"]
        let peers: [FakeWebSocketPeer] = core.state.withLock { state in
            if state.faults.muteJobEvents { return [] }
            if let clientID = job.clientID { return state.peers[clientID].map { [$0] } ?? [] }
            return broadcastWithoutClient.contains(type) ? Array(state.peers.values) : []
        }
        for peer in peers { peer.send(text: text) }
        tracker.eventsSent += 1
        if let limit = tracker.dropAfter, tracker.eventsSent >= limit {
            tracker.dropAfter = nil
            let doomed: [FakeWebSocketPeer] = core.state.withLock { state in
                let list = job.clientID.flatMap { state.peers[$0] }.map { [$0] } ?? Array(state.peers.values)
                for peer in list { state.peers[peer.clientID] = nil }
                return list
            }
            for peer in doomed { peer.drop() }
        }
    }

    private func progressEntry(_ node: String, value: Double, max: Double, state: String) -> FakeComfyJSON {
        .object([("value", .double(value)), ("max", .double(max)), ("state", .string(state)), ("node_id", .string(node)),
                 ("prompt_id", .string(job.promptID)), ("display_node_id", .string(node)), ("parent_node_id", .null),
                 ("real_node_id", .string(node))])
    }

    // MARK: Graph

    private func classType(_ node: String) -> String { job.graph[node]?["class_type"]?.string ?? "" }

    /// The nodes the outputs depend on, each after its inputs (depth-first, by input name).
    private func executionOrder() -> [String] {
        var order: [String] = []
        var seen = Set<String>()
        func visit(_ node: String) {
            guard seen.insert(node).inserted, let inputs = job.graph[node]?["inputs"]?.members else { return }
            for (_, value) in inputs {
                if let link = value.array, link.count == 2, let source = link[0].string ?? link[0].integer.map({ String($0) }) {
                    visit(source)
                }
            }
            order.append(node)
        }
        for output in job.outputs.sorted() { visit(output) }
        return order
    }

    private func samplerSteps(_ node: String) -> Int {
        let inputs = job.graph[node]?["inputs"]
        if let steps = inputs?["steps"]?.integer { return Int(max(1, min(steps, 200))) }
        if let link = inputs?["sigmas"]?.array, let source = link.first?.string, let steps = job.graph[source]?["inputs"]?["steps"]?.integer {
            return Int(max(1, min(steps, 200)))
        }
        return 20
    }

    /// The image size the graph asks for: the first node with literal width and height.
    private func imageSize(_ order: [String]) -> (Int, Int) {
        for node in order {
            guard let inputs = job.graph[node]?["inputs"], let width = inputs["width"]?.integer, let height = inputs["height"]?.integer else { continue }
            return (Int(width), Int(height))
        }
        return (64, 64)
    }

    private func interrupted() -> Bool {
        core.state.withLock { $0.interruptRequested.contains(job.promptID) } || !core.isCurrentWorker(generation)
    }

    private func pause(_ seconds: Double) {
        if seconds > 0 { usleep(UInt32(min(seconds, 5) * 1_000_000)) }
    }

    private func now() -> FakeComfyJSON { .int(Int64(Date().timeIntervalSince1970 * 1000)) }
}
