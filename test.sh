#!/usr/bin/env bash
# Runs every test. Installs the system tools the tests drive where they are missing:
# ffmpeg (videos), Debian's chromium (the web studio's browser tests), a font (the sheets' labels),
# Debian's PostgreSQL server (the job-store tests start a throwaway cluster of their own, reached
# on a free loopback port with a random password, its files in a private temporary folder),
# systemd-analyze from Debian's systemd (it checks the services' units) and oneDNN's libdnnl2 (the
# oneDNN engine's tests; without it every dream runs on ONNX Runtime).
set -euo pipefail
cd "$(dirname "$0")"
missing=()
command -v ffmpeg >/dev/null && command -v ffprobe >/dev/null || missing+=(ffmpeg)
[ -x /usr/bin/chromium ] || missing+=(chromium)
ls /usr/share/fonts/truetype/*/*.ttf >/dev/null 2>&1 || missing+=(fonts-dejavu-core)
ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || missing+=(postgresql)
command -v systemd-analyze >/dev/null || missing+=(systemd)
ldconfig -p | grep -q 'libdnnl\.so\.2 ' || missing+=(libdnnl2)
if [ ${#missing[@]} -gt 0 ]; then
  echo "test.sh: installing ${missing[*]}..." >&2
  sudo=""; [ "$(id -u)" -ne 0 ] && sudo="sudo"
  $sudo apt-get update -qq && DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${missing[@]}" >/dev/null
fi
exec dotnet test "$@"
