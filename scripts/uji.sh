#!/usr/bin/env bash
# Set up everything the test suite needs on a fresh Debian/Ubuntu machine, then run it.
# Debian packages: LibreOffice (headless PDF, and the staff's program driven through UNO by the
# tests: python3-uno; Writer for the Word documents), poppler (PDF text), Carlito (Calibri metrics).
set -euo pipefail
cd "$(dirname "$0")/.."
pkgs="libreoffice-calc-nogui libreoffice-writer-nogui python3-uno poppler-utils fonts-crosextra-carlito"
missing=""
for p in $pkgs; do dpkg -s "$p" >/dev/null 2>&1 || missing="$missing $p"; done
if [ -n "$missing" ]; then
  sudo_cmd=""; [ "$(id -u)" -ne 0 ] && sudo_cmd="sudo"
  $sudo_cmd apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y -qq --no-install-recommends $missing >/dev/null
fi
[ -x .venv/bin/python ] || python3 -m venv .venv
.venv/bin/pip install -q --disable-pip-version-check -e '.[dev]'
# Two workers: each LibreOffice run of one overlaps the Python work of the other.
exec .venv/bin/python -m pytest -q -p no:cacheprovider -n 2 --durations=15 "$@"
