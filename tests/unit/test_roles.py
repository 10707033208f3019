"""Every role's defaults/main.yml and meta/argument_specs.yml describe the same interface."""
import pathlib

import pytest
import yaml

ROLES = sorted(p.parent.parent for p in pathlib.Path(__file__).resolve().parents[2].glob("roles/*/meta/argument_specs.yml"))


def _load(path):
    return yaml.safe_load(path.read_text()) if path.exists() else {}


@pytest.mark.parametrize("role", ROLES, ids=lambda p: p.name)
def test_defaults_and_argument_specs_agree(role):
    defaults = _load(role / "defaults" / "main.yml") or {}
    options = _load(role / "meta" / "argument_specs.yml")["argument_specs"]["main"]["options"]
    assert set(defaults) - set(options) == set(), "defaults without an argument spec"
    for name, opt in options.items():
        assert name.startswith(role.name + "_"), f"{name} is not prefixed with the role name"
        assert opt.get("description"), f"{name} has no description"
        if opt.get("required"):
            assert name not in defaults, f"{name} is required but has a default"
            continue
        assert name in defaults, f"{name} is in the argument spec but not in defaults/main.yml"
        assert opt.get("default") == defaults[name], f"{name}: spec default {opt.get('default')!r} != defaults {defaults[name]!r}"


def test_role_readmes_are_generated_from_the_specs():
    import subprocess
    import sys
    script = pathlib.Path(__file__).resolve().parents[2] / "scripts" / "role-docs.py"
    proc = subprocess.run([sys.executable, str(script), "--check"], capture_output=True, text=True, check=False)
    assert proc.returncode == 0, proc.stdout + proc.stderr
