# -*- coding: utf-8 -*-
# Copyright: clawops maintainers
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The JSON Schema printed by ``openclaw config schema``: loading it and walking a config against it.

The walker is a small draft-07 validator written for this schema, because the schema is not a
clean draft-07 document (see docs/openclaw_config.md):

* it describes some sub-trees *after* defaults are applied, so a ``required`` property whose schema
  carries a ``default`` is not required from the user;
* plugin schemas are embedded with their own ``$defs`` and ``#/$defs/...`` references, which dangle
  from the document root: a reference is resolved against the closest enclosing ``$defs``, and one
  that resolves nowhere accepts anything instead of crashing;
* some ``pattern`` values use JavaScript-only syntax (``\\p{Cs}``): the common Unicode classes are
  translated, anything Python's ``re`` still rejects is skipped (never a crash).

Issues use OpenClaw's own path convention (``config validate --json``): an unknown key is reported on
its parent object, a missing property on the property itself.
"""
from __future__ import absolute_import, division, print_function

__metaclass__ = type

import base64
import difflib
import gzip
import json
import math
import re

from ansible_collections.clawops.openclaw.plugins.module_utils.openclaw_schema_data import (  # noqa: E402
    VERSION as BUNDLED_VERSION, SCHEMA_GZ_B64)
# Keys that OpenClaw renamed: the old key is rejected by `openclaw config validate`; gateway startup
# and `openclaw doctor --fix` move it (OpenClaw 2026.9.6 dist/legacy-*.mjs, migrateFinalLayoutRenames
# and friends). Old key -> new key, relative to the same object unless the value contains a dot.
KNOWN_RENAMES = {
    "enableNoVnc": "noVncEnabled",
    "timeoutSec": "timeoutSeconds",
    "pdfMaxBytesMb": "pdfMaxMb",
    "imageGenerationModel": "mediaModels.image",
    "videoGenerationModel": "mediaModels.video",
    "musicGenerationModel": "mediaModels.music",
    "allowCommands": "commands.allow",
    "denyCommands": "commands.deny",
    "embeddedPi": "embeddedAgent",
    "perSession": "scope",
    "ttlHours": "idleHours",
    "memorySearch": "memory.search",
    "serviceAccountRef": "serviceAccount",
    "allowCrossContextSend": "crossContext",
    "sessionArg": "sessionArgs",
    "hostnameAllowlist": "allowedHostnames",
    "messagePrefix": "responsePrefix",
    "identity": "postAs",
    "voice": "speakerVoice",
    "list": "entries",
}

_JS_CLASSES = {
    "Cc": u"\\x00-\\x1f\\x7f-\\x9f",
    "Cs": u"\\ud800-\\udfff",
    "Co": u"\\ue000-\\uf8ff",
    "Zs": u" \\xa0\\u1680\\u2000-\\u200a\\u202f\\u205f\\u3000",
    "Cf": u"\\xad\\u0600-\\u0605\\u061c\\u06dd\\u070f\\u180e\\u200b-\\u200f\\u202a-\\u202e\\u2060-\\u2064"
          u"\\u2066-\\u206f\\ufeff\\ufff9-\\ufffb",
    "L": u"^\\W\\d_",
    "N": u"\\d",
}
_NO_MATCH = object()
# Zod regexes written with the `i` flag: toJSONSchema keeps the source and drops the flag.
CASE_INSENSITIVE_PATTERNS = frozenset([
    "^[a-z0-9_][a-z0-9_-]{0,63}$",  # agents.entries keys (zod-schema.agents.ts)
    "^[a-z0-9][a-z0-9_-]{0,63}$",  # mcp.servers.*.codex.agents[]
])


def _translate_js_regex(pattern):
    """Python equivalent of a JavaScript (u-flag) regex, or None when there is none."""
    def repl_class(inside):
        def sub(match):
            neg, name = match.group(1) == "P", match.group(2)
            if name not in _JS_CLASSES or neg:
                raise ValueError(name)
            return _JS_CLASSES[name]
        return re.sub(r"\\([pP])\{([A-Za-z_]+)\}", sub, inside)

    try:
        out = []
        pos = 0
        for match in re.finditer(r"\[(\^?)((?:\\.|[^\]\\])*)\]|\\[pP]\{([A-Za-z_]+)\}", pattern):
            out.append(pattern[pos:match.start()])
            if match.group(3):
                name = match.group(3)
                if name not in _JS_CLASSES or match.group(0)[1] == "P":
                    return None
                out.append("[" + _JS_CLASSES[name] + "]")
            else:
                body = repl_class(match.group(2))
                if "^" in body[:1] and match.group(1):
                    return None
                out.append("[" + match.group(1) + body + "]")
            pos = match.end()
        out.append(pattern[pos:])
        return re.compile("".join(out).replace("\\/", "/"))
    except (ValueError, re.error):
        return None


class SchemaError(Exception):
    pass


def load_schema_file(path):
    """A schema from a .json or .json.gz file."""
    opener = gzip.open if path.endswith(".gz") else open
    try:
        with opener(path, "rt") as handle:
            return json.load(handle)
    except (IOError, OSError, ValueError) as exc:
        raise SchemaError("cannot read the OpenClaw schema %s: %s" % (path, exc))


def load_bundled_schema():
    """The schema bundled with the collection (scripts/openclaw-schema.sh) and its OpenClaw version."""
    raw = gzip.decompress(base64.b64decode(SCHEMA_GZ_B64))
    return json.loads(raw.decode("utf-8")), BUNDLED_VERSION


def format_path(segments):
    return ".".join(str(s) for s in segments) if segments else "<root>"


def _type_of(value):
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, int):
        return "integer"
    if isinstance(value, float):
        return "integer" if value.is_integer() else "number"
    if isinstance(value, str):
        return "string"
    if isinstance(value, list):
        return "array"
    if isinstance(value, dict):
        return "object"
    return type(value).__name__


def _json_equal(a, b):
    if isinstance(a, bool) or isinstance(b, bool):
        return type(a) is type(b) and a == b
    if isinstance(a, (int, float)) and isinstance(b, (int, float)):
        return a == b
    if isinstance(a, list) and isinstance(b, list):
        return len(a) == len(b) and all(_json_equal(x, y) for x, y in zip(a, b))
    if isinstance(a, dict) and isinstance(b, dict):
        return set(a) == set(b) and all(_json_equal(a[k], b[k]) for k in a)
    return a == b


def _matches_type(value, expected):
    actual = _type_of(value)
    types = expected if isinstance(expected, list) else [expected]
    for t in types:
        if t == actual or (t == "number" and actual == "integer"):
            if actual in ("integer", "number") and isinstance(value, float) and math.isinf(value):
                continue
            return True
    return False


class Issue(dict):
    """{"path": [segments], "message": str, "kind": str, "key": unknown key or None, "hint": str or None}"""

    @property
    def dotted(self):
        return format_path(self["path"])

    def line(self):
        if self.get("kind") == "unknown":
            text = "%s: unknown key" % format_path(self["path"] + [self["key"]])
        else:
            text = "%s: %s" % (self.dotted, self["message"])
        if self.get("hint"):
            text += " (%s)" % self["hint"]
        return text


def key_hint(key, allowed):
    parts = []
    rename = KNOWN_RENAMES.get(key)
    if rename and (rename.split(".")[0] in allowed or not allowed):
        parts.append("renamed to %s" % rename)
    close = [c for c in difflib.get_close_matches(key, sorted(allowed), n=3, cutoff=0.6) if not rename or c != rename]
    lowered = [c for c in allowed if c.lower() == key.lower() and c not in close]
    close = lowered + close
    if close:
        parts.append("did you mean %s?" % " or ".join(close[:3]))
    return "; ".join(parts) or None


class ConfigSchema(object):
    """Walks a config against the OpenClaw JSON Schema and lists every problem."""

    def __init__(self, schema, version=None, source=None):
        if not isinstance(schema, dict) or not isinstance(schema.get("properties"), dict):
            raise SchemaError("not an OpenClaw config schema (no top-level properties)")
        self.schema = schema
        self.version = version
        self.source = source
        self._regex_cache = {}

    # -- public -----------------------------------------------------------------------------------
    def validate(self, config):
        """Every problem the schema finds (unknown keys, types, enums, required, ...)."""
        issues = []
        self._check(config, self.schema, [], [self.schema], issues)
        return _dedupe(issues)

    def unknown_keys(self, config):
        return [i for i in self.validate(config) if i["kind"] == "unknown"]

    def node_at(self, segments):
        """The schema node describing a config path (first matching branch), or None."""
        node, roots = self.schema, [self.schema]
        for seg in segments:
            node = self._child_schema(node, seg, roots)
            if node is None:
                return None
        return node

    def keys_at(self, segments):
        node = self.node_at(segments)
        return sorted(self._property_names(node, [self.schema])) if node else []

    # -- internals --------------------------------------------------------------------------------
    def _regex(self, pattern):
        if pattern not in self._regex_cache:
            try:
                compiled = re.compile(pattern, re.I if pattern in CASE_INSENSITIVE_PATTERNS else 0)
            except re.error:
                compiled = _translate_js_regex(pattern)
            self._regex_cache[pattern] = compiled if compiled is not None else _NO_MATCH
        return self._regex_cache[pattern]

    def _deref(self, node, roots):
        seen = 0
        while isinstance(node, dict) and "$ref" in node and seen < 32:
            seen += 1
            ref = node["$ref"]
            target = None
            if ref.startswith("#/"):
                parts = [p.replace("~1", "/").replace("~0", "~") for p in ref[2:].split("/")]
                for root in reversed(roots):
                    target = root
                    for part in parts:
                        if isinstance(target, dict) and part in target:
                            target = target[part]
                        else:
                            target = None
                            break
                    if target is not None:
                        break
            if target is None:
                return {}  # dangling reference: accept anything rather than crash
            extra = dict((k, v) for k, v in node.items() if k != "$ref")
            node = dict(target, **extra) if extra else target
        return node

    def _enter(self, node, roots):
        if isinstance(node, dict) and ("$defs" in node or "definitions" in node):
            return roots + [node]
        return roots

    def _property_names(self, node, roots):
        node = self._deref(node, roots)
        names = set()
        if not isinstance(node, dict):
            return names
        names.update((node.get("properties") or {}).keys())
        for key in ("anyOf", "oneOf", "allOf"):
            for sub in node.get(key) or []:
                names.update(self._property_names(sub, roots))
        return names

    def _child_schema(self, node, seg, roots):
        node = self._deref(node, roots)
        if not isinstance(node, dict):
            return None
        for key in ("anyOf", "oneOf", "allOf"):
            for sub in node.get(key) or []:
                found = self._child_schema(sub, seg, roots)
                if found is not None:
                    return found
        if isinstance(seg, int):
            items = node.get("items")
            if isinstance(items, list):
                return items[seg] if seg < len(items) else node.get("additionalItems")
            return items
        props = node.get("properties") or {}
        if seg in props:
            return props[seg]
        for pattern, sub in (node.get("patternProperties") or {}).items():
            rx = self._regex(pattern)
            if rx is not _NO_MATCH and rx.search(seg):
                return sub
        extra = node.get("additionalProperties")
        return extra if isinstance(extra, dict) else None

    def _check(self, value, node, path, roots, issues):
        roots = self._enter(node, roots)
        node = self._deref(node, roots)
        if node is True or node == {} or not isinstance(node, dict):
            if node is False:
                issues.append(Issue(path=list(path), kind="invalid", message="Invalid input", key=None, hint=None))
            return
        start = len(issues)
        if "type" in node and not _matches_type(value, node["type"]):
            expected = node["type"] if isinstance(node["type"], str) else "|".join(node["type"])
            issues.append(Issue(path=list(path), kind="type", key=None, hint=None,
                                message="Invalid input: expected %s, received %s" % (expected, _type_of(value))))
            return
        if "const" in node and not _json_equal(value, node["const"]):
            issues.append(Issue(path=list(path), kind="enum", key=None, hint=None,
                                message="Invalid input: expected %s" % json.dumps(node["const"])))
        if "enum" in node and not any(_json_equal(value, e) for e in node["enum"]):
            allowed = ", ".join(json.dumps(e) for e in node["enum"])
            issues.append(Issue(path=list(path), kind="enum", key=None, hint=None,
                                message="Invalid input (allowed: %s)" % allowed))
        if isinstance(value, dict):
            self._check_object(value, node, path, roots, issues)
        elif isinstance(value, list):
            self._check_array(value, node, path, roots, issues)
        elif isinstance(value, str):
            self._check_string(value, node, path, issues)
        elif _type_of(value) in ("integer", "number"):
            self._check_number(value, node, path, issues)
        for sub in node.get("allOf") or []:
            self._check(value, sub, path, roots, issues)
        for key in ("anyOf", "oneOf"):
            if key in node:
                self._check_union(value, node[key], key, path, roots, issues)
        if "not" in node:
            probe = []
            self._check(value, node["not"], path, roots, probe)
            if not probe:
                issues.append(Issue(path=list(path), kind="invalid", key=None, hint=None,
                                    message="must not be valid against a forbidden combination"))
        if "if" in node:
            probe = []
            self._check(value, node["if"], path, roots, probe)
            branch = node.get("then") if not probe else node.get("else")
            if branch is not None:
                self._check(value, branch, path, roots, issues)
        return len(issues) == start

    def _check_union(self, value, branches, key, path, roots, issues):
        results = []
        for sub in branches:
            found = []
            self._check(value, sub, path, roots, found)
            results.append(found)
        passing = [r for r in results if not r]
        if (key == "anyOf" and passing) or (key == "oneOf" and len(passing) == 1):
            return
        if key == "oneOf" and len(passing) > 1:
            issues.append(Issue(path=list(path), kind="invalid", key=None, hint=None,
                                message="Invalid input: matches more than one alternative"))
            return
        # Report the union itself, the problems of the closest alternative (the one whose type
        # matched, with the fewest problems) so a typo inside an object still gets its hint, and
        # those of the other alternatives as detail (OpenClaw's plugin validator lists them all).
        issues.append(Issue(path=list(path), kind="union", key=None, hint=None, message="Invalid input"))
        typed = [r for r in results if r and not (len(r) == 1 and r[0]["kind"] == "type" and r[0]["path"] == path)]
        best = min(typed, key=len) if typed else []
        issues.extend(best)
        for other in results:
            if other is not best:
                for issue in other:
                    issues.append(Issue(issue, detail=True))

    def _check_object(self, value, node, path, roots, issues):
        props = node.get("properties") or {}
        for name in node.get("required") or []:
            if name in value:
                continue
            sub = self._deref(props.get(name, {}), roots)
            if isinstance(sub, dict) and "default" in sub:
                continue  # described after defaults: OpenClaw fills it in
            issues.append(Issue(path=path + [name], kind="required", key=None, hint=None,
                                message="Invalid input: expected a value, received undefined"))
        patterns = node.get("patternProperties") or {}
        extra = node.get("additionalProperties", True)
        names = node.get("propertyNames")
        unknown = []
        for key, item in value.items():
            if names is not None:
                probe = []
                self._check(key, names, path + [key], roots, probe)
                if probe:
                    issues.append(Issue(path=path + [key], kind="key", key=None, hint=None,
                                        message="Invalid key in record"))
                    continue
            matched = False
            if key in props:
                matched = True
                self._check(item, props[key], path + [key], roots, issues)
            for pattern, sub in patterns.items():
                rx = self._regex(pattern)
                if rx is _NO_MATCH or rx.search(key):
                    matched = True
                    self._check(item, sub, path + [key], roots, issues)
            if matched:
                continue
            if extra is False:
                unknown.append(key)
            elif isinstance(extra, dict):
                self._check(item, extra, path + [key], roots, issues)
        allowed = set(props)
        for key in unknown:
            issues.append(Issue(path=list(path), kind="unknown", key=key, hint=key_hint(key, allowed),
                                message='Unrecognized key: "%s"' % key))
        if "minProperties" in node and len(value) < node["minProperties"]:
            issues.append(Issue(path=list(path), kind="size", key=None, hint=None,
                                message="must have at least %s properties" % node["minProperties"]))
        if "maxProperties" in node and len(value) > node["maxProperties"]:
            issues.append(Issue(path=list(path), kind="size", key=None, hint=None,
                                message="must have at most %s properties" % node["maxProperties"]))

    def _check_array(self, value, node, path, roots, issues):
        items = node.get("items")
        if isinstance(items, list):
            for i, item in enumerate(value):
                if i < len(items):
                    self._check(item, items[i], path + [i], roots, issues)
                elif node.get("additionalItems") is False:
                    issues.append(Issue(path=path + [i], kind="size", key=None, hint=None, message="Too many items"))
                elif isinstance(node.get("additionalItems"), dict):
                    self._check(item, node["additionalItems"], path + [i], roots, issues)
        elif items is not None:
            for i, item in enumerate(value):
                self._check(item, items, path + [i], roots, issues)
        if "minItems" in node and len(value) < node["minItems"]:
            issues.append(Issue(path=list(path), kind="size", key=None, hint=None,
                                message="Too small: expected array to have >=%s items" % node["minItems"]))
        if "maxItems" in node and len(value) > node["maxItems"]:
            issues.append(Issue(path=list(path), kind="size", key=None, hint=None,
                                message="Too big: expected array to have <=%s items" % node["maxItems"]))
        if node.get("uniqueItems"):
            seen = []
            for item in value:
                if any(_json_equal(item, s) for s in seen):
                    issues.append(Issue(path=list(path), kind="size", key=None, hint=None,
                                        message="must not have duplicate items"))
                    break
                seen.append(item)

    def _check_string(self, value, node, path, issues):
        length = len(value.encode("utf-16-le", "surrogatepass")) // 2
        if "minLength" in node and length < node["minLength"]:
            issues.append(Issue(path=list(path), kind="size", key=None, hint=None,
                                message="Too small: expected string to have >=%s characters" % node["minLength"]))
        if "maxLength" in node and length > node["maxLength"]:
            issues.append(Issue(path=list(path), kind="size", key=None, hint=None,
                                message="Too big: expected string to have <=%s characters" % node["maxLength"]))
        if "pattern" in node:
            rx = self._regex(node["pattern"])
            if rx is not _NO_MATCH and not rx.search(value):
                issues.append(Issue(path=list(path), kind="pattern", key=None, hint=None,
                                    message="Invalid string: must match pattern %s" % node["pattern"]))

    def _check_number(self, value, node, path, issues):
        def bad(msg):
            issues.append(Issue(path=list(path), kind="range", key=None, hint=None, message=msg))
        if "minimum" in node and value < node["minimum"]:
            bad("Too small: expected number to be >=%s" % node["minimum"])
        if "maximum" in node and value > node["maximum"]:
            bad("Too big: expected number to be <=%s" % node["maximum"])
        if "exclusiveMinimum" in node and not isinstance(node["exclusiveMinimum"], bool) \
                and value <= node["exclusiveMinimum"]:
            bad("Too small: expected number to be >%s" % node["exclusiveMinimum"])
        if "exclusiveMaximum" in node and not isinstance(node["exclusiveMaximum"], bool) \
                and value >= node["exclusiveMaximum"]:
            bad("Too big: expected number to be <%s" % node["exclusiveMaximum"])
        if node.get("multipleOf") and (value / node["multipleOf"]) % 1:
            bad("Invalid number: must be a multiple of %s" % node["multipleOf"])


def _dedupe(issues):
    """One issue per (path, kind, key, message); a main issue wins over the same one as detail."""
    out = {}
    for issue in issues:
        ident = (tuple(issue["path"]), issue["kind"], issue.get("key"), issue["message"])
        if ident not in out or (out[ident].get("detail") and not issue.get("detail")):
            out[ident] = issue
    return list(out.values())
