#!/usr/bin/env bash
# Runs every test. Installs the system tools the tests drive (ffmpeg) where they are missing.
set -euo pipefail
cd "$(dirname "$0")"
if ! command -v ffmpeg >/dev/null || ! command -v ffprobe >/dev/null; then
  echo "test.sh: installing ffmpeg (needed by the zoom video tests)..." >&2
  sudo=""; [ "$(id -u)" -ne 0 ] && sudo="sudo"
  $sudo apt-get update -qq && DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq ffmpeg >/dev/null
fi
exec dotnet test "$@"
