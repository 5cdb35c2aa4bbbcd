#!/usr/bin/env bash
# Makes the plain Debian image the pod-sidecar test runs its .NET program in, without any
# container registry: phpshmcompat/debian:bookworm, Debian bookworm minbase from debootstrap
# (glibc, libstdc++ and libgcc: all a self-contained linux-x64 .NET program needs when it runs
# with invariant globalization). No PHP in it. Reused when present. Needs root, debootstrap and
# a running Docker engine.
#
# Environment: PHPSHM_SIDECAR_IMAGE (default phpshmcompat/debian:bookworm), PHPSHM_DEBIAN_MIRROR
# (default: as build-local-images.sh).
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
image="${PHPSHM_SIDECAR_IMAGE:-phpshmcompat/debian:bookworm}"
log() { echo "build-sidecar-image: $*" >&2; }
start=$SECONDS

[[ $(id -u) -eq 0 ]] || { log "must run as root (debootstrap)"; exit 1; }
docker info >/dev/null 2>&1 || { log "no Docker engine reachable"; exit 1; }
exec 9>/var/lock/phpshmcompat-sidecar.lock
flock 9
if docker image inspect "$image" >/dev/null 2>&1; then log "reusing $image"; exit 0; fi
command -v debootstrap >/dev/null || { log "debootstrap is not installed (apt-get install debootstrap)"; exit 1; }
mirror="${PHPSHM_DEBIAN_MIRROR:-$(PHPSHM_PRINT_MIRROR=1 bash "$here/build-local-images.sh" || true)}"

work=$(mktemp -d /var/tmp/phpshmcompat-sidecar.XXXXXX)
cleanup() {
  local m
  for m in $(awk -v w="$work" 'index($2, w) == 1 { print $2 }' /proc/mounts | sort -r); do umount -l "$m" 2>/dev/null || true; done
  rm -rf --one-file-system "$work"
}
trap cleanup EXIT
log "debootstrap bookworm from ${mirror:-the default mirror of debootstrap}"
# shellcheck disable=SC2086 # $mirror is empty (debootstrap's default) or one URI
if ! debootstrap --variant=minbase bookworm "$work/root" $mirror >"$work/debootstrap.log" 2>&1; then
  log "debootstrap failed; last lines:"; tail -n 15 "$work/debootstrap.log" >&2; exit 1
fi
rm -rf "$work"/root/var/cache/apt/archives/*.deb "$work"/root/var/lib/apt/lists/* "$work"/root/usr/share/doc/* "$work"/root/usr/share/man/*
for m in $(awk -v w="$work/root" 'index($2, w) == 1 { print $2 }' /proc/mounts | sort -r); do umount -l "$m" 2>/dev/null || true; done
tar -C "$work/root" -c . | docker import --change 'CMD ["/bin/sh", "-c", "trap '"'"'exit 0'"'"' TERM INT; sleep infinity & wait"]' - "$image" >/dev/null
log "$image ready after $((SECONDS - start)) s"
