#!/usr/bin/env bash
# Makes this machine ready for the PHP container tests (tests/interop/Containers):
#   1. installs Debian's docker.io and debootstrap when missing,
#   2. starts dockerd (log: /var/log/phpshmcompat-dockerd.log) when no engine answers,
#   3. builds the offline PHP images (build-local-images.sh: PHP 7.4, 8.2, 8.4 amd64), the 32-bit
#      PHP 8.2 root and image (build-i386-image.sh) and the plain Debian image the pod-sidecar
#      test runs .NET in (build-sidecar-image.sh), all at once; each is reused when present,
#   4. removes containers a killed earlier run may have left.
# When it starts dockerd it writes the engine's pid to $PHPSHM_DOCKERD_STARTED
# (default /tmp/phpshmcompat-dockerd.started), so the caller can stop it afterwards.
# Exits non-zero when Docker cannot be set up; test.sh then goes on and those tests skip.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
log() { echo "prepare-ci: $*" >&2; }
start=$SECONDS

SUDO=""
if [[ $(id -u) -ne 0 ]]; then
  if command -v sudo >/dev/null && sudo -n true 2>/dev/null; then SUDO="sudo -n"; else
    log "not root and no password-less sudo: cannot install or start Docker"; exit 1
  fi
fi

engine_up() { $SUDO docker version --format '{{.Server.Version}}' >/dev/null 2>&1; }

missing=()
command -v docker >/dev/null || missing+=(docker.io)
command -v dockerd >/dev/null || missing+=(docker.io)
command -v debootstrap >/dev/null || missing+=(debootstrap)
if [[ ${#missing[@]} -gt 0 ]]; then
  log "installing ${missing[*]} from Debian"
  apt_log=$(mktemp)
  if ! { $SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive NEEDRESTART_SUSPEND=1 $SUDO apt-get install -y -qq $(printf '%s\n' "${missing[@]}" | sort -u); } >"$apt_log" 2>&1; then
    log "apt-get failed:"; tail -n 20 "$apt_log" >&2; rm -f "$apt_log"; exit 1
  fi
  rm -f "$apt_log"
fi

if ! engine_up; then
  if [[ -n ${DOCKER_HOST:-} && ${DOCKER_HOST} != unix:///var/run/docker.sock ]]; then
    log "DOCKER_HOST=$DOCKER_HOST does not answer; not starting a local engine"; exit 1
  fi
  daemon_log=/var/log/phpshmcompat-dockerd.log
  log "starting dockerd (log: $daemon_log)"
  # setsid: the engine outlives this script and is not hit by the test run's signals.
  $SUDO setsid dockerd >>"$daemon_log" 2>&1 < /dev/null &
  for _ in $(seq 1 60); do engine_up && break; sleep 1; done
  if ! engine_up; then
    log "dockerd did not come up within 60 s; last lines of $daemon_log:"; tail -n 20 "$daemon_log" >&2 || true
    exit 1
  fi
  # Whoever runs the tests stops the engine again when they end (test.sh does): this run started it.
  pgrep -xo dockerd > "${PHPSHM_DOCKERD_STARTED:-/tmp/phpshmcompat-dockerd.started}" || true
fi
log "$($SUDO docker version --format 'Docker engine {{.Server.Version}} (API {{.Server.APIVersion}})') is up"

# Containers of an earlier run that was killed before it could remove them.
stale=$($SUDO docker ps -aq --filter label=org.phpshmcompat.testing)
[[ -z $stale ]] || { log "removing stale test containers: $(echo $stale)"; $SUDO docker rm -f $stale >/dev/null; }

# The three builders download and unpack (debootstrap) more than they compute: run them together.
$SUDO bash "$here/build-i386-image.sh" & i386=$!
$SUDO bash "$here/build-sidecar-image.sh" & sidecar=$!
status=0
$SUDO bash "$here/build-local-images.sh" || status=1
wait $i386 || { log "the 32-bit PHP image failed"; status=1; }
wait $sidecar || { log "the sidecar image failed"; status=1; }
log "images: $($SUDO docker images --format '{{.Repository}}:{{.Tag}}' | grep '^phpshmcompat/' | sort | tr '\n' ' ')"
log "ready in $((SECONDS - start)) s"
exit $status
