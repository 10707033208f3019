#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: clawops maintainers
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r"""
---
module: openclaw_device_info
short_description: List an OpenClaw gateway's pending pairing requests and paired devices
version_added: "0.1.0"
description:
  - Reads C(openclaw devices list --json) through the gateway's own CLI, on the managed host or inside the
    gateway container, and returns the pending requests, the paired devices and a printable table.
  - Changes nothing. Approve, reject or remove with M(clawops.openclaw.openclaw_device).
  - Fails with a distinct message for an unreachable gateway, a wrong token, and a missing or stopped container.
author:
  - clawops maintainers (@clawops)
extends_documentation_fragment:
  - clawops.openclaw.openclaw_cli
  - ansible.builtin.action_common_attributes
attributes:
  check_mode:
    support: full
    details: Read-only; the same in check mode.
  diff_mode:
    support: none
  platform:
    platforms: posix
"""

EXAMPLES = r"""
- name: Read the gateway's pairing state
  clawops.openclaw.openclaw_device_info:
    container: openclaw-gateway
    container_user: node
  register: devices

- name: Print the pending requests
  ansible.builtin.debug:
    msg: "{{ devices.pending_table }}"
"""

RETURN = r"""
pending:
  description:
    - The gateway's pending requests (as printed by C(openclaw devices list --json)).
  returned: always
  type: list
  elements: dict
  sample:
    - requestId: 3f1c2a9e-5d1b-4a8e-9f0a-1b2c3d4e5f60
      deviceId: d0c5641227dc2e6764019aac574c2eb17ceb5f96d8427e0a3ba168f78bdd45dd
      displayName: Ana's laptop
      clientId: openclaw-control-ui
      clientMode: ui
      role: operator
      roles: [operator]
      scopes: [operator.read]
      remoteIp: 203.0.113.5
      ts: 1795259150531
paired:
  description: The gateway's paired devices (device tokens are summarised by the CLI, never included).
  returned: always
  type: list
  elements: dict
pending_table:
  description: The pending requests as aligned text lines (header first, newest first), for C(debug) output.
  returned: always
  type: list
  elements: str
  sample:
    - "REQUEST ID                            NAME          CLIENT               ROLE      REMOTE IP    AGE"
    - "3f1c2a9e-5d1b-4a8e-9f0a-1b2c3d4e5f60  Ana's laptop  openclaw-control-ui  operator  203.0.113.5  12s ago"
msg:
  description: How many pending requests and paired devices there are.
  returned: always
  type: str
"""

from ansible.module_utils.basic import AnsibleModule
from ansible_collections.clawops.openclaw.plugins.module_utils.openclaw_device import CLI_ARGUMENT_SPEC, DeviceError, run


def main():
    module = AnsibleModule(argument_spec=dict(CLI_ARGUMENT_SPEC), supports_check_mode=True)
    try:
        result = run(dict(module.params, state="list"), check_mode=module.check_mode)
    except DeviceError as exc:
        module.fail_json(msg=exc.msg, kind=exc.kind, **exc.details)
    result["changed"] = False
    module.exit_json(**result)


if __name__ == "__main__":
    main()
