#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: clawops maintainers
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r"""
---
module: openclaw_device
short_description: List, approve, reject or remove OpenClaw device pairing requests
version_added: "0.1.0"
description:
  - Devices (browsers, apps, nodes) that reach an OpenClaw gateway from outside the host are held with
    C(pairing required) until an operator approves them. This module does that through the gateway's own CLI,
    C(openclaw devices list|approve|reject|remove --json), run on the managed host or, with O(container), inside
    the gateway container with C(docker exec).
  - Every run first lists the gateway's pending requests and paired devices and returns both;
    M(clawops.openclaw.openclaw_device_info) is the read-only form.
  - Selects what to act on with O(request_id), O(latest), and the match options O(device_id), O(client_id),
    O(display_name), O(role), O(remote_ip) (combined with AND). Exactly one request must match unless
    O(latest=true) (the newest match) or O(all=true) (every match).
  - Idempotent for devices - with O(state=approved), when no pending request matches but a paired device
    matches the match options, the result is ok (not changed). A request id names one request and ceases to
    exist once approved, rejected or expired, so approving the same O(request_id) twice fails the second time
    with the unknown-request error; select by device (for example O(device_id) or O(remote_ip)) for a task
    that must be re-runnable.
  - Fails with a distinct message for an unknown or expired request, several matching requests, an
    unreachable gateway, a wrong token, and a missing or stopped container.
author:
  - clawops maintainers (@clawops)
options:
  state:
    description:
      - V(approved) approves the selected pending request(s); V(rejected) rejects them; V(removed) unpairs the
        selected paired device(s) (matched on the paired list; O(request_id) does not apply).
    type: str
    choices: [approved, rejected, removed]
    default: approved
  request_id:
    description:
      - The pending request's id, as shown by M(clawops.openclaw.openclaw_device_info) or C(openclaw devices list).
      - A request that is not pending (unknown, already approved or rejected, or expired after 5 minutes) fails.
    type: str
  latest:
    description:
      - Pick the newest of the matching pending requests (for O(state=removed), the most recently approved
        matching device). With no match option, the newest pending request overall.
    type: bool
    default: false
  all:
    description:
      - Act on every match instead of requiring exactly one. With no match option, every pending request.
      - No match is then ok, not a failure.
    type: bool
    default: false
  device_id:
    description: Match the device id (hex SHA-256 of the device's public key).
    type: str
  client_id:
    description: Match the client id the device announced (for example V(openclaw-control-ui), V(openclaw-ios)).
    type: str
  display_name:
    description: Match the display name the device announced (exact, case-sensitive).
    type: str
  role:
    description: Match a requested role (V(operator) or V(node)).
    type: str
  remote_ip:
    description:
      - Match the address the request came from, as recorded by the gateway. An address (compared as an
        address, so C(::ffff:203.0.113.7) equals C(203.0.113.7)) or a CIDR network such as C(203.0.113.0/24).
      - Behind a reverse proxy the gateway records the client's address only for proxies listed in its
        C(gateway.trustedProxies).
    type: str
notes:
  - Supports check mode - the lists are read and the selection is made, nothing is approved, rejected or removed,
    and RV(selected) shows what would be.
  - Pending requests expire after 5 minutes; the device then has to connect again to create a new one.
extends_documentation_fragment:
  - clawops.openclaw.openclaw_cli
  - ansible.builtin.action_common_attributes
attributes:
  check_mode:
    support: full
  diff_mode:
    support: none
  platform:
    platforms: posix
seealso:
  - name: OpenClaw devices CLI
    description: The C(openclaw devices) command this module drives.
    link: https://docs.openclaw.ai/cli/devices
"""

EXAMPLES = r"""
- name: Show pending pairing requests on the gateway
  clawops.openclaw.openclaw_device_info:
    container: openclaw-gateway
  register: devices

- name: Print them as a table
  ansible.builtin.debug:
    msg: "{{ devices.pending_table }}"

- name: Approve one request by id
  clawops.openclaw.openclaw_device:
    request_id: 3f1c2a9e-5d1b-4a8e-9f0a-1b2c3d4e5f60
    container: openclaw-gateway

- name: Approve the newest request from the office network (re-runnable - ok once the device is paired)
  clawops.openclaw.openclaw_device:
    latest: true
    remote_ip: 198.51.100.0/24
    container: openclaw-gateway

- name: Reject every pending request from one address
  clawops.openclaw.openclaw_device:
    state: rejected
    remote_ip: 203.0.113.50
    all: true
    container: openclaw-gateway

- name: Unpair a lost phone
  clawops.openclaw.openclaw_device:
    state: removed
    display_name: Ana's iPhone
    container: openclaw-gateway

- name: Against a gateway reached over the network, with the local CLI
  clawops.openclaw.openclaw_device:
    request_id: "{{ request_id }}"
    url: ws://127.0.0.1:18789
    token: "{{ vault_openclaw_gateway_token }}"
"""

RETURN = r"""
pending:
  description:
    - The gateway's pending requests after the task (as printed by C(openclaw devices list --json)).
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
  description: The gateway's paired devices after the task (device tokens are summarised by the CLI, never included).
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
selected:
  description:
    - The pending requests approved or rejected (paired devices removed) by this task; in check mode, those
      that would be. Empty when nothing had to change.
  returned: always
  type: list
  elements: dict
already_paired:
  description: With O(state=approved), the paired devices that matched when no pending request did (nothing to do).
  returned: always
  type: list
  elements: dict
results:
  description: The CLI's JSON answer for each action taken (for approve, C(requestId) and the paired C(device)).
  returned: always
  type: list
  elements: dict
state:
  description: The state the task applied.
  returned: always
  type: str
msg:
  description: What happened, in one line.
  returned: always
  type: str
  sample: "approved: 3f1c2a9e-5d1b-4a8e-9f0a-1b2c3d4e5f60 (Ana's laptop, client openclaw-control-ui, role operator, ip 203.0.113.5, 12s ago)"
"""

from ansible.module_utils.basic import AnsibleModule
from ansible_collections.clawops.openclaw.plugins.module_utils.openclaw_device import (
    CLI_ARGUMENT_SPEC,
    STATES,
    DeviceError,
    run,
)


def main():
    module = AnsibleModule(
        argument_spec=dict(
            state=dict(type="str", default="approved", choices=[s for s in STATES if s != "list"]),
            request_id=dict(type="str"),
            latest=dict(type="bool", default=False),
            all=dict(type="bool", default=False),
            device_id=dict(type="str"),
            client_id=dict(type="str"),
            display_name=dict(type="str"),
            role=dict(type="str"),
            remote_ip=dict(type="str"),
            **CLI_ARGUMENT_SPEC
        ),
        supports_check_mode=True,
    )
    try:
        result = run(module.params, check_mode=module.check_mode)
    except DeviceError as exc:
        module.fail_json(msg=exc.msg, kind=exc.kind, **exc.details)
    module.exit_json(**result)


if __name__ == "__main__":
    main()
