#!/usr/bin/env bash
# Makes sure Debian's Python modules for the peer benches are there; installs the missing packages with apt-get.
# Usage: ensure-debian.sh PYTHON PACKAGE:MODULE...   e.g. ensure-debian.sh /usr/bin/python3 python3-torch:torch
set -euo pipefail
python="$1"; shift
missing=()
for spec in "$@"; do
  pkg="${spec%%:*}"; module="${spec#*:}"
  if ! "$python" -c "import $module" 2>/dev/null; then
    missing+=("$pkg")
  fi
done
if (( ${#missing[@]} == 0 )); then
  exit 0
fi
echo "installing ${missing[*]} (apt-get) for $python"
sudo=""
if [[ $(id -u) -ne 0 ]]; then
  command -v sudo >/dev/null || { echo "need root or sudo to install ${missing[*]}" >&2; exit 2; }
  sudo="sudo"
fi
$sudo apt-get install -y -q -o DPkg::Lock::Timeout=300 "${missing[@]}" >&2 \
  || { $sudo apt-get update -q >&2 && $sudo apt-get install -y -q -o DPkg::Lock::Timeout=300 "${missing[@]}" >&2; }
