# -*- coding: utf-8 -*-
# Copyright: clawops maintainers
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Filter clawops.openclaw.docker_network_problems: the checks live in module_utils/docker_networks.py."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

from ansible_collections.clawops.openclaw.plugins.module_utils.docker_networks import network_problems


class FilterModule(object):
    """Validation filters for Docker network lists."""

    def filters(self):
        return {"docker_network_problems": network_problems}
