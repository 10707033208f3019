# -*- coding: utf-8 -*-
# Copyright: clawops maintainers
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""A model of ``openclaw config validate`` (OpenClaw 2026.9.6) for hosts where the real CLI is absent.

The real validator is a Zod schema plus refinements plus plugin/channel checks. This model is:

1. the same source preparation: ``$include`` files, ``${VAR}`` substitution, the legacy
   ``agents.list`` roster migrated to ``agents.entries`` and the implicit ``main`` agent;
2. the JSON Schema the CLI prints, walked by :mod:`config_schema` (input-side schema, with
   "required after defaults" relaxed);
3. the refinements no schema expresses, ported rule by rule from the 2026.9.6 dist (file names in
   the comments): agent roster rules, agent ids referenced elsewhere, custom model providers,
   unknown channel ids, heartbeat targets, web-search providers, exec secret-provider commands.

Known limits are listed in docs/openclaw_config.md; where the real CLI is reachable the module
uses it instead.
"""
from __future__ import absolute_import, division, print_function

__metaclass__ = type

import copy
import os
import re
import stat

from ansible_collections.clawops.openclaw.plugins.module_utils import json5_lite
from ansible_collections.clawops.openclaw.plugins.module_utils.config_schema import Issue

# zod-schema.core-*.mjs BUILT_IN_MODEL_PROVIDER_OVERLAY_IDS: providers that may be configured without
# baseUrl/models (overlays of bundled providers).
BUILT_IN_MODEL_PROVIDER_OVERLAY_IDS = frozenset("""
amazon-bedrock amazon-bedrock-mantle anthropic anthropic-vertex arcee azure-openai-responses byteplus
byteplus-plan cerebras chutes claude-cli clawrouter cloudflare-ai-gateway codex comfy copilot-proxy dashscope
deepinfra deepseek fal fireworks github-copilot gmi gmi-cloud gmicloud google google-antigravity
google-gemini-cli google-vertex groq huggingface kilocode kimi kimi-coding litellm lmstudio meta
microsoft-foundry minimax minimax-portal mistral modelstudio moonshot moonshot-ai moonshotai nvidia novita
novita-ai novitaai ollama ollama-cloud openai opencode opencode-go openrouter qianfan qwen qwen-token-plan
qwencloud sglang stepfun stepfun-plan synthetic tencent-tokenhub tencent-tokenplan together venice
vercel-ai-gateway vllm volcengine volcengine-plan vydra x-ai xai xiaomi xiaomi-token-plan z.ai z-ai zai
""".split())
# Web-search providers of the bundled plugins enabled by default (dist/extensions/*/openclaw.plugin.json
# contracts.webSearchProviders) and of the official installable plugins (web-search-install-catalog).
ACTIVE_WEB_SEARCH_PROVIDERS = frozenset(["gemini", "grok", "minimax", "ollama"])
INSTALLABLE_WEB_SEARCH_PROVIDERS = {
    "brave": "brave", "duckduckgo": "duckduckgo", "exa": "exa", "firecrawl": "firecrawl",
    "firecrawl-free": "firecrawl", "kimi": "moonshot", "parallel": "parallel", "parallel-free": "parallel",
    "perplexity": "perplexity", "searxng": "searxng", "tavily": "tavily",
}
NON_CHANNEL_KEYS = frozenset(["defaults", "modelByChannel"])
DEFAULT_AGENT_ID = "main"
_VALID_AGENT_ID = re.compile(r"^[a-z0-9][a-z0-9_-]{0,63}$", re.I)
_ENV_REF = re.compile(r"\$?\$\{([A-Z_][A-Z0-9_]*)\}")
_BROADCAST_PEER = re.compile(r"^[a-z][a-z0-9_-]*:.+$", re.I)


def _issue(path, message, kind="semantic"):
    return Issue(path=list(path), message=message, kind=kind, key=None, hint=None)


def normalize_agent_id(value):
    """agent-id-*.mjs normalizeAgentId."""
    trimmed = (value or "").strip()
    lowered = trimmed.lower()
    if _VALID_AGENT_ID.match(trimmed):
        return lowered
    agent_id = re.sub(r"[^a-z0-9_-]+", "-", lowered)
    agent_id = re.sub(r"^-+", "", agent_id)
    agent_id = re.sub(r"-+$", "", agent_id)[:64]
    return agent_id or DEFAULT_AGENT_ID


# -- 1. source preparation ------------------------------------------------------------------------
def resolve_includes(value, base_dir, issues, depth=0):
    """``$include`` (a path or a list of paths, relative to the config file) merged under siblings."""
    if isinstance(value, list):
        return [resolve_includes(v, base_dir, issues, depth) for v in value]
    if not isinstance(value, dict):
        return value
    result = {}
    if "$include" in value:
        targets = value["$include"]
        for target in targets if isinstance(targets, list) else [targets]:
            if not isinstance(target, str):
                issues.append(_issue([], "Invalid $include value"))
                continue
            path = target if os.path.isabs(target) else os.path.join(base_dir or ".", target)
            try:
                with open(path) as handle:
                    included = json5_lite.loads(handle.read())
            except (IOError, OSError, ValueError):
                issues.append(_issue([], "Failed to read include file: %s (resolved: %s)" % (target, path)))
                continue
            included = resolve_includes(included, os.path.dirname(path), issues, depth + 1)
            if isinstance(included, dict):
                result = deep_merge(result, included)
            else:
                result = included
    if not isinstance(result, dict):
        return result
    for key, item in value.items():
        if key != "$include":
            item = resolve_includes(item, base_dir, issues, depth)
            result[key] = deep_merge(result[key], item) if isinstance(result.get(key), dict) and isinstance(item, dict) else item
    return result


def deep_merge(base, extra):
    out = dict(base)
    for key, value in extra.items():
        out[key] = deep_merge(out[key], value) if isinstance(out.get(key), dict) and isinstance(value, dict) else value
    return out


def substitute_env(value, env, path=(), warnings=None):
    """``${VAR}`` (uppercase names) from env; a missing variable leaves the text and warns; ``$${VAR}`` escapes."""
    if isinstance(value, dict):
        return dict((k, substitute_env(v, env, path + (k,), warnings)) for k, v in value.items())
    if isinstance(value, list):
        return [substitute_env(v, env, path + (i,), warnings) for i, v in enumerate(value)]
    if not isinstance(value, str) or "${" not in value:
        return value

    def repl(match):
        if match.group(0).startswith("$$"):
            return match.group(0)[1:]
        name = match.group(1)
        if name in env:
            return env[name]
        if warnings is not None:
            warnings.append(_issue(path, 'Missing env var "%s" - feature using this value will be unavailable' % name,
                                   kind="warning"))
        return match.group(0)
    return _ENV_REF.sub(repl, value)


def _parse_legacy_roster(value):
    """legacy.roster-*.mjs parseLegacyAgentRoster: None unless every entry has a canonical, unique id."""
    if not isinstance(value, list):
        return None
    entries = {}
    for entry in value:
        if not isinstance(entry, dict):
            return None
        rest = dict(entry)
        agent_id = rest.pop("id", None)
        if not isinstance(agent_id, str) or not agent_id or agent_id.strip() != agent_id \
                or normalize_agent_id(agent_id) != agent_id or agent_id in entries:
            return None
        entries[agent_id] = rest
    return entries


def migrate_agent_roster(config):
    """legacy.roster-*.mjs migratePersistedImplicitMainRoster, as validation runs it.

    ``agents.list`` becomes keyed ``agents.entries``; a config without agents gets the implicit
    ``main`` agent (unless ``agents.ownership`` is ``explicit``); one legacy ``default: true`` marker
    in a multi-agent roster is materialized as explicit ownership.
    """
    if "agents" in config and not isinstance(config["agents"], dict):
        return config
    agents = dict(config.get("agents") or {})
    kind = None
    if agents.get("entries") is not None:
        kind = "entries"
    elif agents.get("list") is not None:
        roster = _parse_legacy_roster(agents["list"])
        if roster is None:
            return config
        del agents["list"]
        agents["entries"] = roster
        kind = "entries"
    entries = agents.get("entries") if kind else None
    if kind is None or (isinstance(entries, dict) and not entries):
        if agents.get("ownership") != "explicit":
            agents["entries"] = {DEFAULT_AGENT_ID: {}}
        return dict(config, agents=agents)
    if not isinstance(entries, dict):
        return config
    valid = [k for k, e in entries.items() if isinstance(e, dict)]
    if any("default" in entries[k] and not isinstance(entries[k]["default"], bool) for k in valid):
        return config
    marked = [k for k in valid if entries[k].get("default") is True]
    if len(valid) > 1 and len(marked) == 1 and agents.get("ownership") != "explicit":
        agents["entries"] = dict((k, dict((kk, vv) for kk, vv in e.items() if kk != "default") if isinstance(e, dict) else e)
                                 for k, e in entries.items())
        agents["ownership"] = "explicit"
    return dict(config, agents=agents)


def agent_ids(config):
    agents = config.get("agents")
    entries = agents.get("entries") if isinstance(agents, dict) else None
    if isinstance(entries, dict) and entries:
        return list(entries)
    return [DEFAULT_AGENT_ID]


# -- 3. refinements -------------------------------------------------------------------------------
def check_agents(config, issues):
    """zod-schema-*.mjs AgentsSchema.superRefine."""
    agents = config.get("agents")
    if not isinstance(agents, dict):
        return
    entries = agents.get("entries") if agents.get("entries") is not None else {}
    if not isinstance(entries, dict):
        return
    if not entries:
        issues.append(_issue(["agents", "entries"], "agents.entries must contain at least one configured agent"))
    first = {}
    for key in entries:
        agent_id = normalize_agent_id(key)
        if agent_id in first:
            issues.append(_issue(["agents", "entries", key],
                                 'agents.entries keys "%s" and "%s" resolve to the same agent id "%s"; '
                                 'rename one key so each agent has a unique id' % (first[agent_id], key, agent_id)))
        else:
            first[agent_id] = key
    marked = [k for k, e in entries.items() if isinstance(e, dict) and e.get("default") is True]
    if len(marked) > 1:
        issues.append(_issue(["agents", "entries"], "agents.entries must contain at most one default=true entry "
                                                    "(found %d)" % len(marked)))
    if agents.get("ownership") == "explicit" and marked:
        issues.append(_issue(["agents", "ownership"],
                             "agents.ownership=explicit cannot be combined with a legacy default=true marker"))
    if len(entries) > 1 and not marked and agents.get("ownership") != "explicit":
        issues.append(_issue(["agents", "ownership"], 'multi-agent rosters require agents.ownership="explicit" or '
                                                      'one legacy default=true marker'))


def check_agent_references(config, issues):
    """zod-schema-*.mjs OpenClawSchema.superRefine: agent ids used elsewhere must exist."""
    ids = agent_ids(config)
    raw_ids = set(ids)
    effective = set(normalize_agent_id(i) for i in ids)

    def get(*path):
        node = config
        for part in path:
            node = node.get(part) if isinstance(node, dict) else None
        return node
    for path in (("agents", "defaults", "heartbeat", "agentId"), ("agents", "defaults", "systemAgent", "agentId"),
                 ("talk", "agentId")):
        value = get(*path)
        if isinstance(value, str) and normalize_agent_id(value) not in effective:
            issues.append(_issue(path, 'Unknown agent id "%s" (not in agents.entries).' % value))
    bindings = config.get("bindings")
    if isinstance(bindings, list):
        for idx, binding in enumerate(bindings):
            agent_id = binding.get("agentId") if isinstance(binding, dict) else None
            if isinstance(agent_id, str) and agent_id != DEFAULT_AGENT_ID and normalize_agent_id(agent_id) not in effective:
                issues.append(_issue(["bindings", idx, "agentId"], 'Unknown agent id "%s" (not in agents.entries).' % agent_id))
    broadcast = config.get("broadcast")
    if isinstance(broadcast, dict):
        for peer, entry in broadcast.items():
            if peer == "strategy" or not isinstance(entry, (dict, list)):
                continue
            listed = entry if isinstance(entry, list) else entry.get("agents") or []
            prefix = ["broadcast", peer] + ([] if isinstance(entry, list) else ["agents"])
            for idx, agent_id in enumerate(listed):
                if agent_id not in raw_ids:
                    issues.append(_issue(prefix + [idx], 'Unknown agent id "%s" (not in agents.entries).' % agent_id))


def check_talk(config, issues):
    """zod-schema-*.mjs TalkSchema / TalkRealtimeSchema .superRefine: provider must name a configured one."""
    talk = config.get("talk")
    for path, node in ((["talk"], talk), (["talk", "realtime"], talk.get("realtime") if isinstance(talk, dict) else None)):
        if not isinstance(node, dict):
            continue
        label = ".".join(path)
        provider = node.get("provider").strip().lower() if isinstance(node.get("provider"), str) else ""
        providers = list(node["providers"]) if isinstance(node.get("providers"), dict) else []
        if provider and providers and provider not in node["providers"]:
            issues.append(_issue(path + ["provider"], '%s.provider must match a key in %s.providers (missing "%s")'
                                 % (label, label, provider)))
        if not provider and len(providers) > 1:
            issues.append(_issue(path + ["provider"], "%s.provider is required when %s.providers defines multiple "
                                                      "providers" % (label, label)))


_MCP_REJECTED_KEYS = ("connectTimeout", "connect_timeout", "timeout", "workingDirectory",
                      "supports_parallel_tool_calls", "ssl_verify", "client_cert", "client_key")


def check_mcp_servers(config, issues):
    """zod-schema-*.mjs McpServerSchema.superRefine: keys other MCP clients use that OpenClaw rejects."""
    for root in (["mcp"], ["nodeHost", "mcp"]):
        node = config
        for part in root + ["servers"]:
            node = node.get(part) if isinstance(node, dict) else None
        if not isinstance(node, dict):
            continue
        for name, server in node.items():
            path = root + ["servers", name]
            if name == "__proto__":
                issues.append(_issue(path, 'MCP server name "__proto__" is reserved; rename the server'))
            if not isinstance(server, dict):
                continue
            for key in _MCP_REJECTED_KEYS:
                if key in server:
                    issues.append(Issue(path=path, message='Unrecognized key: "%s"' % key, kind="unknown", key=key,
                                        hint=None))
            if isinstance(server.get("codex"), dict) and "default_tools_approval_mode" in server["codex"]:
                issues.append(_issue(path + ["codex", "default_tools_approval_mode"],
                                     'Unrecognized key: "default_tools_approval_mode"'))
            if "disabled" in server:
                issues.append(Issue(path=path + ["disabled"], kind="semantic", key=None,
                                    hint="renamed to enabled (inverted)", message='unsupported key "disabled"'))
            oauth = server.get("oauth") if isinstance(server.get("oauth"), dict) else {}
            if oauth.get("identity") == "per-requester":
                if server.get("auth") != "oauth":
                    issues.append(_issue(path + ["oauth", "identity"], 'oauth.identity "per-requester" requires auth: "oauth"'))
                if oauth.get("authProfileId"):
                    issues.append(_issue(path + ["oauth", "authProfileId"],
                                         'oauth.authProfileId cannot be used with oauth.identity "per-requester"'))
                if not server.get("url"):
                    issues.append(_issue(path + ["oauth", "identity"],
                                         'oauth.identity "per-requester" requires an HTTP server URL'))
                if "command" in server or server.get("transport") == "stdio":
                    issues.append(_issue(path + ["oauth", "identity"], 'oauth.identity "per-requester" cannot be '
                                                                       'combined with a command or "stdio" transport'))
            command = server.get("command")
            if server.get("transport") == "stdio" and (not isinstance(command, str) or not command.strip()):
                issues.append(_issue(path + ["transport"], '"stdio" transport requires a non-empty command'))


def check_model_providers(config, issues):
    """zod-schema.core-*.mjs ModelProvidersSchema.superRefine."""
    providers = (config.get("models") or {}).get("providers") if isinstance(config.get("models"), dict) else None
    if not isinstance(providers, dict):
        return
    for provider_id, provider in providers.items():
        if provider_id.strip().lower() in BUILT_IN_MODEL_PROVIDER_OVERLAY_IDS or not isinstance(provider, dict):
            continue
        if not provider.get("baseUrl"):
            issues.append(_issue(["models", "providers", provider_id, "baseUrl"],
                                 "custom model providers must declare baseUrl"))
        if not isinstance(provider.get("models"), list):
            issues.append(_issue(["models", "providers", provider_id, "models"],
                                 "custom model providers must declare models"))


def _plugin_evidence(config, plugin_ids):
    plugins = config.get("plugins") if isinstance(config.get("plugins"), dict) else {}
    wanted = set(p.strip().lower() for p in plugin_ids)
    for key in ("entries", "installs"):
        if isinstance(plugins.get(key), dict) and any(k.strip().lower() in wanted for k in plugins[key]):
            return True
    allow = plugins.get("allow")
    return isinstance(allow, list) and any(isinstance(a, str) and a.strip().lower() in wanted for a in allow)


def check_channels(config, known_channels, issues, warnings):
    """io.snapshot-preparation-*.mjs: channel ids must belong to a bundled channel plugin."""
    channels = config.get("channels")
    if not isinstance(channels, dict):
        return
    for key in channels:
        trimmed = key.strip()
        if not trimmed or trimmed in known_channels or trimmed in NON_CHANNEL_KEYS:
            continue
        issue = _issue(["channels", trimmed], "unknown channel id: %s" % trimmed)
        if _plugin_evidence(config, [trimmed]):
            warnings.append(issue)
        else:
            issues.append(issue)


def check_heartbeat_targets(config, known_channels, issues):
    def check(target, path):
        if not isinstance(target, str):
            return
        trimmed = target.strip()
        if not trimmed:
            issues.append(_issue(path, "heartbeat target must not be empty"))
        elif trimmed.lower() not in ("owner", "last", "none") and trimmed.lower() not in known_channels:
            issues.append(_issue(path, "unknown heartbeat target: %s" % target))
    agents = config.get("agents") if isinstance(config.get("agents"), dict) else {}
    defaults = agents.get("defaults") if isinstance(agents.get("defaults"), dict) else {}
    heartbeat = defaults.get("heartbeat") if isinstance(defaults.get("heartbeat"), dict) else {}
    check(heartbeat.get("target"), ["agents", "defaults", "heartbeat", "target"])
    entries = agents.get("entries") if isinstance(agents.get("entries"), dict) else {}
    for key, entry in entries.items():
        if isinstance(entry, dict) and isinstance(entry.get("heartbeat"), dict):
            check(entry["heartbeat"].get("target"), ["agents", "entries", key, "heartbeat", "target"])


def check_web_search(config, issues, warnings):
    search = config
    for part in ("tools", "web", "search"):
        search = search.get(part) if isinstance(search, dict) else None
    provider = search.get("provider") if isinstance(search, dict) else None
    if not isinstance(provider, str):
        return
    trimmed = provider.strip()
    path = ["tools", "web", "search", "provider"]
    if not trimmed:
        issues.append(_issue(path, "web_search provider must not be empty"))
    elif trimmed in ACTIVE_WEB_SEARCH_PROVIDERS:
        return
    elif trimmed in INSTALLABLE_WEB_SEARCH_PROVIDERS:
        plugin = INSTALLABLE_WEB_SEARCH_PROVIDERS[trimmed]
        issue = _issue(path, 'web_search provider is not available: %s (install or enable plugin "%s", then run '
                             'openclaw doctor --fix)' % (trimmed, plugin))
        (warnings if _plugin_evidence(config, [trimmed, plugin]) else issues).append(issue)
    else:
        issues.append(_issue(path, "unknown web_search provider: %s" % trimmed))


def check_exec_secret_providers(config, issues, home=None):
    """exec-provider-path-validation-*.mjs assertSecureExecCommandPath, as `config validate` runs it."""
    secrets = config.get("secrets") if isinstance(config.get("secrets"), dict) else {}
    providers = secrets.get("providers") if isinstance(secrets.get("providers"), dict) else {}
    for alias, provider in providers.items():
        if not isinstance(provider, dict) or "command" not in provider or provider.get("source") == "plugin":
            continue
        label = "secrets.providers.%s.command" % alias
        path = ["secrets", "providers", alias, "command"]
        command = provider.get("command")
        if isinstance(command, str) and command.startswith("~"):
            command = (home or os.path.expanduser("~")) + command[1:]
        if not isinstance(command, str) or not os.path.isabs(command):
            issues.append(_issue(path, "%s must be an absolute path." % label))
            continue
        try:
            info = os.lstat(command)
        except OSError:
            issues.append(_issue(path, "%s is not readable: %s" % (label, command)))
            continue
        if stat.S_ISDIR(info.st_mode):
            issues.append(_issue(path, "%s must be a file: %s" % (label, command)))
        elif stat.S_ISLNK(info.st_mode):
            issues.append(_issue(path, "%s must not be a symlink: %s" % (label, command)))
        elif info.st_mode & (stat.S_IWGRP | stat.S_IWOTH):
            issues.append(_issue(path, "%s permissions are too open: %s" % (label, command)))
        elif info.st_uid != os.getuid():
            issues.append(_issue(path, "%s must be owned by the current user (uid=%d): %s" % (label, os.getuid(), command)))
        else:
            trusted = provider.get("trustedDirs")
            if isinstance(trusted, list) and trusted and not any(
                    isinstance(d, str) and os.path.abspath(command).startswith(os.path.abspath(os.path.expanduser(d)).rstrip("/") + "/")
                    for d in trusted):
                issues.append(_issue(path, "%s is outside trustedDirs: %s" % (label, command)))


# -- the whole pipeline ---------------------------------------------------------------------------
def validate_model(config, schema, base_dir=None, env=None, warnings=None):
    """Issues ``openclaw config validate`` would report for ``config`` (empty list: valid)."""
    env = os.environ if env is None else env
    warnings = [] if warnings is None else warnings
    issues = []
    prepared = resolve_includes(copy.deepcopy(config), base_dir, issues)
    if issues:
        return issues
    if not isinstance(prepared, dict):
        return [_issue([], "Invalid input: expected object, received %s" % type(prepared).__name__, kind="type")]
    prepared = substitute_env(prepared, env, (), warnings)
    prepared = migrate_agent_roster(prepared)
    issues = schema.validate(prepared)
    check_agents(prepared, issues)
    check_agent_references(prepared, issues)
    check_talk(prepared, issues)
    check_mcp_servers(prepared, issues)
    check_model_providers(prepared, issues)
    if issues:
        return issues
    channels_node = schema.schema.get("properties", {}).get("channels", {})
    known_channels = set(channels_node.get("properties", {})) - NON_CHANNEL_KEYS
    check_channels(prepared, known_channels, issues, warnings)
    check_heartbeat_targets(prepared, set(c.lower() for c in known_channels), issues)
    check_web_search(prepared, issues, warnings)
    if issues:
        return issues
    check_exec_secret_providers(prepared, issues, home=env.get("HOME"))
    return issues
