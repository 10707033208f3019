# -*- coding: utf-8 -*-
# Copyright: clawops maintainers
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
from __future__ import absolute_import, division, print_function

__metaclass__ = type


class ModuleDocFragment(object):
    # How the device modules reach the gateway's CLI: on the host or inside the gateway container.
    DOCUMENTATION = r"""
options:
  container:
    description:
      - Run the CLI inside this container with C(docker exec) (the gateway container, for example
        V(openclaw-gateway)). The CLI then uses the container's own config and environment to find the gateway.
      - Unset, the CLI runs on the managed host.
    type: str
  container_user:
    description: User for C(docker exec -u); unset, the image's user.
    type: str
  docker_binary:
    description: The Docker client on the managed host (name in PATH or path).
    type: str
    default: docker
  binary:
    description:
      - The OpenClaw CLI - on the managed host, or inside O(container) when that is set.
    type: str
    default: openclaw
  url:
    description:
      - Gateway WebSocket URL (for example V(ws://127.0.0.1:18789)), passed as E(OPENCLAW_GATEWAY_URL).
      - Unset, the CLI uses its configured gateway (C(gateway.port) on loopback). When set, O(token) is
        required, because the CLI does not reuse configured credentials for an explicit URL.
    type: str
  token:
    description:
      - The gateway's shared token (C(gateway.auth.token)). Passed to the CLI only as the environment
        variable E(OPENCLAW_GATEWAY_TOKEN) (in container mode as C(docker exec -e OPENCLAW_GATEWAY_TOKEN), name
        only, value taken from the docker client's environment) - never on a command line, never returned.
      - Unset, the CLI uses the token from its environment or config (the gateway container has its own).
    type: str
  timeout:
    description: Seconds the CLI waits for the gateway per call.
    type: int
    default: 30
"""
