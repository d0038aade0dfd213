#!/usr/bin/env bash
# Builds a pretrained TorchScript trunk (one output per stage) from the Keras models in the npm package nsfwjs@4.4.0
# (MIT; ImageNet weights fine-tuned for image moderation, uint8-quantised), with the project's own converter:
#   mobilenet-v2  stages block_5_add, block_12_add, out_relu   (32 / 96 / 1280 channels, 2.2 M parameters)
#   inception-v3  stages mixed2, mixed7, mixed10               (288 / 768 / 2048 channels, 21.8 M parameters)
# Usage: fetch-trunk.sh mobilenet-v2|inception-v3 [--out FILE] [--outputs a,b,c] [--bn-momentum M] [--force]
# Default FILE: ${HDC_DATA_ROOT:-./data}/trunks/<name>.pt. Idempotent: an existing FILE is kept unless --force.
# Needs npm and node (the package's modules are read with require) and, at set-up only, Debian's python3-torch
# (installed with apt-get when missing); the service loads the .pt with DJL and never runs Python.
# The weights belong to their authors: do not commit or redistribute the trunk; fetch it where it is used.
set -euo pipefail

NSFWJS_VERSION=4.4.0
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
PYTHON=/usr/bin/python3

die() { echo "fetch-trunk: error: $*" >&2; exit 1; }
say() { echo "fetch-trunk: $*"; }
usage() { echo "usage: $0 mobilenet-v2|inception-v3 [--out FILE] [--outputs a,b,c] [--bn-momentum M] [--force]" >&2; exit 2; }

[ $# -ge 1 ] || usage
name=$1; shift
case "$name" in
  mobilenet-v2) model_dir=mobilenet_v2; outputs=block_5_add,block_12_add,out_relu ;;
  inception-v3) model_dir=inception_v3; outputs=mixed2,mixed7,mixed10 ;;
  -h|--help) usage ;;
  *) echo "fetch-trunk: unknown trunk '$name' (known: mobilenet-v2, inception-v3)" >&2; exit 2 ;;
esac
out="${HDC_DATA_ROOT:-./data}/trunks/$name.pt"
bn_momentum=0.1
force=false
while [ $# -gt 0 ]; do
  case "$1" in
    --out) [ $# -ge 2 ] || usage; out=$2; shift ;;
    --outputs) [ $# -ge 2 ] || usage; outputs=$2; shift ;;
    --bn-momentum) [ $# -ge 2 ] || usage; bn_momentum=$2; shift ;;
    --force) force=true ;;
    *) echo "fetch-trunk: unknown argument '$1'" >&2; usage ;;
  esac
  shift
done

if [ -s "$out" ] && [ "$force" = false ]; then
  say "$name: present at $out, skipping (--force rebuilds it)"
  exit 0
fi

command -v node >/dev/null || die "node is needed to read the npm package's modules (apt-get install -y nodejs)"
if ! "$PYTHON" -c 'import torch, numpy' 2>/dev/null; then
  command -v apt-get >/dev/null || die "$PYTHON lacks torch and numpy, and there is no apt-get: install python3-torch"
  sudo=""
  if [ "$(id -u)" -ne 0 ]; then
    command -v sudo >/dev/null || die "apt-get needs root; run as root: apt-get install -y python3-torch python3-numpy"
    sudo=sudo
  fi
  say "installing the converter's Python packages (set-up only): apt-get install -y python3-torch python3-numpy"
  $sudo apt-get install -y -o DPkg::Lock::Timeout=300 python3-torch python3-numpy \
    || die "apt-get install -y python3-torch python3-numpy failed"
fi

cache=${HDC_CACHE_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/hdc}/npm
tgz="$cache/nsfwjs-$NSFWJS_VERSION.tgz"
if [ ! -s "$tgz" ]; then
  command -v npm >/dev/null || die "npm is needed to download nsfwjs@$NSFWJS_VERSION (apt-get install -y npm)"
  mkdir -p "$cache"
  say "npm pack nsfwjs@$NSFWJS_VERSION into $cache (25 MB)"
  (cd "$cache" && npm pack --silent "nsfwjs@$NSFWJS_VERSION" >/dev/null) || die "npm pack nsfwjs@$NSFWJS_VERSION failed"
  [ -s "$tgz" ] || die "npm pack did not produce $tgz"
fi

work=$(mktemp -d "${TMPDIR:-/tmp}/hdc-trunk-XXXXXX")
trap 'rm -rf "$work"' EXIT
tar -xzf "$tgz" -C "$work" "package/dist/models/$model_dir" || die "$tgz has no dist/models/$model_dir"
node "$HERE/trunk/extract-tfjs.js" "$work/package/dist/models/$model_dir" "$work/extracted"
say "$name: converting (outputs $outputs, BatchNorm momentum $bn_momentum)"
"$PYTHON" "$HERE/trunk/keras_to_torchscript.py" --model "$work/extracted/model.json" \
  --weights "$work/extracted/weights.bin" --outputs "$outputs" --bn-momentum "$bn_momentum" --out "$out"
say "$name: ready at $out (train with --set trunk=$out, or trunk=... in a TrainConfig)"
