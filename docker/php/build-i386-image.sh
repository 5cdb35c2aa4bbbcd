#!/usr/bin/env bash
# Makes the 32-bit PHP the i386 tests use, without any container registry:
#   a Debian bookworm i386 root with php-cli (PHP 8.2, PHP_INT_SIZE 4) under
#   /var/lib/phpshmcompat/php8.2-i386 (usable with chroot, which shares the host's IPC
#   namespace), imported into Docker and built through docker/php/Dockerfile as
#   phpshmcompat/php:8.2-i386.
# The root and the image are reused when present. Needs root, debootstrap and a running engine
# (without an engine only the root is made). An amd64 kernel runs i386 programs natively.
#
# Environment: PHPSHM_I386_ROOT (default /var/lib/phpshmcompat/php8.2-i386), PHPSHM_IMAGE_REPO
# (default phpshmcompat/php), PHPSHM_DEBIAN_MIRROR (default: as build-local-images.sh).
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
repo="${PHPSHM_IMAGE_REPO:-phpshmcompat/php}"
root="${PHPSHM_I386_ROOT:-/var/lib/phpshmcompat/php8.2-i386}"
image="$repo:8.2-i386"
ready="$root/.phpshmcompat-ready"
log() { echo "build-i386-image: $*" >&2; }
start=$SECONDS

[[ $(id -u) -eq 0 ]] || { log "must run as root (debootstrap and chroot)"; exit 1; }
exec 9>/var/lock/phpshmcompat-i386.lock
flock 9

# The same mirror detection as the amd64 images.
# shellcheck source=/dev/null
mirror="${PHPSHM_DEBIAN_MIRROR:-$(PHPSHM_PRINT_MIRROR=1 bash "$here/build-local-images.sh" || true)}"

if [[ -f $ready ]]; then
  log "reusing the i386 root $root"
else
  command -v debootstrap >/dev/null || { log "debootstrap is not installed (apt-get install debootstrap)"; exit 1; }
  rm -rf --one-file-system "$root"
  mkdir -p "$(dirname "$root")"
  work=$(mktemp -d "$(dirname "$root")/.i386.XXXXXX")
  cleanup() {
    local m
    for m in $(awk -v w="$work" 'index($2, w) == 1 { print $2 }' /proc/mounts | sort -r); do umount -l "$m" 2>/dev/null || true; done
    rm -rf --one-file-system "$work"
  }
  trap cleanup EXIT
  log "debootstrap --arch=i386 bookworm from ${mirror:-the default mirror of debootstrap}"
  # shellcheck disable=SC2086 # $mirror is empty (debootstrap's default) or one URI
  if ! debootstrap --arch=i386 --variant=minbase --include=php-cli bookworm "$work/root" $mirror >"$work/debootstrap.log" 2>&1; then
    log "debootstrap failed; last lines:"; tail -n 15 "$work/debootstrap.log" >&2; exit 1
  fi
  rm -rf "$work"/root/var/cache/apt/archives/*.deb "$work"/root/var/lib/apt/lists/* "$work"/root/usr/share/doc/* "$work"/root/usr/share/man/*
  for m in $(awk -v w="$work/root" 'index($2, w) == 1 { print $2 }' /proc/mounts | sort -r); do umount -l "$m" 2>/dev/null || true; done
  mv "$work/root" "$root"
  got=$(chroot "$root" php -r 'echo PHP_MAJOR_VERSION, ".", PHP_MINOR_VERSION, " ", PHP_INT_SIZE;' 2>&1) || { log "php does not run in the i386 root: $got"; exit 1; }
  [[ $got == "8.2 4" ]] || { log "the i386 root runs PHP/PHP_INT_SIZE $got, not 8.2 4"; exit 1; }
  touch "$ready"
  log "i386 root ready in $((SECONDS - start)) s"
fi

if ! docker info >/dev/null 2>&1; then log "no Docker engine: only the root is made"; exit 0; fi
if docker image inspect "$image" >/dev/null 2>&1; then log "reusing $image"; exit 0; fi
rootfs_tag="$repo-rootfs:8.2-i386"
tar -C "$root" --exclude=./.phpshmcompat-ready -c . | docker import --platform linux/386 - "$rootfs_tag" >/dev/null
build_log=$(mktemp)
if ! DOCKER_BUILDKIT=0 docker build -q --force-rm --network none --build-arg "PHP_BASE=$rootfs_tag" -t "$image" "$here" >"$build_log" 2>&1; then
  docker rmi "$rootfs_tag" >/dev/null 2>&1 || true
  log "docker build of $image failed:"; cat "$build_log" >&2; rm -f "$build_log"; exit 1
fi
rm -f "$build_log"
docker rmi "$rootfs_tag" >/dev/null 2>&1 || true
log "$image ready ($(docker run --rm --network none "$image" php -r 'echo "PHP ", PHP_VERSION, ", PHP_INT_SIZE ", PHP_INT_SIZE;')) after $((SECONDS - start)) s"
