#!/usr/bin/env bash
# Fetches the data sets that can be fetched on this machine:
#   fashion-mnist  apt-get install -y dataset-fashion-mnist  (files in /usr/share/datasets/fashion-mnist)
#   emoji          npm pack emoji-datasource{,-apple,-google,-twitter,-facebook}@16.0.0, only emoji.json and
#                  img/<vendor>/64/ unpacked into <root>/emoji
# Usage: fetch-datasets.sh [fashion-mnist|emoji|all] [--root DIR]     (default: all, root ${HDC_DATA_ROOT:-./data})
# Idempotent: a data set already in place is skipped. Tarballs are kept in ${HDC_CACHE_DIR:-~/.cache/hdc}/npm;
# HDC_EMOJI_TGZ_DIR may name a folder that already holds the five .tgz files (then npm is not needed).
set -euo pipefail

EMOJI_VERSION=16.0.0
EMOJI_VENDORS=(apple google twitter facebook)
FASHION_SYSTEM_DIR=${HDC_FASHION_MNIST_SYSTEM_DIR:-/usr/share/datasets/fashion-mnist}
FASHION_FILES=(train-images-idx3-ubyte.gz train-labels-idx1-ubyte.gz t10k-images-idx3-ubyte.gz t10k-labels-idx1-ubyte.gz)

die() { echo "fetch-datasets: error: $*" >&2; exit 1; }
say() { echo "fetch-datasets: $*"; }
usage() { echo "usage: $0 [fashion-mnist|emoji|all] [--root DIR]" >&2; exit 2; }

target=all
root=${HDC_DATA_ROOT:-./data}
while [ $# -gt 0 ]; do
  case "$1" in
    fashion-mnist|emoji|all) target=$1 ;;
    --root) [ $# -ge 2 ] || usage; root=$2; shift ;;
    --root=*) root=${1#--root=} ;;
    -h|--help) usage ;;
    *) echo "fetch-datasets: unknown argument '$1'" >&2; usage ;;
  esac
  shift
done

has_all_files() { # dir file...
  local dir=$1; shift
  for f in "$@"; do [ -s "$dir/$f" ] || return 1; done
}

fetch_fashion_mnist() {
  local dir
  for dir in "$root/fashion-mnist" "$FASHION_SYSTEM_DIR"; do
    if has_all_files "$dir" "${FASHION_FILES[@]}"; then
      say "fashion-mnist: present in $dir, skipping"
      return 0
    fi
  done
  command -v apt-get >/dev/null || die "fashion-mnist: no apt-get here; copy ${FASHION_FILES[*]} from github.com/zalandoresearch/fashion-mnist into $root/fashion-mnist"
  local sudo=""
  if [ "$(id -u)" -ne 0 ]; then
    command -v sudo >/dev/null || die "fashion-mnist: apt-get needs root; run as root: apt-get install -y dataset-fashion-mnist"
    sudo=sudo
  fi
  say "fashion-mnist: apt-get install -y dataset-fashion-mnist"
  if ! $sudo apt-get install -y dataset-fashion-mnist; then
    say "fashion-mnist: install failed, refreshing the package lists (apt-get update) and retrying"
    $sudo apt-get update || die "fashion-mnist: apt-get update failed"
    $sudo apt-get install -y dataset-fashion-mnist || die "fashion-mnist: apt-get install -y dataset-fashion-mnist failed"
  fi
  has_all_files "$FASHION_SYSTEM_DIR" "${FASHION_FILES[@]}" \
    || die "fashion-mnist: the package installed but $FASHION_SYSTEM_DIR lacks ${FASHION_FILES[*]}"
  say "fashion-mnist: ready in $FASHION_SYSTEM_DIR"
}

emoji_present() {
  local dir=$1 vendor
  [ -s "$dir/emoji.json" ] || return 1
  for vendor in "${EMOJI_VENDORS[@]}"; do
    [ -n "$(ls -A "$dir/img/$vendor/64" 2>/dev/null | head -n 1)" ] || return 1
  done
}

# Prints the path of <package>-16.0.0.tgz, downloading it with npm pack into the cache when needed.
emoji_tarball() {
  local pkg=$1 file="$1-$EMOJI_VERSION.tgz" cache=${HDC_CACHE_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/hdc}/npm
  if [ -n "${HDC_EMOJI_TGZ_DIR:-}" ] && [ -s "$HDC_EMOJI_TGZ_DIR/$file" ]; then
    echo "$HDC_EMOJI_TGZ_DIR/$file"; return 0
  fi
  if [ ! -s "$cache/$file" ]; then
    command -v npm >/dev/null || die "emoji: npm is needed to download $pkg@$EMOJI_VERSION (apt-get install -y npm)"
    mkdir -p "$cache"
    say "emoji: npm pack $pkg@$EMOJI_VERSION into $cache" >&2
    (cd "$cache" && npm pack --silent "$pkg@$EMOJI_VERSION" >/dev/null) || die "emoji: npm pack $pkg@$EMOJI_VERSION failed"
    [ -s "$cache/$file" ] || die "emoji: npm pack did not produce $cache/$file"
  fi
  echo "$cache/$file"
}

fetch_emoji() {
  local dest="$root/emoji" tgz vendor
  if emoji_present "$dest"; then
    say "emoji: present in $dest, skipping"
    return 0
  fi
  command -v tar >/dev/null || die "emoji: tar is needed"
  mkdir -p "$root"
  # Unpack into a fresh folder beside the destination and move it into place at the end, so that an interrupted
  # run never leaves a half-filled folder that a later run would take as present.
  local staging
  staging=$(mktemp -d "$root/.emoji-partial.XXXXXX")
  trap 'rm -rf "$staging"' EXIT
  tgz=$(emoji_tarball emoji-datasource)
  say "emoji: unpacking emoji.json from $tgz"
  tar xzf "$tgz" -C "$staging" --strip-components=1 package/emoji.json || die "emoji: cannot unpack emoji.json from $tgz"
  for vendor in "${EMOJI_VENDORS[@]}"; do
    tgz=$(emoji_tarball "emoji-datasource-$vendor")
    say "emoji: unpacking img/$vendor/64 from $tgz"
    tar xzf "$tgz" -C "$staging" --strip-components=1 --wildcards "package/img/*/64/*" \
      || die "emoji: cannot unpack img/$vendor/64 from $tgz"
  done
  emoji_present "$staging" || die "emoji: the tarballs did not contain emoji.json and img/<vendor>/64 for ${EMOJI_VENDORS[*]}"
  rm -rf "$dest"
  mv "$staging" "$dest"
  trap - EXIT
  say "emoji: ready in $dest ($(find "$dest/img" -name '*.png' | wc -l) images)"
}

case "$target" in
  fashion-mnist) fetch_fashion_mnist ;;
  emoji) fetch_emoji ;;
  all) fetch_fashion_mnist; fetch_emoji ;;
esac
