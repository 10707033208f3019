# -*- coding: utf-8 -*-
# Copyright: clawops maintainers
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Checks on a list of Docker network definitions that argument specs cannot express.

Every problem is reported with the path of the offending value (``docker_networks_list[1].subnet``) so the
user knows which entry of which variable to fix.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import ipaddress


def _network(value):
    """Parse a CIDR strictly (host bits must be zero); return (network, None) or (None, reason)."""
    if not isinstance(value, str) or "/" not in value:
        return None, "is not a CIDR (expected address/prefix, e.g. 172.30.0.0/24)"
    try:
        return ipaddress.ip_network(value, strict=True), None
    except ValueError as exc:
        return None, "is not a valid CIDR (%s)" % exc


def network_problems(networks, var_name="networks"):
    """Return a list of human-readable problems in ``networks`` (a list of dicts); empty when valid.

    Checks: each entry is a mapping with a non-empty ``name``; names are unique; ``subnet`` is a valid CIDR
    with no host bits set; subnets do not overlap; an optional ``gateway`` is an address inside its subnet.
    """
    if not isinstance(networks, list):
        return ["%s: must be a list, got %s" % (var_name, type(networks).__name__)]
    problems = []
    seen_names = {}
    subnets = []
    for index, entry in enumerate(networks):
        where = "%s[%d]" % (var_name, index)
        if not isinstance(entry, dict):
            problems.append("%s: must be a mapping with name and subnet" % where)
            continue
        name = entry.get("name")
        if not isinstance(name, str) or not name.strip():
            problems.append("%s.name: missing or empty" % where)
        elif name in seen_names:
            problems.append("%s.name: duplicate network name %r (already %s[%d].name)"
                            % (where, name, var_name, seen_names[name]))
        else:
            seen_names[name] = index
        subnet, reason = _network(entry.get("subnet"))
        if reason:
            problems.append("%s.subnet: %r %s" % (where, entry.get("subnet"), reason))
            continue
        for other_index, other in subnets:
            if subnet.version == other.version and subnet.overlaps(other):
                problems.append("%s.subnet: %s overlaps %s[%d].subnet %s" % (where, subnet, var_name, other_index, other))
        subnets.append((index, subnet))
        gateway = entry.get("gateway")
        if gateway not in (None, ""):
            try:
                address = ipaddress.ip_address(gateway)
            except ValueError:
                problems.append("%s.gateway: %r is not an IP address" % (where, gateway))
                continue
            if address not in subnet:
                problems.append("%s.gateway: %s is outside subnet %s" % (where, address, subnet))
    return problems
