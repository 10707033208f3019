"""Unit tests of openclaw_config's logic: patch semantics, gateway-owned keys, masking, atomic write,
JSON5 reading, schema walking and hints. No OpenClaw, no Ansible run."""
import json
import os
import stat

import json5
import pytest
from hypothesis import given, settings, strategies as st

from ansible_collections.clawops.openclaw.plugins.module_utils import config_model, config_schema, json5_lite
from ansible_collections.clawops.openclaw.plugins.module_utils import openclaw_config as core


# -- patch semantics ------------------------------------------------------------------------------
def test_objects_merge_recursively():
    current = {"gateway": {"port": 18789, "auth": {"mode": "token"}}, "tools": {"profile": "full"}}
    patch = {"gateway": {"bind": "lan", "auth": {"token": "${T}"}}}
    assert core.apply_patch(current, patch) == {
        "gateway": {"port": 18789, "bind": "lan", "auth": {"mode": "token", "token": "${T}"}},
        "tools": {"profile": "full"},
    }


def test_arrays_and_scalars_replace():
    current = {"a": [1, 2, 3], "b": {"c": "x"}, "d": 1}
    assert core.apply_patch(current, {"a": [9], "b": "scalar", "d": {"e": 1}}) == {"a": [9], "b": "scalar", "d": {"e": 1}}


def test_null_deletes_and_missing_null_is_harmless():
    current = {"a": {"b": 1, "c": 2}, "d": 3}
    assert core.apply_patch(current, {"a": {"b": None}, "d": None, "zz": None}) == {"a": {"c": 2}}


def test_patch_does_not_mutate_inputs():
    current = {"a": {"b": [1]}}
    patch = {"a": {"c": {"d": 1}}}
    result = core.apply_patch(current, patch)
    result["a"]["b"].append(2)
    result["a"]["c"]["d"] = 99
    assert current == {"a": {"b": [1]}} and patch == {"a": {"c": {"d": 1}}}


def test_meta_is_kept_from_the_file_and_never_patched_or_compared():
    current = {"meta": {"lastTouchedVersion": "2026.9.6"}, "gateway": {"bind": "lan"}}
    result, changed = core.plan(current, {"meta": {"lastTouchedVersion": "1.0"}, "gateway": {"bind": "lan"}})
    assert changed is False
    assert result["meta"] == {"lastTouchedVersion": "2026.9.6"}
    # The gateway adding meta later does not make the same desired config a change.
    _, changed = core.plan({"gateway": {"bind": "lan"}, "meta": {"x": 1}}, {"gateway": {"bind": "lan"}})
    assert changed is False


def test_absent_paths_remove_only_what_exists():
    current = {"channels": {"telegram": {"enabled": True}, "discord": {}}, "list": [1, 2]}
    result, changed = core.plan(current, None, ["channels.discord", "channels.nope.deep", "list[0]"])
    assert changed is True
    assert result == {"channels": {"telegram": {"enabled": True}}, "list": [2]}
    _, changed = core.plan(result, None, ["channels.discord"])
    assert changed is False


def test_secrets_option_paths_become_a_patch():
    patch = core.set_path({"channels": {"telegram": {"enabled": True}}}, "channels.telegram.botToken", "123:abc")
    assert patch == {"channels": {"telegram": {"enabled": True, "botToken": "123:abc"}}}
    assert core.split_path(r"broadcast.telegram:-1\.5.agents[0]") == ["broadcast", "telegram:-1.5", "agents", 0]


json_scalars = st.one_of(st.none(), st.booleans(), st.integers(-5, 5), st.text("abc", max_size=3))
json_values = st.recursive(json_scalars, lambda inner: st.one_of(
    st.lists(inner, max_size=3), st.dictionaries(st.sampled_from("abcde"), inner, max_size=4)), max_leaves=12)
configs = st.dictionaries(st.sampled_from("abcde"), json_values, max_size=5)


def _no_nulls(value):
    if isinstance(value, dict):
        return dict((k, _no_nulls(v)) for k, v in value.items() if v is not None)
    if isinstance(value, list):
        return [_no_nulls(v) for v in value]
    return value


@settings(max_examples=300, deadline=None)
@given(current=configs.map(_no_nulls), patch=configs)
def test_property_applying_twice_changes_nothing_the_second_time(current, patch):
    once, _ = core.plan(current, patch)
    twice, changed = core.plan(once, patch)
    assert changed is False
    assert twice == once


def _paths(value, prefix=()):
    if isinstance(value, dict) and value:
        for key, item in value.items():
            yield from _paths(item, prefix + (key,))
    else:
        yield prefix


@settings(max_examples=300, deadline=None)
@given(current=configs.map(_no_nulls), patch=configs)
def test_property_keys_not_mentioned_are_never_lost(current, patch):
    result = core.apply_patch(current, patch)
    for path in _paths(current):
        # The first segment the patch mentions decides; an untouched prefix must survive as is.
        node_c, node_p, node_r = current, patch, result
        for key in path:
            if not isinstance(node_p, dict) or key not in node_p:
                assert node_r[key] == node_c[key]
                break
            if node_p[key] is None or not isinstance(node_p[key], dict):
                break
            node_c, node_p, node_r = node_c[key], node_p[key], node_r[key]


@settings(max_examples=300, deadline=None)
@given(current=configs.map(_no_nulls), key=st.sampled_from("abcde"))
def test_property_null_deletes(current, key):
    result = core.apply_patch(current, {key: None})
    assert key not in result
    assert dict((k, v) for k, v in current.items() if k != key) == result


# -- masking ----------------------------------------------------------------------------------------
def test_mask_hides_secrets_but_keeps_refs():
    config = {
        "gateway": {"auth": {"token": "s3cr3t-value", "mode": "token"}, "port": 18789},
        "channels": {"telegram": {"botToken": {"source": "env", "provider": "default", "id": "TG_TOKEN"}}},
        "models": {"providers": {"x": {"apiKey": "${OPENAI_API_KEY}", "baseUrl": "https://u:pw@api.example.com/v1",
                                       "headers": {"X-Custom": "sk-abcdefghijklmnop1234"}}}},
        "env": {"vars": {"GITHUB": "ghp_0123456789abcdefghijABCDEFGHIJ"}},
    }
    masked = core.mask_secrets(config)
    text = json.dumps(masked)
    for secret in ("s3cr3t-value", "pw@", "sk-abcdefghijklmnop1234", "ghp_0123456789abcdefghij"):
        assert secret not in text
    assert masked["channels"]["telegram"]["botToken"] == {"source": "env", "provider": "default", "id": "TG_TOKEN"}
    assert masked["models"]["providers"]["x"]["apiKey"] == "${OPENAI_API_KEY}"
    assert masked["gateway"]["auth"]["mode"] == "token" and masked["gateway"]["port"] == 18789
    assert masked["models"]["providers"]["x"]["baseUrl"] == "https://u:%s@api.example.com/v1" % core.MASK


# -- files ----------------------------------------------------------------------------------------
def test_atomic_write_is_0600_and_leaves_no_temp_file(tmp_path):
    target = tmp_path / "openclaw.json"
    target.write_text("{}")
    os.chmod(target, 0o644)
    core.atomic_write(str(target), core.dumps({"a": 1}))
    assert json.loads(target.read_text()) == {"a": 1}
    assert stat.S_IMODE(os.stat(target).st_mode) == 0o600
    assert os.listdir(tmp_path) == ["openclaw.json"]


def test_failed_write_keeps_the_old_file(tmp_path, monkeypatch):
    target = tmp_path / "openclaw.json"
    target.write_text('{"old": true}')

    def boom(src, dst):
        raise OSError("disk full")
    monkeypatch.setattr(os, "rename", boom)
    with pytest.raises(OSError):
        core.atomic_write(str(target), core.dumps({"new": True}))
    assert json.loads(target.read_text()) == {"old": True}
    assert os.listdir(tmp_path) == ["openclaw.json"]


def test_read_json5_with_comments_env_and_include_untouched(tmp_path):
    target = tmp_path / "openclaw.json"
    target.write_text("""// gateway config
{
  gateway: { auth: { token: '${OPENCLAW_GATEWAY_TOKEN}', }, },  /* trailing commas */
  agents: { $include: './agents.json5' },
}
""")
    exists, data = core.read_config(str(target))
    assert exists
    result, changed = core.plan(data, {"gateway": {"bind": "lan"}})
    assert changed
    assert result["gateway"]["auth"]["token"] == "${OPENCLAW_GATEWAY_TOKEN}"
    assert result["agents"] == {"$include": "./agents.json5"}
    assert core.read_config(str(tmp_path / "missing.json")) == (False, {})
    (tmp_path / "bad.json").write_text("{gateway: }")
    with pytest.raises(core.ConfigError, match="line 1"):
        core.read_config(str(tmp_path / "bad.json"))


JSON5_SAMPLES = [
    "{a: 1, b: [1, 2,], c: {d: 'x\\'y'}, // c\n e: +1.5e3, f: .5, g: 5., h: 0x1F, i: -Infinity, j: \"\\u00e9\\n\"}",
    "/* lead */ [null, true, false, 'multi\\\nline', {$k: 1, _u: 2, 'q-k': 3}]",
    '{"plain": "json", "n": -0.25, "nested": {"arr": [[], {}]}}',
]


@pytest.mark.parametrize("text", JSON5_SAMPLES)
def test_json5_reader_matches_reference_package(text):
    assert json5_lite.loads(text) == json5.loads(text)


@settings(max_examples=200, deadline=None)
@given(value=st.recursive(st.one_of(st.none(), st.booleans(), st.integers(), st.text(max_size=8),
                                    st.floats(allow_nan=False, allow_infinity=False)),
                          lambda inner: st.one_of(st.lists(inner, max_size=3),
                                                  st.dictionaries(st.text(max_size=6), inner, max_size=3)),
                          max_leaves=10))
def test_property_json5_reader_reads_what_json5_writes(value):
    assert json5_lite.loads(json5.dumps(value, trailing_commas=True, quote_keys=False)) == value


# -- schema walking ---------------------------------------------------------------------------------
@pytest.fixture(scope="module")
def schema():
    doc, version = config_schema.load_bundled_schema()
    return config_schema.ConfigSchema(doc, version)


def test_bundled_schema_is_the_pinned_release(schema):
    assert schema.version == "2026.9.6"
    assert schema.schema["additionalProperties"] is False


def test_unknown_keys_at_every_depth_with_hints(schema):
    config = {"gatewy": {}, "gateway": {"bnd": "lan", "auth": {"tokn": "x"}},
              "agents": {"defaults": {"sandbox": {"browser": {"enableNoVnc": True}}}}}
    lines = sorted(i.line() for i in schema.unknown_keys(config))
    assert lines == [
        "agents.defaults.sandbox.browser.enableNoVnc: unknown key (renamed to noVncEnabled; did you mean enabled?)",
        "gateway.auth.tokn: unknown key (did you mean token?)",
        "gateway.bnd: unknown key (did you mean bind?)",
        "gatewy: unknown key (did you mean gateway?)",
    ]


def test_defaulted_required_fields_may_be_omitted(schema):
    # The printed schema marks dmPolicy/groupPolicy required; OpenClaw fills in their defaults.
    assert "dmPolicy" in schema.node_at(["channels", "telegram"])["required"]
    assert schema.validate({"channels": {"telegram": {"botToken": "x"}}}) == []
    bad = schema.validate({"channels": {"telegram": {"dmPolicy": "everyone"}}})
    assert [i.dotted for i in bad] == ["channels.telegram.dmPolicy"]


def test_scoped_refs_and_js_only_regexes_do_not_crash(schema):
    # imap's account schema is reached only through #/$defs refs local to the plugin schema.
    found = schema.validate({"plugins": {"entries": {"imap": {"config": {"accounts": {"me": {"bogus": 1}}}}}}})
    assert "plugins.entries.imap.config.accounts.me" in [i.dotted for i in found]
    assert config_schema.ConfigSchema({"properties": {"a": {"$ref": "#/$defs/missing"}}}).validate({"a": 1}) == []
    js = config_schema.ConfigSchema({"properties": {"n": {"type": "string", "pattern": "^[^\\p{Cc}\\p{Cs}]{1,4}$"}}})
    assert js.validate({"n": "ok"}) == []
    assert [i.dotted for i in js.validate({"n": "bad\x01"})] == ["n"]


def test_model_semantic_rules(schema):
    def paths(config, **kw):
        return sorted(config_schema.format_path(i["path"]) for i in config_model.validate_model(config, schema, env={}, **kw))
    assert paths({"bindings": [{"agentId": "ghost", "match": {"channel": "telegram"}}]}) == ["bindings.0.agentId"]
    assert paths({"agents": {"list": [{"id": "main", "default": True}, {"id": "ops"}]}}) == []
    assert paths({"agents": {"list": [{"id": "main"}, {"id": "ops"}]}}) == ["agents.ownership"]
    assert paths({"models": {"providers": {"mine": {}}}}) == ["models.providers.mine.baseUrl", "models.providers.mine.models"]
    assert paths({"models": {"providers": {"openai": {}}}}) == []
    assert paths({"channels": {"carrier-pigeon": {}}}) == ["channels.carrier-pigeon"]
    assert paths({"tools": {"web": {"search": {"provider": "nope"}}}}) == ["tools.web.search.provider"]
    assert paths({"$include": "./absent.json5"}, base_dir="/nonexistent") == ["<root>"]
    assert paths({"gateway": {"port": "${PORT}"}}) == ["gateway.port"]
    # ${VAR} is substituted (uppercase names) before validation; $${VAR} is a literal.
    assert set(paths({"gateway": {"bind": "${BIND}"}})) == {"gateway.bind"}
    assert config_model.validate_model({"gateway": {"bind": "${BIND}"}}, schema, env={"BIND": "lan"}) == []
    assert config_model.substitute_env({"a": "$${BIND}-${BIND}"}, {"BIND": "x"}) == {"a": "${BIND}-x"}


def test_auto_falls_back_to_the_model_and_forced_real_validator_fails(schema, tmp_path):
    from ansible_collections.clawops.openclaw.plugins.module_utils.openclaw_cli import OpenClawCLI, OpenClawCLIError
    missing = OpenClawCLI(binary=str(tmp_path / "no-openclaw"))
    verdict = core.validate({"gateway": {"bnd": "lan"}}, schema, validator="auto", cli=missing, env={})
    assert verdict["validator"] == "model" and "no-openclaw" in verdict["fallback_reason"]
    assert verdict["valid"] is False and verdict["issues"] == ["gateway.bnd: unknown key (did you mean bind?)"]
    with pytest.raises(OpenClawCLIError):
        core.validate({}, schema, validator="openclaw", cli=missing, env={})
    in_container = OpenClawCLI(container="gw", binary="openclaw")
    # Values travel in the docker client's environment, only names on the command line.
    assert in_container.argv(["devices", "list"], env={"A": "1"}) == [
        "docker", "exec", "-i", "-e", "A", "gw", "openclaw", "devices", "list"]
    assert in_container._process_env({"A": "1"})["A"] == "1"
