#!/usr/bin/env bash
# Set up everything jingwang needs on this machine: system packages (when root, else print the
# command), a local virtualenv in .venv with the project and its test tools.
#   scripts/setup.sh            # runtime: CJK fonts, Qt runtime libraries
#   scripts/setup.sh --test     # also xvfb, PostgreSQL server and Chromium (web field client) for the tests
set -euo pipefail
cd "$(dirname "$0")/.."

want_test=0
[ "${1:-}" = "--test" ] && want_test=1

packages=(fonts-noto-cjk libegl1 libgl1 libfontconfig1 libdbus-1-3 libxkbcommon0 libxkbcommon-x11-0
          libxcb-cursor0 libxcb-icccm4 libxcb-keysyms1 libxcb-image0 libxcb-render-util0 libxcb-xinerama0
          libxcb-randr0 libxcb-shape0 libxcb-xfixes0 libxcb-xkb1 libpulse0)
[ $want_test = 1 ] && packages+=(xvfb postgresql chromium)

missing=()
if command -v dpkg >/dev/null 2>&1; then
  for pkg in "${packages[@]}"; do
    dpkg -s "$pkg" >/dev/null 2>&1 || missing+=("$pkg")
  done
fi
if [ ${#missing[@]} -gt 0 ]; then
  if [ "$(id -u)" = 0 ]; then
    echo "setup: installing system packages: ${missing[*]}"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq
    apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  else
    echo "setup: missing system packages; run:" >&2
    echo "  sudo apt-get install -y ${missing[*]}" >&2
    exit 1
  fi
fi

python=${PYTHON:-python3}
if [ ! -x .venv/bin/python ]; then
  echo "setup: creating .venv with $($python --version)"
  "$python" -m venv .venv
fi
stamp=.venv/.installed-$(cat pyproject.toml | sha1sum | cut -c1-12)-$want_test
if [ ! -f "$stamp" ] && [ ! -f "${stamp%-*}-1" ]; then  # a test install serves the runtime too
  .venv/bin/python -m pip install -q --upgrade pip
  if [ $want_test = 1 ]; then
    .venv/bin/python -m pip install -q -e ".[test]"
  else
    .venv/bin/python -m pip install -q -e .
  fi
  rm -f .venv/.installed-*
  touch "$stamp"
fi
.venv/bin/python -m console.ui.i18n.catalogue release >/dev/null  # the English .qm from the committed .ts
echo "setup: ready (.venv/bin/jingwang)"
