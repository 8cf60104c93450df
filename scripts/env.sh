# SPDX-License-Identifier: MIT
# Shared by scripts/setup and scripts/in-env: where the environment lives and how it is chosen.
# shellcheck shell=bash

UI_TOP=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
# The Debian 13 root used on hosts whose Qt/KF6 are too old. Kept outside the checkout and reused.
UI_ROOT=${UI_ROOT:-/var/cache/update-inspector/trixie-root}
UI_PACKAGES_FILE="$UI_TOP/scripts/packages.txt"

ui_log() { printf 'update-inspector: %s\n' "$*" >&2; }
ui_die() { ui_log "error: $*"; exit 1; }

ui_wanted_packages() { grep -v -E '^\s*(#|$)' "$UI_PACKAGES_FILE"; }

# Is the host able to build natively? Qt >= 6.8 and KF6 SyntaxHighlighting from its own apt.
ui_host_is_native() {
  [ "${UI_FORCE_ROOT:-0}" = 1 ] && return 1
  command -v apt-cache >/dev/null || return 1
  local qt kf
  qt=$(apt-cache policy qt6-base-dev 2>/dev/null | awk '/Candidate:/ {print $2}')
  kf=$(apt-cache policy libkf6syntaxhighlighting-dev 2>/dev/null | awk '/Candidate:/ {print $2}')
  [ -n "$qt" ] && [ "$qt" != "(none)" ] && [ -n "$kf" ] && [ "$kf" != "(none)" ] || return 1
  dpkg --compare-versions "${qt#*:}" ge 6.8
}

ui_mode() {
  if [ -f "$UI_ROOT/.ui-ready" ] && [ "${UI_FORCE_NATIVE:-0}" != 1 ]; then echo root; return; fi
  if ui_host_is_native; then echo native; else echo root; fi
}

# The host's Debian mirror (main archive and security), read from its apt configuration.
# UI_DEBIAN_MIRROR / UI_DEBIAN_SECURITY_MIRROR override.
ui_apt_uris() {
  {
    cat /etc/apt/sources.list /etc/apt/sources.list.d/*.list 2>/dev/null |
      awk '$1 == "deb" { for (i = 2; i <= NF; i++) if ($i ~ /^[a-z+]+:\/\//) { print $i; break } }'
    cat /etc/apt/sources.list.d/*.sources 2>/dev/null | awk 'tolower($1) == "uris:" { for (i = 2; i <= NF; i++) print $i }'
  } | sed 's:/*$::'
}
ui_debian_mirror() {
  if [ -n "${UI_DEBIAN_MIRROR:-}" ]; then echo "$UI_DEBIAN_MIRROR"; return; fi
  ui_apt_uris | grep -E '/debian$' | head -n 1
}
ui_debian_security_mirror() {
  if [ -n "${UI_DEBIAN_SECURITY_MIRROR:-}" ]; then echo "$UI_DEBIAN_SECURITY_MIRROR"; return; fi
  ui_apt_uris | grep -E '/debian-security$' | head -n 1
}

ui_need_root() {
  if [ "$(id -u)" != 0 ]; then
    command -v sudo >/dev/null || ui_die "run as root (or install sudo)"
    exec sudo -E "$@"
  fi
}
