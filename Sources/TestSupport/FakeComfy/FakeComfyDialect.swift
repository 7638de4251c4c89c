/// Which real ComfyUI the fake imitates. `.current` is ComfyUI 0.8.0 (recorded in
/// `Tests/Fixtures/real/comfyui-*.json`); `.pypi2024` is the older `comfyui==0.0.1` from
/// PyPI (hiddenswitch's fork, mid-2024; recorded in `Tests/Fixtures/real/comfyui-pypi/`),
/// which ignores a client-chosen `prompt_id`, interrupts whatever runs whatever
/// `POST /interrupt` names, sends no `execution_success` / `progress_state` /
/// `display_node` / timestamps, adds `abs_path` to file entries, answers a body without
/// `prompt` with `{"error": "no prompt", "node_errors": []}` and reports no versions in
/// `/system_stats`. Set with `FakeComfyServer.update { $0.dialect = .pypi2024 }`. A plain value.
public enum FakeComfyDialect: Sendable, Hashable {
    case current
    case pypi2024
}
