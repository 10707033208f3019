# -*- coding: utf-8 -*-
# Copyright: clawops maintainers
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Quote a value for a Docker Compose ``.env`` file so compose reads back exactly that value."""
from __future__ import absolute_import, division, print_function

__metaclass__ = type

from ansible.errors import AnsibleFilterError


def dotenv_quote(value):
    """Single quotes keep everything literal (no interpolation, no escapes) and are used whenever the
    value has no single quote; otherwise double quotes with ``\\``, ``"`` and ``$`` escaped."""
    text = "" if value is None else str(value)
    if "\n" in text or "\r" in text:
        raise AnsibleFilterError("dotenv_quote: a .env value cannot contain a line break")
    if "'" not in text:
        return "'%s'" % text
    escaped = text.replace("\\", "\\\\").replace('"', '\\"').replace("$", "\\$")
    return '"%s"' % escaped


class FilterModule(object):
    def filters(self):
        return {"dotenv_quote": dotenv_quote}
