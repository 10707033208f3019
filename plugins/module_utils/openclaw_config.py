# -*- coding: utf-8 -*-
# Copyright: clawops maintainers
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The logic of the ``openclaw_config`` module: read, patch, validate, mask, write openclaw.json.

Plain functions, no Ansible import, so every rule is unit-testable.
"""
from __future__ import absolute_import, division, print_function

__metaclass__ = type

import copy
import json
import os
import re
import tempfile

from ansible_collections.clawops.openclaw.plugins.module_utils import json5_lite
from ansible_collections.clawops.openclaw.plugins.module_utils.config_model import validate_model
from ansible_collections.clawops.openclaw.plugins.module_utils.config_schema import (
    ConfigSchema, SchemaError, key_hint, format_path, load_bundled_schema, load_schema_file)
from ansible_collections.clawops.openclaw.plugins.module_utils.openclaw_cli import OpenClawCLIError, parse_json_output

GATEWAY_OWNED_KEYS = ("meta",)
MASK = "********"


class ConfigError(Exception):
    pass


# -- reading --------------------------------------------------------------------------------------
def read_config(path):
    """(exists, config dict) of a JSON5 openclaw.json; a missing or empty file is an empty config."""
    try:
        with open(path, "rb") as handle:
            text = handle.read().decode("utf-8")
    except (IOError, OSError) as exc:
        if not os.path.exists(path):
            return False, {}
        raise ConfigError("cannot read %s: %s" % (path, exc))
    if not text.strip():
        return True, {}
    try:
        data = json5_lite.loads(text)
    except ValueError as exc:
        raise ConfigError("%s is not valid JSON5: %s" % (path, exc))
    if not isinstance(data, dict):
        raise ConfigError("%s must hold a JSON object, not %s" % (path, type(data).__name__))
    return True, data


# -- patch semantics (openclaw config patch) ------------------------------------------------------
def apply_patch(current, patch):
    """Objects merge recursively, arrays and scalars replace, ``None`` deletes the key."""
    if not isinstance(patch, dict):
        return copy.deepcopy(patch)
    result = copy.deepcopy(current) if isinstance(current, dict) else {}
    for key, value in patch.items():
        if value is None:
            result.pop(key, None)
        elif isinstance(value, dict):
            result[key] = apply_patch(result.get(key), value)
        else:
            result[key] = copy.deepcopy(value)
    return result


def split_path(dotted):
    """``a.b[0].c`` or ``a.b.0.c`` -> ["a", "b", 0, "c"]; ``\\.`` keeps a literal dot in a key."""
    parts = []
    for token in re.split(r"(?<!\\)\.", dotted.replace("[", ".").replace("]", "")):
        if token == "":
            raise ConfigError("invalid config path %r" % dotted)
        parts.append(int(token) if token.isdigit() else token.replace("\\.", "."))
    return parts


def set_path(config, dotted, value):
    """A patch that sets one dotted path (used for the no_log ``secrets`` option)."""
    parts = split_path(dotted)
    patch = value
    for part in reversed(parts):
        if isinstance(part, int):
            raise ConfigError("%s: secrets can only be set on object keys" % dotted)
        patch = {part: patch}
    return apply_patch(config, patch)


def remove_paths(config, paths):
    """state=absent: delete each dotted path that exists (a missing one is not an error)."""
    result = copy.deepcopy(config)
    for dotted in paths:
        parts = split_path(dotted)
        node = result
        for part in parts[:-1]:
            if isinstance(node, dict) and part in node:
                node = node[part]
            elif isinstance(node, list) and isinstance(part, int) and part < len(node):
                node = node[part]
            else:
                node = None
                break
        last = parts[-1]
        if isinstance(node, dict) and last in node:
            del node[last]
        elif isinstance(node, list) and isinstance(last, int) and last < len(node):
            del node[last]
    return result


def without_gateway_keys(config):
    return dict((k, v) for k, v in config.items() if k not in GATEWAY_OWNED_KEYS)


def plan(current, patch=None, absent_paths=None):
    """(result to write, changed). Gateway-owned keys are kept from the file, never patched/compared."""
    base = without_gateway_keys(current)
    desired = apply_patch(base, without_gateway_keys(patch or {}))
    if absent_paths:
        desired = remove_paths(desired, absent_paths)
    changed = desired != base
    result = dict(desired)
    for key in GATEWAY_OWNED_KEYS:
        if key in current:
            result[key] = current[key]
    return result, changed


def dumps(config):
    return json.dumps(config, indent=2, ensure_ascii=False) + "\n"


# -- secrets in diffs -----------------------------------------------------------------------------
_SECRET_KEY = re.compile(r"(token|secret|passw(or)?d|passphrase|api[-_]?key|apikey|access[-_]?key|private[-_]?key|"
                         r"credential|cookie|authorization|client[-_]?key|signing[-_]?key|webhook[-_]?url|dsn|^key$|"
                         r"Key$|pin$)", re.I)
_SECRET_VALUE = re.compile(r"^(sk|pk|rk)-[A-Za-z0-9_-]{12,}|^sk_(live|test)_|^gh[pousr]_[A-Za-z0-9]{20,}|^github_pat_|"
                           r"^xox[abposr]-|^AKIA[0-9A-Z]{16}$|^AIza[0-9A-Za-z_-]{20,}|^ya29\.|^eyJ[A-Za-z0-9_-]+\.eyJ|"
                           r"^(Bearer|Basic|Bot) \S{8,}|-----BEGIN [A-Z ]*PRIVATE KEY-----|^[A-Za-z0-9+/_=-]{40,}$")
_URL_PASSWORD = re.compile(r"(://[^:/@\s]+:)([^@/\s]+)(@)")
_ENV_ONLY = re.compile(r"^\$\{[A-Z_][A-Z0-9_]*\}$")


def is_secret_ref(value):
    return isinstance(value, dict) and set(value) == set(["source", "provider", "id"]) and \
        all(isinstance(v, str) for v in value.values())


def mask_secrets(value, key=""):
    """A copy safe to print: secret-looking values replaced, SecretRefs and ``${VAR}`` kept as refs."""
    if is_secret_ref(value):
        return {"source": value["source"], "provider": value["provider"], "id": value["id"]}
    if isinstance(value, dict):
        return dict((k, mask_secrets(v, k)) for k, v in value.items())
    if isinstance(value, list):
        return [mask_secrets(v, key) for v in value]
    if isinstance(value, str):
        if _ENV_ONLY.match(value) or value == "":
            return value
        if _SECRET_KEY.search(key or "") or _SECRET_VALUE.search(value):
            return MASK
        return _URL_PASSWORD.sub(r"\1" + MASK + r"\3", value)
    return value


# -- atomic write ---------------------------------------------------------------------------------
def atomic_write(path, text, mode=0o600, uid=-1, gid=-1):
    """Temp file in the same directory, fsync, chmod/chown, rename, fsync the directory."""
    directory = os.path.dirname(os.path.abspath(path))
    fd, tmp = tempfile.mkstemp(prefix=".%s." % os.path.basename(path), suffix=".tmp", dir=directory)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(text.encode("utf-8"))
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(tmp, mode)
        if uid != -1 or gid != -1:
            os.chown(tmp, uid, gid)
        os.rename(tmp, path)
    except BaseException:
        if os.path.exists(tmp):
            os.unlink(tmp)
        raise
    dir_fd = os.open(directory, os.O_RDONLY)
    try:
        os.fsync(dir_fd)
    finally:
        os.close(dir_fd)


# -- schema + validation --------------------------------------------------------------------------
def load_schema(source, cli=None):
    """``bundled``, ``openclaw`` (printed by the CLI, local or in the container) or a file path."""
    if source in (None, "", "bundled"):
        doc, version = load_bundled_schema()
        return ConfigSchema(doc, version, source="bundled")
    if source == "openclaw":
        if cli is None:
            raise SchemaError("schema=openclaw needs the OpenClaw CLI (openclaw_bin or container)")
        try:
            rc, data, out, err = cli.run_json(["config", "schema"])
        except OpenClawCLIError as exc:
            raise SchemaError("cannot get the schema from %s: %s" % (cli.describe(), exc))
        if rc != 0 or not isinstance(data, dict):
            raise SchemaError("`%s config schema` failed (rc=%s): %s" % (cli.describe(), rc, (err or out)[-500:]))
        return ConfigSchema(data, cli.version(), source=cli.describe())
    return ConfigSchema(load_schema_file(source), None, source=source)


_VALIDATE_SCRIPT = (
    'd="${OPENCLAW_STATE_DIR:-$HOME/.openclaw}"; mkdir -p "$d" && f=$(mktemp "$d/.clawops-validate.XXXXXX") '
    '&& cat > "$f" && OPENCLAW_CONFIG_PATH="$f" "$OPENCLAW" config validate --json; rc=$?; rm -f "$f"; exit $rc')


def run_real_validator(cli, config, config_dir=None):
    """``openclaw config validate --json`` on ``config``: (valid, issues, warnings) or raises OpenClawCLIError.

    Locally the candidate is written next to the target file, so relative ``$include`` paths resolve
    as they will for the gateway; in a container it goes to the gateway's state directory.
    """
    text = dumps(config)
    if cli.container:
        rc, out, err = cli.run_shell(_VALIDATE_SCRIPT, stdin=text)
    else:
        directory = config_dir if config_dir and os.path.isdir(config_dir) else None
        fd, tmp = tempfile.mkstemp(prefix=".clawops-validate.", suffix=".json", dir=directory)
        try:
            with os.fdopen(fd, "w") as handle:
                handle.write(text)
            rc, out, err = cli.run(["config", "validate", "--json"], env={"OPENCLAW_CONFIG_PATH": tmp})
        finally:
            os.unlink(tmp)
    data = parse_json_output(out)
    if not isinstance(data, dict) or "valid" not in data:
        raise OpenClawCLIError("`%s config validate --json` gave no verdict (rc=%s): %s"
                               % (cli.describe(), rc, (err or out or "")[-500:]))
    if not data["valid"] and not data.get("issues"):
        message = (data.get("error") or {}).get("message") if isinstance(data.get("error"), dict) else data.get("error")
        raise OpenClawCLIError("`%s config validate` failed: %s" % (cli.describe(), message or (err or out)[-500:]))
    return bool(data["valid"]), data.get("issues") or [], data.get("warnings") or []


_UNRECOGNIZED = re.compile(r'Unrecognized keys?: (.*)$')


def _real_issue_lines(issues, schema):
    """OpenClaw's issues as ``path: message (hint)``: unknown keys get the same hints as the model."""
    lines = []
    for issue in issues:
        path = issue.get("path") or "<root>"
        message = issue.get("message", "")
        match = _UNRECOGNIZED.search(message)
        if match:
            segments = [] if path == "<root>" else [int(p) if p.isdigit() else p for p in path.split(".")]
            allowed = set(schema.keys_at(segments))
            for key in re.findall(r'"([^"]+)"', match.group(1)):
                hint = key_hint(key, allowed)
                lines.append("%s: unknown key%s" % (format_path(segments + [key]), " (%s)" % hint if hint else ""))
        else:
            lines.append("%s: %s" % (path, message))
    return lines


def validate(config, schema, validator="auto", cli=None, config_dir=None, env=None):
    """The verdict on a (merged) config.

    Returns a dict: valid, validator ("openclaw" or "model"), issues (lines), paths (OpenClaw-style
    issue paths), warnings (lines), fallback_reason (why the real validator was not used).
    """
    fallback_reason = None
    if validator in ("auto", "openclaw"):
        if cli is None:
            fallback_reason = "no OpenClaw CLI configured"
        else:
            try:
                valid, issues, warnings = run_real_validator(cli, config, config_dir)
                return {
                    "valid": valid, "validator": "openclaw", "fallback_reason": None,
                    "issues": _real_issue_lines(issues, schema),
                    "paths": [i.get("path") for i in issues],
                    "warnings": ["%s: %s" % (w.get("path"), w.get("message")) for w in warnings],
                }
            except OpenClawCLIError as exc:
                if validator == "openclaw":
                    raise
                fallback_reason = str(exc)
    warnings = []
    found = validate_model(config, schema, base_dir=config_dir, env=env, warnings=warnings)
    shown = [i for i in found if not i.get("detail")]
    return {
        "valid": not found, "validator": "model", "fallback_reason": fallback_reason,
        "issues": [i.line() for i in shown],
        "paths": sorted(set(format_path(i["path"]) for i in found)),
        "warnings": [w.line() for w in warnings],
    }
