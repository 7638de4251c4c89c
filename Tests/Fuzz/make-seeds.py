#!/usr/bin/env python3
"""Writes the hand-made and fixture seeds of Tests/Fuzz/Corpus/<harness>/seed-*.

Run once when a harness is added or its input layout changes; `make fuzz` does not need it.
Seeds for the framing, decoder and sanitizer harnesses start with FuzzInput's 4-byte header
(split point, little-endian; line-cap choice; spare). Real bytes come from Tests/Fixtures/real
and Workflows/.
"""
import json
import os
import struct

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
CORPUS = os.path.join(ROOT, "Tests", "Fuzz", "Corpus")


def header(split, cap=0):
    """cap 0 keeps the default 1 MiB line cap; 128 + n gives a cap of n + 1 bytes."""
    return struct.pack("<HBB", split & 0xFFFF, cap, 0)


def write(harness, name, data):
    folder = os.path.join(CORPUS, harness)
    os.makedirs(folder, exist_ok=True)
    if isinstance(data, str):
        data = data.encode("utf-8", "surrogatepass")
    with open(os.path.join(folder, "seed-" + name), "wb") as handle:
        handle.write(data)


def fixture(name):
    with open(os.path.join(ROOT, "Tests", "Fixtures", "real", name), "rb") as handle:
        return handle.read()


def framed(harness, name, body, cap=0):
    if isinstance(body, str):
        body = body.encode()
    write(harness, name, header(len(body) // 2, cap) + body)
    write(harness, name + "-cut1", header(1, cap) + body)


# SSE --------------------------------------------------------------------------------------
llama = fixture("llamacpp-chat-stream.sse")
framed("sse", "llamacpp", llama)
framed("sse", "llamacpp-cap", llama, cap=128 + 60)
sse_hand = [
    ("bom-crlf", "\ufeff: hi\r\nevent: greet\r\nid: 1\r\ndata: caf\u00e9\r\ndata:second\r\n\r\n"),
    ("cr-only", "data: a\rdata: b\r\rretry: 15\r\r"),
    ("fields", "id\nevent\ndata\n\ndata:x\nid: a\u0000b\nretry: 9x\nretry: 99999999999999999999999\n\n"),
    ("unterminated", "data: done\n\nevent: cut\ndata: dropped"),
    ("bad-utf8", b"data: ok\n\ndata: \xff\xfe\n\n"),
    ("bad-name", b"event: \xc3\n\ndata: x\nevent: \xc3(\n\n"),
    ("bad-id", b"id: \xe2\x82\n\n"),
    ("long", "data: " + "x" * 300 + "\n\n"),
]
for name, body in sse_hand:
    framed("sse", name, body)
framed("sse", "long-cap", "data: short\n\ndata: " + "y" * 100 + "\n\n", cap=128 + 20)

# NDJSON -----------------------------------------------------------------------------------
ollama_stream = (
    '{"model":"llama3.2","created_at":"2025-10-26T17:15:24.097767Z","message":{"role":"assistant","content":"The"},"done":false}\n'
    '{"model":"llama3.2","created_at":"2025-10-26T17:15:24.1Z","message":{"role":"assistant","content":" sky","thinking":"hmm"},"done":false}\n'
    '{"model":"llama3.2","created_at":"2025-10-26T17:15:24.166576Z","message":{"role":"assistant","content":""},"done":true,'
    '"done_reason":"stop","total_duration":4883583458,"load_duration":1334875,"prompt_eval_count":26,'
    '"prompt_eval_duration":342546000,"eval_count":282,"eval_duration":4535599000}\n'
)
ndjson_hand = [
    ("ollama", ollama_stream),
    ("bom-crlf-blank", "\ufeff{\"a\":1}\r\n\r\n \t\n{\"b\":\"caf\u00e9\"}\r\r\n{\"last\":true}"),
    ("bad-utf8", b'{"a":1}\n{"b":"\xc3"}\n'),
    ("long", '{"x":"' + "z" * 200 + '"}\n'),
]
for name, body in ndjson_hand:
    framed("ndjson", name, body)
framed("ndjson", "long-cap", '{"a":1}\n{"x":"' + "z" * 60 + '"}\n', cap=128 + 30)

# Ollama decoder ---------------------------------------------------------------------------
ollama_hand = [
    ("chat", ollama_stream),
    ("generate", '{"response":"Hi","thinking":"t","done":false}\n{"response":" there","done":true,"done_reason":"length","prompt_eval_count":3,"eval_count":2}\n'),
    ("error", '{"message":{"content":"partial"},"done":false}\n{"error":"model runner crashed"}\n'),
    ("error-object", '{"message":{"content":"a"}}\n{"error":{"message":"boom","type":"x","code":5}}\n'),
    ("escapes", '{"message":{"content":"\\u00e9\\ud83d\\ude00\\n\\"q\\""},"d\\u006fne":false}\n{"done":true}\n'),
    ("done-number", '{"message":{"content":"x"}}\n{"done":1}\n'),
    ("cut", '{"message":{"content":"x"}}\n{"done":true}'),
    ("after-done", '{"done":true}\n{"message":{"content":"late"}}\nnot json\n'),
    ("null-fields", '{"message":null,"response":null,"done":null}\n{"message":{"content":null,"thinking":null},"done":true,"done_reason":null}\n'),
    ("dup-keys", '{"message":{"content":"a","content":"b"},"done":false,"done":true}\n'),
    ("numbers", '{"done":true,"prompt_eval_count":1.0,"eval_count":1e3}\n'),
]
for name, body in ollama_hand:
    framed("ollama", name, body)
framed("ollama", "after-done-cap", '{"done":true}\n' + "x" * 80 + "\n", cap=128 + 30)

# OpenAI-compatible decoder ----------------------------------------------------------------
framed("openai", "llamacpp", llama)
chunk = '{"id":"c","object":"chat.completion.chunk","created":1,"model":"m","choices":[{"index":0,"delta":%s,"logprobs":null,"finish_reason":%s}],"usage":null}'
openai_stream = (
    "data: " + chunk % ('{"role":"assistant","content":""}', "null") + "\n\n"
    + "data: " + chunk % ('{"content":"Hel"}', "null") + "\n\n"
    + "data: " + chunk % ('{"reasoning_content":"think"}', "null") + "\n\n"
    + "data: " + chunk % ("{}", '"stop"') + "\n\n"
    + 'data: {"id":"c","object":"chat.completion.chunk","created":1,"model":"m","choices":[],"usage":{"prompt_tokens":12,"completion_tokens":3,"total_tokens":15}}\n\n'
    + "data: [DONE]\n\n"
)
openai_hand = [
    ("stream", openai_stream),
    ("error-chunk", "data: " + chunk % ('{"content":"a"}', "null") + '\n\ndata: {"error":{"message":"overloaded","type":"server_error","code":503}}\n\n'),
    ("error-event", 'data: {"choices":[{"delta":{"content":"a"}}]}\n\nevent: error\ndata: {"message":"bad"}\n\n'),
    ("refusal-index", 'data: {"choices":[{"index":1,"delta":{"content":"other"}},{"delta":{"refusal":"no","reasoning":"r"}}]}\n\ndata: [DONE]\n\n'),
    ("done-variants", "data: [DONE]x\n\n"),
    ("done-combining", "data: [DONE]\u0301\n\n"),
    ("whitespace", "data:  \t\n\ndata: \u000b\n\ndata: [DONE]\n\n"),
    ("no-done", "data: " + chunk % ('{"content":"cut"}', "null") + "\n\n"),
    ("after-done", "data: [DONE]\n\ndata: {bad\n\n"),
    ("usage-finish", 'data: {"choices":[{"delta":{"content":"x"},"finish_reason":"length"}],"usage":{"prompt_tokens":1.0,"completion_tokens":2}}\n\ndata: [DONE]\n\n'),
]
for name, body in openai_hand:
    framed("openai", name, body)
framed("openai", "after-done-cap", "data: [DONE]\n\n" + "x" * 80 + "\n", cap=128 + 30)

# Anthropic decoder ------------------------------------------------------------------------
anthropic_stream = """event: message_start
data: {"type":"message_start","message":{"id":"msg_4Qp","type":"message","role":"assistant","content":[],"model":"claude-3-opus-latest","stop_reason":null,"stop_sequence":null,"usage":{"input_tokens":11,"output_tokens":1,"cache_read_input_tokens":2}}}

event: content_block_start
data: {"type":"content_block_start","index":0,"content_block":{"type":"text","text":""}}

event: ping
data: {"type": "ping"}

event: content_block_delta
data: {"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":"Hello"}}

event: content_block_delta
data: {"type":"content_block_delta","index":1,"delta":{"type":"thinking_delta","thinking":"hm"}}

event: content_block_stop
data: {"type":"content_block_stop","index":0}

event: message_delta
data: {"type":"message_delta","delta":{"stop_reason":"end_turn","stop_sequence":null},"usage":{"output_tokens":6}}

event: message_stop
data: {"type":"message_stop"}

"""
anthropic_hand = [
    ("stream", anthropic_stream),
    ("unnamed", 'data: {"type":"content_block_delta","delta":{"type":"text_delta","text":"a"}}\n\ndata: {"type":"message_stop"}\n\n'),
    ("error", 'event: content_block_delta\ndata: {"type":"content_block_delta","delta":{"type":"text_delta","text":"a"}}\n\nevent: error\ndata: {"type":"error","error":{"type":"overloaded_error","message":"Overloaded"}}\n\n'),
    ("bad-json", "event: message_delta\ndata: {nope\n\n"),
    ("cut", 'event: content_block_delta\ndata: {"type":"content_block_delta","delta":{"type":"text_delta","text":"cut"}}\n\n'),
    ("escapes", 'event: content_block_delta\ndata: {"delta":{"type":"text\\u005fdelta","text":"\\u00e9"}}\n\nevent: message_stop\ndata: {}\n\n'),
    ("after-stop", "event: message_stop\ndata: {}\n\nevent: error\ndata: {\n\n"),
]
for name, body in anthropic_hand:
    framed("anthropic", name, body)
framed("anthropic", "after-stop-cap", "event: message_stop\ndata: {}\n\n" + "x" * 80 + "\n", cap=128 + 30)

# Sanitizer and width ----------------------------------------------------------------------
samples = [
    "a\x1b[2Jb\x1b]8;;https://x.example\x1b\\link\x1b]8;;\x1b\\ end",
    "\x1b]52;c;cm0gLXJmIH4=\x07\x1bP1$r\x1b\\\x1b_G\x1b\\\x1b^p\x1b\\\x1bXs\x1b\\",
    "crlf\r\nlone\rcr\r\r\n\u009b31m\u009dt\u009c",
    "tab\tafter \u4e2d\tx\n\ty\x08\x7f",
    "\U0001F469\u200d\U0001F4BB and \U0001F469\u200da and \u0915\u094d\u200d\u0937 and \u0645\u06cc\u200c\u062e",
    "\U0001F3F4\U000E0067\U000E0062\U000E0073\U000E0063\U000E0074\U000E007F \U0001F3F4\U000E0067x \u202ertl\u202c",
    "\u2764\ufe0f\ufe0f \ufeff\u200b\u2066i\u2069 \U000E0068i",
    "\x1b[6n\x1b[21t\x1b",
    "e\u0301 \U0001F1EF\U0001F1F5 1\ufe0f\u20e3 \u845b\U000E0100 \u1100\u1161\u11a8",
]
for index, text in enumerate(samples):
    data = text.encode("utf-8")
    write("sanitizer", "sample%d" % index, header(len(data) // 2) + data)
    write("width", "sample%d" % index, data)
write("sanitizer", "bad-utf8", header(3) + b"ab\xff\xc3\x1b[")
write("width", "planes", bytes([0x01, 0xF4, 0x69, 0x00, 0x20, 0x0D, 0x01, 0xF4, 0xBB, 0x0E, 0x00, 0x67, 0x00, 0x03, 0x01]))

# Output names -----------------------------------------------------------------------------
names = [
    ("plain", b"\x00ComfyUI_00001_.png"),
    ("subfolder", b"\x00a.png\xffaudio/clips"),
    ("dotdot", b"\x00../../.bashrc"),
    ("absolute", b"\x00x.png\xff/etc"),
    ("traversal", b"\x00x.png\xffa/../../b"),
    ("dots", b"\x00.."),
    ("empty", b"\x00"),
    ("nul", b"\x00a\x00b.png"),
    ("backslash", b"\x00..\\..\\x.png"),
    ("long", b"\x00" + b"n" * 300),
    ("escape", b"\x00\x1b]0;title\x07.png"),
    ("bidi", "\x00x\u202egnp.exe".encode()),
    ("combining-slash", "\x00a/\u0301b.png".encode()),
    ("combining-dots", "\x00..\u0301".encode()),
    ("combining-root", "\x00x.png\xff".encode("latin-1") + "/\u0301etc".encode()),
    ("type", b"\x04x.png"),
]
for name, data in names:
    write("outputname", name, data)

# Retry-After ------------------------------------------------------------------------------
for index, value in enumerate([
    "120", "1.5", " 2 ", "0", "-5", "1e400", "nan", "+inf", "\u0661",
    "Sun, 06 Nov 1994 08:49:37 GMT", "Sunday, 06-Nov-94 08:49:37 GMT", "Sun Nov  6 08:49:37 1994",
    "Sat, 21 Nov 2026 12:00:30 GMT", "Fri, 31 Dec 9999 23:59:60 GMT", "Mon, 29 Feb 2027 00:00:00 GMT",
    "30\ntrue", "30\nfalse", "Sat, 21 Nov 2026 12:00:10 GMT\n TRUE ",
]):
    write("retryafter", "value%d" % index, chr(index % 9) + value if index % 2 else value)

# Workflows --------------------------------------------------------------------------------
workflows = os.path.join(ROOT, "Workflows")
for name in sorted(os.listdir(workflows)):
    if not name.endswith(".meta.json"):
        continue
    stem = name[: -len(".meta.json")]
    with open(os.path.join(workflows, name), "rb") as handle:
        sidecar = json.loads(handle.read())
    sidecar["id"] = "fuzz"
    sidecar_bytes = json.dumps(sidecar, ensure_ascii=False, indent=1).encode()
    with open(os.path.join(workflows, stem + ".api.json"), "rb") as handle:
        api = handle.read()
    write("workflow", stem, api + b"\x00" + sidecar_bytes)
    if stem == "probe-modelfree":
        write("workflow", stem + "-sidecar-only", sidecar_bytes)
write("workflow", "fixture-graph", fixture("comfyui-workflow-modelfree.api.json")
      + b'\x00{"media_type":"image","bindings":{"w":{"node":"1","input":"width","type":"float"},"c":{"targets":[{"node":1,"input":"color"},{"node":"9","input":"x"}]}},"defaults":{"w":1e308,"seed":3},"limits":{"w":{"min":2,"max":1,"multiple_of":0,"options":["a",1],"max_length":-1}}}')
write("workflow", "ui-format", b'{"nodes":[],"links":[]}\x00{}')
write("workflow", "not-object", b"[1,2]\x00\"x\"")

# Config -----------------------------------------------------------------------------------
configs = [
    ("full", """{
  "default_model": "ollama:llama3.2",
  "roles": { "Luna": "anthropic:claude-sonnet-4-5" },
  "providers": {
    "ollama": { "base_url": "http://file-host:11434", "max_concurrent": 3 },
    "openai": { "base_url": "https://file.example/v1/", "api_key_env": "OPENAI_KEY", "models": ["gpt-4.1"] },
    "anthropic": { "timeouts": { "stall": 5 }, "enabled": true },
    "openrouter": { "enabled": false }
  },
  "endpoints": {
    "local": {"base_url": "http://127.0.0.1:9090/v1"},
    "VLLM": {"base_url": "http://[::1]:8000/v1", "api_key_env": "VLLM_KEY", "models": ["qwen"]},
    "cloud": {"base_url": "https://api.together.xyz/v1", "api_key_file": "keys/together"}
  },
  "models": { "openai:gpt-4o": { "context_window": 128000, "max_output": 4096, "price_per_1k_input": 0.0025, "vision": true } },
  "timeouts": { "connect": 3, "first_byte": 60, "stall": 30, "request": 600 },
  "comfyui_url": "http://file-host:8188"
}"""),
    ("empty", ""),
    ("blank", " \n\t\r\n"),
    ("bom", "\ufeff{}"),
    ("trailing-comma", '{"roles": {"luna": "ollama:x",},}'),
    ("syntax", '{\n  "default_model": "ollama:x"\n  "roles": {}\n}'),
    ("types", '{"providers": {"ollama": {"max_concurrent": "3"}}, "timeouts": {"connect": -1}}'),
    ("unknown", '{"colour": 1, "providers": {"ollama": {"base_ur": "x"}}}'),
    ("bad-url", '{"comfyui_url": "ftp://x", "providers": {"openai": {"base_url": "http://user:pw@h/v1?q=1"}}}'),
    ("deep", "[" * 70 + "]" * 70),
    ("comment", '{ // no\n}'),
    ("single-quotes", "{'a': 1}"),
    ("not-utf8", b'{"a": "\xff"}'),
    ("endpoint-name", '{"endpoints": {"gpu box": {"base_url": "http://x"}, "ollama": {}}}'),
    ("model-ref", '{"default_model": "nocolon", "roles": {"x": ":"}, "models": {"gpt-4o": {}}}'),
    ("numbers", '{"timeouts": {"connect": 1e309, "stall": 0.0000001}, "providers": {"ollama": {"max_concurrent": 257}}}'),
]
for name, text in configs:
    write("config", name, text)
