#!/usr/bin/env bash
# Runs COMMAND… inside a private D-Bus session with gnome-keyring's Secret Service running and
# unlocked, on a throw-away keyring directory: the real OS keychain the store's tests and
# benchmark use (DESIGN.md §5). The command's exit status is this script's.
#   scripts/with-keyring.sh npx vitest run electron/store
# Needs the Debian packages gnome-keyring and dbus (dbus-run-session, dbus-send).
set -euo pipefail

if (($# == 0)); then
  echo "usage: scripts/with-keyring.sh COMMAND [ARG…]" >&2
  exit 2
fi

if [ -z "${TAVS_KEYRING_INNER:-}" ]; then
  for tool in dbus-run-session dbus-send gnome-keyring-daemon; do
    if ! command -v "$tool" >/dev/null; then
      echo "with-keyring: $tool not found; install the Debian packages: apt-get install gnome-keyring dbus" >&2
      exit 127
    fi
  done
  # Re-run this script as the session's only client; the bus ends when it exits.
  TAVS_KEYRING_INNER=1 exec dbus-run-session -- bash "$0" "$@"
fi
unset TAVS_KEYRING_INNER

keyring_home="$(mktemp -d "${TMPDIR:-/tmp}/tavs-keyring.XXXXXX")"
daemon=""
cleanup() {
  if [ -n "$daemon" ]; then kill "$daemon" 2>/dev/null || true; wait "$daemon" 2>/dev/null || true; fi
  rm -rf "$keyring_home"
}
trap cleanup EXIT

# --unlock reads a password on stdin, creates the "login" keyring with it (the default
# collection) and unlocks it, so no prompt is ever needed. The keyring lives in keyring_home
# only: nothing of the user's own keyring is read or changed.
printf '%s' "tavs-test-keyring" |
  XDG_DATA_HOME="$keyring_home" XDG_RUNTIME_DIR="$keyring_home" \
    gnome-keyring-daemon --foreground --unlock --components=secrets >/dev/null &
daemon=$!

name_owned() {
  dbus-send --session --print-reply --dest=org.freedesktop.DBus /org/freedesktop/DBus \
    org.freedesktop.DBus.NameHasOwner string:org.freedesktop.secrets 2>/dev/null | grep -q "boolean true"
}
for _ in $(seq 1 100); do
  name_owned && break
  if ! kill -0 "$daemon" 2>/dev/null; then
    echo "with-keyring: gnome-keyring-daemon exited before it registered the Secret Service" >&2
    exit 1
  fi
  sleep 0.1
done
if ! name_owned; then
  echo "with-keyring: the Secret Service did not appear on the session bus within 10 s" >&2
  exit 1
fi

status=0
"$@" || status=$?
exit "$status"
