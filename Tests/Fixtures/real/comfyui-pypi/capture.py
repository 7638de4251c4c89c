"""Records what the running ComfyUI (hiddenswitch `comfyui` 0.0.1 from PyPI) sends for the
model-free probe workflow: /prompt, every /ws text frame up to `executing {node: null}`,
/history/{id}, /view (bytes and headers), a few error answers and an interrupt attempt.
Usage: venv/bin/python capture.py OUTDIR"""
import asyncio
import hashlib
import json
import os
import sys
import uuid

import aiohttp

BASE = "http://127.0.0.1:8188"
WORKFLOW = "/work/wt-comfy/Workflows/probe-modelfree.api.json"


def dump(out, name, value):
    with open(os.path.join(out, name), "w") as f:
        json.dump(value, f, indent=2, ensure_ascii=False)
        f.write("\n")


async def run_job(session, out, graph, client_id, prompt_id, tag, interrupt_after=None):
    frames = []
    async with session.ws_connect(f"{BASE}/ws?clientId={client_id}") as ws:
        first = await ws.receive(timeout=10)
        frames.append(first.data)
        body = {"prompt": graph, "client_id": client_id, "prompt_id": prompt_id,
                "extra_data": {"extra_pnginfo": {"atelier": {"capture": tag}}}}
        async with session.post(f"{BASE}/prompt", json=body) as r:
            answer = {"status": r.status, "body": await r.json(content_type=None)}
        answer["requested_prompt_id"] = prompt_id
        dump(out, f"prompt-200-{tag}.json", answer)
        prompt_id = answer["body"]["prompt_id"]  # this server ignores a client-chosen prompt_id
        while True:
            msg = await ws.receive(timeout=120)
            if msg.type == aiohttp.WSMsgType.TEXT:
                frames.append(msg.data)
                data = json.loads(msg.data)
                if interrupt_after and data["type"] == interrupt_after:
                    async with session.post(f"{BASE}/interrupt", json={"prompt_id": prompt_id}) as r:
                        dump(out, f"interrupt-{tag}.json", {"status": r.status, "body": await r.text()})
                    interrupt_after = None
                if data["type"] == "executing" and data["data"].get("node") is None \
                        and data["data"].get("prompt_id") == prompt_id:
                    break
            elif msg.type == aiohttp.WSMsgType.BINARY:
                frames.append(json.dumps({"binary_frame_bytes": len(msg.data), "first8": msg.data[:8].hex()}))
            else:
                frames.append(json.dumps({"ws_message_type": str(msg.type)}))
                break
    with open(os.path.join(out, f"ws-{tag}.jsonl"), "w") as f:
        for frame in frames:
            f.write(frame.strip() + "\n")
    async with session.get(f"{BASE}/history/{prompt_id}") as r:
        history = await r.json(content_type=None)
    dump(out, f"history-{tag}.json", history)
    return prompt_id, history


async def main(out):
    os.makedirs(out, exist_ok=True)
    graph = json.load(open(WORKFLOW))
    graph["2"]["inputs"]["filename_prefix"] = "atelier/capture"
    graph["1"]["inputs"]["color"] = 0x336699
    async with aiohttp.ClientSession() as session:
        for path, name in [("/system_stats", "system_stats.json"), ("/object_info/EmptyImage", "object_info-EmptyImage.json"),
                           ("/object_info/SaveImage", "object_info-SaveImage.json"),
                           ("/object_info/CheckpointLoaderSimple", "object_info-CheckpointLoaderSimple.json"),
                           ("/object_info/NoSuchNode", "object_info-unknown.json"),
                           ("/queue", "queue.json"), ("/history/no-such-id", "history-unknown.json")]:
            async with session.get(BASE + path) as r:
                dump(out, name, {"status": r.status, "content_type": r.headers.get("Content-Type"),
                                 "body": await r.json(content_type=None)})
        prompt_id = str(uuid.uuid4())
        prompt_id, history = await run_job(session, out, graph, "atelier-capture-client", prompt_id, "modelfree")
        entry = history[prompt_id]
        image = entry["outputs"]["2"]["images"][0]
        async with session.get(f"{BASE}/view", params={"filename": image["filename"], "subfolder": image["subfolder"],
                                                        "type": image["type"]}) as r:
            data = await r.read()
            with open(os.path.join(out, "view-headers.txt"), "w") as f:
                f.write(f"HTTP {r.status}\n")
                for k, v in r.headers.items():
                    f.write(f"{k}: {v}\n")
            with open(os.path.join(out, "output.png"), "wb") as f:
                f.write(data)
            print("view sha256", hashlib.sha256(data).hexdigest(), len(data))
        # the same graph again: served from cache
        history = await run_job(session, out, graph, "atelier-capture-client", str(uuid.uuid4()), "cached")
        # errors
        bad = json.loads(json.dumps(graph))
        bad["1"]["inputs"]["width"] = "wide"
        cases = {"bad-input": {"prompt": bad}, "no-outputs": {"prompt": {"1": graph["1"]}},
                 "unknown-node": {"prompt": {"1": {"class_type": "NoSuchNode", "inputs": {}}}},
                 "no-prompt": {"client_id": "x"}}
        for tag, body in cases.items():
            async with session.post(f"{BASE}/prompt", json=body) as r:
                dump(out, f"prompt-400-{tag}.json", {"status": r.status, "body": await r.json(content_type=None)})
        for tag, params in {"traversal": {"filename": "../../etc/passwd", "type": "output"},
                            "missing": {"filename": "nope.png", "type": "output"},
                            "badtype": {"filename": image["filename"], "subfolder": image["subfolder"], "type": "elsewhere"}}.items():
            async with session.get(f"{BASE}/view", params=params) as r:
                with open(os.path.join(out, f"view-{tag}.txt"), "w") as f:
                    f.write(f"HTTP {r.status}\n{(await r.read())[:200]!r}\n")
        # an interrupt during a bigger job
        big = json.loads(json.dumps(graph))
        big["1"]["inputs"].update({"width": 4096, "height": 4096, "batch_size": 8})
        big["2"]["inputs"]["filename_prefix"] = "atelier/capture-big"
        await run_job(session, out, big, "atelier-capture-client", str(uuid.uuid4()), "interrupted", interrupt_after="executing")


if __name__ == "__main__":
    asyncio.run(main(sys.argv[1]))
