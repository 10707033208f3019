#!/usr/bin/env python3
"""Build the openclaw_config parity corpus (tests/integration/parity/corpus.json).

Real-world configs are the JSON5 examples of OpenClaw's own documentation (shipped in the npm
package installed by `make openclaw`); mutations of them are generated with a fixed seed:
unknown keys at several depths, typos of real keys, wrong types, enum violations, renamed and
legacy keys, omitted defaulted fields, broken cross references; plus the seed's sandbox example.
The corpus holds only inputs: the expected verdict comes from the real `openclaw config validate`
when the test runs. Usage: .venv/bin/python tests/integration/parity/build_corpus.py
"""
import copy
import json
import os
import pathlib
import random
import re
import sys

import json5

REPO = pathlib.Path(__file__).resolve().parents[3]
DOCS = REPO / ".cache" / "openclaw" / "node_modules" / "openclaw" / "docs"
OUT = pathlib.Path(os.environ.get("CORPUS_OUT", pathlib.Path(__file__).with_name("corpus.json")))
sys.path.insert(0, str(REPO / ".cache" / "collections"))
from ansible_collections.clawops.openclaw.plugins.module_utils import config_model, config_schema  # noqa: E402

SEED_SANDBOX = {
    "agents": {"defaults": {"sandbox": {
        "mode": "all", "scope": "agent", "workspaceAccess": "rw",
        "docker": {
            "image": "openclaw-sandbox:bookworm-slim", "network": "openclaw-sandbox",
            "binds": ["/home/node/.claude-sandbox:/home/node/.claude:rw"],
            "dangerouslyAllowExternalBindSources": True,
        },
        "browser": {"enabled": True, "enableNoVnc": True},
    }}},
}


def doc_examples(top_keys):
    fence = re.compile(r"```(?:json5|json|jsonc)[^\n]*\n(.*?)```", re.S)
    found = []
    for path in sorted(DOCS.rglob("*.md")):
        for i, match in enumerate(fence.finditer(path.read_text(errors="replace"))):
            lines = match.group(1).split("\n")
            indent = min((len(x) - len(x.lstrip()) for x in lines if x.strip()), default=0)
            try:
                value = json5.loads("\n".join(x[indent:] for x in lines))
            except ValueError:
                continue
            if isinstance(value, dict) and value and set(value) <= top_keys:
                found.append(("%s#%d" % (path.relative_to(DOCS), i), value))
    return found


def leaves(value, path=()):
    """(path, value) of every scalar and object below value."""
    if isinstance(value, dict):
        for key, item in value.items():
            yield path + (key,), item
            yield from leaves(item, path + (key,))
    elif isinstance(value, list):
        for idx, item in enumerate(value):
            yield path + (idx,), item
            yield from leaves(item, path + (idx,))


def set_path(config, path, value, delete=False):
    node = config
    for part in path[:-1]:
        node = node[part]
    if delete:
        del node[path[-1]]
    else:
        node[path[-1]] = value


def enum_values(node):
    if not isinstance(node, dict):
        return []
    if "enum" in node:
        return list(node["enum"])
    if "const" in node:
        return [node["const"]]
    values = []
    for branch in node.get("anyOf", []) + node.get("oneOf", []):
        values += enum_values(branch)
    return values


def main():
    rng = random.Random(int(os.environ.get("CORPUS_SEED", "20260906")))
    doc, version = config_schema.load_bundled_schema()
    schema = config_schema.ConfigSchema(doc, version)
    examples = doc_examples(set(doc["properties"]))
    cases = []

    def add(kind, source, config):
        cases.append({"id": "%s-%03d" % (kind, len(cases)), "kind": kind, "source": source, "config": config})

    # 1. Real-world examples: every one the model rejects (capped per page), plus a spread of the rest.
    #    (The model only picks; the verdict the test expects comes from the real CLI.)
    flagged, per_page = [], {}
    for source, config in examples:
        if config_model.validate_model(config, schema, base_dir="/nonexistent", env={}):
            page = source.split("#")[0]
            per_page[page] = per_page.get(page, 0) + 1
            if per_page[page] <= 2:
                flagged.append((source, config))
    for source, config in flagged:
        add("docs", source, config)
    clean = [e for e in examples if e not in flagged]
    for source, config in clean[::24]:
        add("docs", source, config)
    # A pool with some depth for the mutations.
    pool = [e for e in clean if sum(1 for _ in leaves(e[1])) >= 4]
    rng.shuffle(pool)

    def pick():
        source, config = pool[rng.randrange(len(pool))]
        return source, copy.deepcopy(config)

    # 2. Unknown keys at several depths, and typos of real keys (for the "did you mean" hint).
    for depth in (1, 2, 3, 4, 5):
        made = 0
        while made < 10:
            source, config = pick()
            objects = [p for p, v in leaves(config) if isinstance(v, dict) and len(p) == depth - 1] if depth > 1 else [()]
            if not objects:
                continue
            target = rng.choice(objects)
            node = config
            for part in target:
                node = node[part]
            node["bogusKey%d" % depth] = rng.choice([1, "x", True, {"a": 1}])
            add("unknown-depth%d" % depth, source, config)
            made += 1
    made = 0
    while made < 20:
        source, config = pick()
        keyed = [p for p, v in leaves(config) if isinstance(p[-1], str) and len(p[-1]) > 4]
        if not keyed:
            continue
        path = rng.choice(keyed)
        key = path[-1]
        typo = key[:-1] if rng.random() < 0.5 else key[0] + key[2] + key[1] + key[3:]
        node = config
        for part in path[:-1]:
            node = node[part]
        if typo in node:
            continue
        node[typo] = node.pop(key)
        add("typo", source, config)
        made += 1
    # 3. Wrong types and enum violations on real leaves.
    made = 0
    while made < 40:
        source, config = pick()
        scalars = [(p, v) for p, v in leaves(config) if isinstance(v, (str, int, float, bool)) and v is not None]
        if not scalars:
            continue
        path, value = rng.choice(scalars)
        if isinstance(value, bool):
            wrong = rng.choice(["yes", 1])
        elif isinstance(value, (int, float)):
            wrong = rng.choice([str(value), True, [value]])
        else:
            wrong = rng.choice([42, False, {"value": value}])
        set_path(config, path, wrong)
        add("wrong-type", source, config)
        made += 1
    made = 0
    attempts = 0
    while made < 30 and attempts < 5000:
        attempts += 1
        source, config = pick()
        candidates = [(p, v) for p, v in leaves(config) if isinstance(v, str) and enum_values(schema.node_at(list(p)))]
        if not candidates:
            continue
        path, value = rng.choice(candidates)
        choices = enum_values(schema.node_at(list(path)))
        wrong = rng.choice([value.upper() + "x", "not-an-option", choices[0] + "-legacy" if isinstance(choices[0], str) else "x"])
        set_path(config, path, wrong)
        add("enum", source, config)
        made += 1
    # 4. Omitted fields: drop a key (defaulted ones are accepted, required ones are not).
    made = 0
    while made < 30:
        source, config = pick()
        keyed = [p for p, v in leaves(config) if isinstance(p[-1], str) and len(p) >= 2]
        if not keyed:
            continue
        set_path(config, rng.choice(keyed), None, delete=True)
        add("omitted", source, config)
        made += 1
    for channel in ("telegram", "discord", "slack", "signal", "irc", "mattermost", "msteams", "googlechat"):
        node = schema.node_at(["channels", channel]) or {}
        required = [r for r in node.get("required", [])]
        add("omitted-defaulted", "channels.%s required=%s" % (channel, required),
            {"channels": {channel: {"enabled": False}}})
    # 5. Renamed and legacy keys, and the refinements no schema expresses.
    handmade = [
        ("legacy", {"agents": {"defaults": {"sandbox": {"browser": {"enableNoVnc": True}}}}}),
        ("legacy", {"agents": {"entries": {"main": {"sandbox": {"browser": {"enableNoVnc": False}}}}}}),
        ("legacy", {"tools": {"exec": {"timeoutSec": 30}}}),
        ("legacy", {"agents": {"defaults": {"pdfMaxBytesMb": 10}}}),
        ("legacy", {"agents": {"defaults": {"imageGenerationModel": "openai/gpt-image-1"}}}),
        ("legacy", {"gateway": {"nodes": {"allowCommands": ["camera.snap"]}}}),
        ("legacy", {"env": {"OPENAI_API_KEY": "${OPENAI_API_KEY}"}}),
        ("legacy", {"channels": {"whatsapp": {"messagePrefix": "[bot]"}}}),
        ("legacy", {"agents": {"list": [{"id": "main", "default": True}, {"id": "ops"}]}}),
        ("legacy", {"agents": {"list": [{"id": "main"}, {"id": "ops"}]}}),
        ("legacy", {"agents": {"list": [{"id": "solo"}]}, "bindings": [{"agentId": "solo", "match": {"channel": "telegram"}}]}),
        ("legacy", {"browser": {"ssrfPolicy": {"hostnameAllowlist": ["example.com"]}}}),
        ("semantic", {"agents": {"entries": {"a": {}, "b": {}}}}),
        ("semantic", {"agents": {"entries": {"a": {}, "b": {}}, "ownership": "explicit"}}),
        ("semantic", {"agents": {"entries": {"Main": {}, "main": {}}, "ownership": "explicit"}}),
        ("semantic", {"agents": {"entries": {"a": {"default": True}, "b": {"default": True}}}}),
        ("semantic", {"bindings": [{"agentId": "ghost", "match": {"channel": "telegram"}}]}),
        ("semantic", {"broadcast": {"telegram:-100": ["main", "ghost"]}}),
        ("semantic", {"talk": {"agentId": "ghost"}}),
        ("semantic", {"models": {"providers": {"my-llm": {"api": "openai-completions"}}}}),
        ("semantic", {"models": {"providers": {"openai": {"timeoutSeconds": 30}}}}),
        ("semantic", {"channels": {"carrier-pigeon": {"enabled": True}}}),
        ("semantic", {"channels": {"carrier-pigeon": {}}, "plugins": {"allow": ["carrier-pigeon"]}}),
        ("semantic", {"agents": {"defaults": {"heartbeat": {"target": "pager"}}}}),
        ("semantic", {"agents": {"defaults": {"heartbeat": {"target": "last"}}}}),
        ("semantic", {"tools": {"web": {"search": {"provider": "gemini"}}}}),
        ("semantic", {"tools": {"web": {"search": {"provider": "tavily"}}}}),
        ("semantic", {"tools": {"web": {"search": {"provider": "tavily"}}}, "plugins": {"entries": {"tavily": {}}}}),
        ("semantic", {"tools": {"web": {"search": {"provider": "altavista"}}}}),
        ("semantic", {"secrets": {"providers": {"vault": {"source": "exec", "command": "/nonexistent/vault-resolver"}}}}),
        ("semantic", {"secrets": {"providers": {"vault": {"source": "exec", "command": "/bin/sh"}}}}),
        ("semantic", {"$include": "./missing-fragment.json5"}),
        ("semantic", {"talk": {"providers": {"elevenlabs": {}, "openai": {}}}}),
        ("semantic", {"talk": {"provider": "openai", "providers": {"elevenlabs": {}}}}),
        ("semantic", {"mcp": {"servers": {"docs": {"command": "npx", "timeout": 5}}}}),
        ("semantic", {"mcp": {"servers": {"docs": {"transport": "stdio"}}}}),
        ("semantic", {"mcp": {"servers": {"docs": {"command": "npx", "disabled": True}}}}),
        ("env", {"gateway": {"auth": {"token": "${CLAWOPS_PARITY_UNSET_TOKEN}"}}}),
        ("env", {"gateway": {"port": "${CLAWOPS_PARITY_UNSET_PORT}"}}),
        ("env", {"gateway": {"auth": {"token": {"source": "env", "provider": "default", "id": "OPENCLAW_GATEWAY_TOKEN"}}}}),
        ("meta", {"meta": {"lastTouchedVersion": "2026.9.6"}, "gateway": {"port": 18789}}),
        ("meta", {"$schema": "https://docs.openclaw.ai/schema.json", "gateway": {"bind": "lan"}}),
        ("seed", SEED_SANDBOX),
    ]
    fixed = copy.deepcopy(SEED_SANDBOX)
    browser = fixed["agents"]["defaults"]["sandbox"]["browser"]
    browser["noVncEnabled"] = browser.pop("enableNoVnc")
    handmade.append(("seed-fixed", fixed))
    for kind, config in handmade:
        add(kind, "handmade", config)
    OUT.write_text(json.dumps({"openclaw": version, "cases": cases}, indent=1, sort_keys=True) + "\n")
    kinds = {}
    for case in cases:
        kinds[case["kind"]] = kinds.get(case["kind"], 0) + 1
    print("%d cases -> %s %s" % (len(cases), OUT, json.dumps(kinds, sort_keys=True)))


if __name__ == "__main__":
    main()
