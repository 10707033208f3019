#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: clawops maintainers
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r"""
---
module: openclaw_config
short_description: Merge settings into OpenClaw's openclaw.json, validated for the exact OpenClaw version
version_added: 0.1.0
description:
  - Merges a desired, partial configuration into the OpenClaw gateway's C(openclaw.json) with the
    semantics of C(openclaw config patch) - objects merge recursively, arrays and scalars replace,
    C(null) deletes a key - and writes the file only when the result differs.
  - Keys the gateway owns (C(meta)) are neither written nor compared, so a re-run after the gateway
    touched the file reports no change.
  - The merged result is validated before anything is written. Unknown keys are rejected at every
    depth from the JSON Schema of the OpenClaw release (bundled for the pinned release, or a file, or
    printed by the deployed CLI), with hints (close key names, known renames such as
    C(enableNoVnc) -> C(noVncEnabled)). The overall verdict comes from the real
    C(openclaw config validate) when it is reachable (a local binary or C(docker exec) into the
    gateway container) and otherwise from a model of its rules; see C(docs/openclaw_config.md).
  - "All problems are reported in one failure, each as C(dotted.path: message (hint))."
  - JSON5 files (comments, trailing commas) are read; the file is written as plain JSON. C(${VAR})
    strings and C($include) directives are kept untouched.
  - The write is atomic (temporary file in the same directory, fsync, rename).
author:
  - clawops maintainers (@clawops)
options:
  path:
    description: Path of C(openclaw.json) on the managed host. Created (with its directory left as is) when missing.
    type: path
    required: true
  config:
    description:
      - The desired settings, as a partial config. Use C(null) to delete a key.
      - Put secret values in O(secrets) (not logged) or, better, use C(${VAR}) or SecretRef objects.
    type: dict
    default: {}
  secrets:
    description:
      - >-
        Secret values to merge, as a map of dotted config path to value, for example
        C({"gateway.auth.token": "{{ vault_gateway_token }}"}). Never logged; masked in the diff.
    type: dict
    default: {}
  state:
    description:
      - V(present) merges O(config) and O(secrets).
      - V(absent) removes every dotted path listed in O(paths) (missing paths are fine).
    type: str
    choices: [present, absent]
    default: present
  paths:
    description: Dotted config paths to remove when O(state=absent), for example C(channels.telegram).
    type: list
    elements: str
    default: []
  owner:
    description: Owner of the file (name or uid). OpenClaw's container runs as uid 1000.
    type: str
  group:
    description: Group of the file (name or gid).
    type: str
  mode:
    description: Permissions of the file. The gateway expects the config to be private.
    type: raw
    default: "0600"
  backup:
    description: Keep a timestamped copy of the previous file when it changes.
    type: bool
    default: false
  schema:
    description:
      - Where the JSON Schema used for unknown-key checks and hints comes from.
      - V(bundled) is the schema of the OpenClaw release pinned by this collection.
      - V(openclaw) asks the CLI selected by O(openclaw_bin) / O(container) (C(openclaw config schema)),
        so it matches the deployed image exactly.
      - Anything else is read as a path to a schema file (C(.json) or C(.json.gz)) on the managed host.
    type: str
    default: bundled
  validator:
    description:
      - V(auto) uses the real C(openclaw config validate) when the CLI answers, else the model.
      - V(openclaw) requires the real validator (fails if it cannot run).
      - V(model) always uses the model of the validator (no OpenClaw needed).
    type: str
    choices: [auto, openclaw, model]
    default: auto
  openclaw_bin:
    description: The OpenClaw CLI, a path or a name in C(PATH) (inside the container when O(container) is set).
    type: str
    default: openclaw
    aliases: [binary]
  container:
    description: Run the CLI with C(docker exec) in this (gateway) container instead of on the host.
    type: str
  container_user:
    description:
      - User for C(docker exec -u); unset, the container's user.
      - Use the gateway's own user (V(node) in OpenClaw images) when the container runs as root, so the CLI
        never leaves root-owned files in the gateway's state directory.
    type: str
  docker_bin:
    description: The docker client used with O(container).
    type: str
    default: docker
    aliases: [docker_binary]
  openclaw_env:
    description: Extra environment for the CLI (for example C(OPENCLAW_STATE_DIR), C(HOME)).
    type: dict
    default: {}
notes:
  - Supports check mode and diff mode. Secret-looking values are masked in the diff and in the
    returned config; SecretRefs and C(${VAR}) references are shown as they are.
seealso:
  - name: OpenClaw configuration reference
    description: The keys openclaw.json accepts.
    link: https://docs.openclaw.ai/gateway/configuration
attributes:
  check_mode:
    description: Validates and reports what would change without writing.
    support: full
  diff_mode:
    description: Shows the file before and after, secret values masked.
    support: full
"""

EXAMPLES = r"""
- name: Sandbox settings for every agent
  clawops.openclaw.openclaw_config:
    path: /srv/openclaw/state/openclaw.json
    owner: "1000"
    group: "1000"
    config:
      gateway:
        bind: lan
        auth:
          token: "${OPENCLAW_GATEWAY_TOKEN}"
      agents:
        defaults:
          sandbox:
            mode: all
            docker:
              network: openclaw-sandbox
              binds: ["/home/node/.claude-sandbox:/home/node/.claude:rw"]
              dangerouslyAllowExternalBindSources: true
            browser:
              noVncEnabled: true

- name: A bot token from the vault, never logged
  clawops.openclaw.openclaw_config:
    path: /srv/openclaw/state/openclaw.json
    config:
      channels:
        telegram:
          enabled: true
    secrets:
      channels.telegram.botToken: "{{ vault_telegram_bot_token }}"

- name: Validate with the gateway's own CLI and schema, inside its container
  clawops.openclaw.openclaw_config:
    path: /srv/openclaw/state/openclaw.json
    container: openclaw-gateway
    schema: openclaw
    validator: openclaw
    config:
      gateway:
        controlUi:
          allowedOrigins: ["https://claw.example.com"]

- name: Remove a channel
  clawops.openclaw.openclaw_config:
    path: /srv/openclaw/state/openclaw.json
    state: absent
    paths:
      - channels.discord
"""

RETURN = r"""
path:
  description: The config file.
  returned: always
  type: str
  sample: /srv/openclaw/state/openclaw.json
config:
  description: The merged config (as written, or as it would be written in check mode), secrets masked.
  returned: always
  type: dict
  sample: {"gateway": {"bind": "lan", "auth": {"token": "${OPENCLAW_GATEWAY_TOKEN}"}}}
validator:
  description: Which validator gave the verdict, C(openclaw) (the real CLI) or C(model).
  returned: always
  type: str
  sample: openclaw
validator_fallback_reason:
  description: Why the real validator was not used when O(validator=auto) fell back to the model.
  returned: when the model was used
  type: str
  sample: openclaw not found in PATH
schema_version:
  description: OpenClaw version of the schema used (null for a schema file).
  returned: always
  type: str
  sample: 2026.9.6
issues:
  description: "Every problem found, as C(dotted.path: message (hint)). Non-empty only on failure."
  returned: always
  type: list
  elements: str
  sample: ["agents.defaults.sandbox.browser.enableNoVnc: unknown key (renamed to noVncEnabled)"]
warnings_openclaw:
  description: Warnings of the validator (for example a C(${VAR}) that is not set).
  returned: always
  type: list
  elements: str
backup_file:
  description: The backup copy, when O(backup=true) and the file changed.
  returned: when a backup was made
  type: str
"""

import os

from ansible.module_utils.basic import AnsibleModule
from ansible_collections.clawops.openclaw.plugins.module_utils import openclaw_config as core
from ansible_collections.clawops.openclaw.plugins.module_utils.openclaw_cli import OpenClawCLI, OpenClawCLIError


def main():
    module = AnsibleModule(
        argument_spec=dict(
            path=dict(type="path", required=True),
            config=dict(type="dict", default={}),
            secrets=dict(type="dict", default={}, no_log=True),
            state=dict(type="str", choices=["present", "absent"], default="present"),
            paths=dict(type="list", elements="str", default=[]),
            owner=dict(type="str"),
            group=dict(type="str"),
            mode=dict(type="raw", default="0600"),
            backup=dict(type="bool", default=False),
            schema=dict(type="str", default="bundled"),
            validator=dict(type="str", choices=["auto", "openclaw", "model"], default="auto"),
            openclaw_bin=dict(type="str", default="openclaw", aliases=["binary"]),
            container=dict(type="str"),
            container_user=dict(type="str"),
            docker_bin=dict(type="str", default="docker", aliases=["docker_binary"]),
            openclaw_env=dict(type="dict", default={}),
        ),
        required_if=[("state", "absent", ["paths"])],
        supports_check_mode=True,
    )
    p = module.params
    path = p["path"]
    cli = OpenClawCLI(binary=p["openclaw_bin"], container=p["container"], docker_binary=p["docker_bin"],
                      env=dict((k, str(v)) for k, v in p["openclaw_env"].items()), container_user=p["container_user"])
    try:
        exists, current = core.read_config(path)
        patch = dict(p["config"]) if p["state"] == "present" else {}
        if p["state"] == "present":
            for dotted, value in p["secrets"].items():
                patch = core.set_path(patch, dotted, value)
        result, changed = core.plan(current, patch, p["paths"] if p["state"] == "absent" else None)
        schema = core.load_schema(p["schema"], cli)
        verdict = core.validate(result, schema, validator=p["validator"], cli=cli,
                                config_dir=os.path.dirname(path))
    except (core.ConfigError, core.SchemaError, OpenClawCLIError) as exc:
        module.fail_json(msg=str(exc), path=path)

    out = dict(path=path, changed=False, validator=verdict["validator"], schema_version=schema.version,
               issues=verdict["issues"], warnings_openclaw=verdict["warnings"],
               config=core.mask_secrets(result))
    if verdict["fallback_reason"]:
        out["validator_fallback_reason"] = verdict["fallback_reason"]
    if not verdict["valid"]:
        module.fail_json(msg="%s is not a valid OpenClaw %s config (checked by %s):\n%s" % (
            path, schema.version or "", verdict["validator"], "\n".join(verdict["issues"])), **out)

    if changed or not exists:
        out["changed"] = True
        if module._diff:
            out["diff"] = dict(before_header=path, after_header=path,
                               before=core.dumps(core.mask_secrets(current)) if exists else "",
                               after=core.dumps(core.mask_secrets(result)))
        if not module.check_mode:
            if p["backup"] and exists:
                out["backup_file"] = module.backup_local(path)
            try:
                core.atomic_write(path, core.dumps(result), mode=0o600)
            except (IOError, OSError) as exc:
                module.fail_json(msg="cannot write %s: %s" % (path, exc), **out)
    file_args = module.load_file_common_arguments(dict(path=path, owner=p["owner"], group=p["group"], mode=p["mode"]))
    if os.path.exists(path):
        out["changed"] = module.set_fs_attributes_if_different(file_args, out["changed"])
    elif module.check_mode:
        out["changed"] = True
    module.exit_json(**out)


if __name__ == "__main__":
    main()
