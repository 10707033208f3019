#!/usr/bin/env bash
# ansible-test sanity (and units) for the collection's plugins. ansible-test wants a real
# ansible_collections/<ns>/<name> tree (no symlinks), so the tracked files are copied into
# .cache/sanity/ansible_collections/clawops/openclaw first. Sanity tools go into ansible-test's own
# pinned virtualenvs (--venv, installed from PyPI).
set -euo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd)
dest=$repo/.cache/sanity/ansible_collections/clawops/openclaw
python=${SANITY_PYTHON:-3.11}
# ansible-test bootstraps pip in each sanity venv with a get-pip script from a host that is not
# reachable here; the documented workaround is a script in its cache: ours runs pip from the pip wheel
# (same version, fetched from PyPI with the ordinary client).
pip_version=$("$repo/.venv/bin/python" -c '
from ansible_test._internal.python_requirements import get_venv_packages
from ansible_test._internal.host_configs import NativePythonConfig
print(get_venv_packages(NativePythonConfig(version="'"$python"'", path="/usr/bin/python3"))["pip"])')
cache=$HOME/.ansible/test/cache
getpip=$cache/get_pip_${pip_version//./_}.py
if [ ! -f "$getpip" ]; then
  mkdir -p "$cache"
  "$repo/.venv/bin/pip" download -q --no-deps --only-binary :all: -d "$cache" "pip==$pip_version"
  cat > "$getpip" <<PY
# Stand-in for get-pip.py (written by clawops scripts/sanity.sh): pip install from the local pip wheel.
import os, sys
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "pip-$pip_version-py3-none-any.whl"))
from pip._internal.cli.main import main
args = [a for a in sys.argv[1:] if a not in ("--no-setuptools", "--no-wheel")]
sys.exit(main(["install", "--upgrade", "--force-reinstall"] + args))
PY
fi
rm -rf "$dest"; mkdir -p "$dest"
# Only what git tracks or would track (no caches, no venv), copied as real files.
(cd "$repo" && git ls-files -co --exclude-standard -z | xargs -0 -I{} cp --parents -P {} "$dest/" 2>/dev/null || true)
cd "$dest"
git init -q . && git add -A >/dev/null 2>&1   # ansible-test lists files through git
export ANSIBLE_COLLECTIONS_PATH=$repo/.cache/sanity
targets=("$@")
[ ${#targets[@]} -gt 0 ] || targets=(plugins/)
"$repo/.venv/bin/ansible-test" sanity --venv --python "$python" --color no "${targets[@]}"
# ansible-test units: the plugin unit tests that need no repo tooling (extra pins: tests/unit/requirements.txt).
# shellcheck disable=SC2086
"$repo/.venv/bin/ansible-test" units --venv --python "$python" --color no ${SANITY_UNITS:-tests/unit/test_openclaw_config.py tests/unit/test_openclaw_device.py tests/unit/test_docker_networks.py}
