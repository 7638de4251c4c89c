import Foundation

/// Which models the fake Ollama holds in memory, as the real one reports and changes it:
/// `GET /api/ps` lists them (name, model, size, digest, details, expires_at, size_vram,
/// context_length), and `POST /api/generate` without a prompt loads a model or, with
/// `keep_alive: 0`, unloads it, answering `done_reason` `load` / `unload`.
extension OllamaResponder {
    func markLoaded(_ name: String) {
        loaded.withLock { list in if !list.contains(name) { list.append(name) } }
    }

    func processes(_ writer: HTTPServerResponseWriter) {
        let names = loaded.withLock { $0 }
        let expires = FakeServerSupport.timestamp(Date().addingTimeInterval(300))
        let entries: [JSONOut] = names.map { name in
            let model = find(name) ?? FakeOllamaModel(name: name)
            return .object([
                ("name", .string(model.name)), ("model", .string(model.name)), ("size", .int(model.sizeBytes)),
                ("digest", .string(model.digest)),
                ("details", .object([("parent_model", .string("")), ("format", .string("gguf")), ("family", .string(model.family)),
                                     ("families", .array([.string(model.family)])), ("parameter_size", .string(model.parameterSize)),
                                     ("quantization_level", .string(model.quantization))])),
                ("expires_at", .string(expires)), ("size_vram", .int(model.sizeBytes)), ("context_length", .int(4096)),
            ])
        }
        sendJSON(writer, 200, .object([("models", .array(entries))]))
    }

    func generate(_ request: HTTPServerRequest, _ writer: HTTPServerResponseWriter) {
        guard let json = parseBody(request, writer) else { return }
        let name = json["model"]?.string ?? ""
        guard !name.isEmpty else { return error(writer, 400, "model is required") }
        guard let model = find(name) else { return error(writer, 404, "model '\(FakeOllamaModel.normalize(name))' not found") }
        guard (json["prompt"]?.string ?? "").isEmpty else {
            return error(writer, 400, "this fake Ollama answers /api/generate only to load or unload a model")
        }
        let unload = Self.isZero(json["keep_alive"])
        if unload {
            unloads.withLock { $0.append(model.name) }
            loaded.withLock { $0.removeAll { $0 == model.name } }
        } else {
            markLoaded(model.name)
        }
        sendJSON(writer, 200, .object([
            ("model", .string(name)), ("created_at", .string(FakeServerSupport.timestamp())), ("response", .string("")),
            ("done", .bool(true)), ("done_reason", .string(unload ? "unload" : "load")),
        ]))
    }

    /// `keep_alive` 0, "0" or "0s": unload now.
    static func isZero(_ value: FakeJSON?) -> Bool {
        guard let value else { return false }
        if case .number(let number) = value { return number == 0 }
        if let text = value.string { return ["0", "0s", "0m"].contains(text) }
        return false
    }
}
