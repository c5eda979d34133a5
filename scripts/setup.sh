#!/usr/bin/env bash
# Sets up a fresh Debian/Ubuntu machine for Tavs: system packages, then npm packages.
# Idempotent: safe to run again. Needs root or sudo for apt-get.
set -euo pipefail
cd "$(dirname "$0")/.."

# Debian packages the tests and the demo run on (DESIGN.md §5): Chromium for the UI, fonts so
# screenshots are legible, Kamailio (with WebSocket support) as the SIP server and rtpengine
# as the provider's media anchor (the stack starts them itself on 127.0.0.1 with its own config),
# gnome-keyring on a private D-Bus session as the OS keychain holding the store key,
# PostgreSQL, which the hub's tests run on beside the embedded PGlite (each test run starts its
# own throwaway server on 127.0.0.1; the package's own cluster is not used), and faketime,
# which runs a workstation with its clock an hour off in the sync fault tests.
APT_PACKAGES=(chromium fonts-dejavu-core kamailio kamailio-websocket-modules rtpengine-daemon gnome-keyring dbus postgresql faketime)

missing=()
for package in "${APT_PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" || missing+=("$package")
done
if ((${#missing[@]})); then
  sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo"
  echo "setup: installing ${missing[*]}"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi

# Electron's binary is fetched on first `npm start`, not at install, so this works where it
# cannot be downloaded. Install scripts run only for the packages listed in package.json.
if [ ! -d node_modules ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  npm ci --no-audit --no-fund
fi
