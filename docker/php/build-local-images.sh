#!/usr/bin/env bash
# Makes the offline PHP images the container tests use, without any container registry:
#   phpshmcompat/php:7.4 (Debian bullseye), :8.2 (bookworm), :8.4 (trixie).
# Each is Debian minbase + php-cli from debootstrap, imported into Docker, then built through
# docker/php/Dockerfile (which only checks the IPC extensions: Debian's php-common ships them).
# Images already present are reused. Needs root, a running Docker engine and debootstrap.
#
# Usage: build-local-images.sh [VERSION...]     (default: 7.4 8.2 8.4)
# Environment: PHPSHM_IMAGE_REPO (default phpshmcompat/php), PHPSHM_DEBIAN_MIRROR (default:
# the first Debian archive in this machine's apt sources, else debootstrap's own default).
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
repo="${PHPSHM_IMAGE_REPO:-phpshmcompat/php}"
versions=("$@")
[[ ${#versions[@]} -gt 0 ]] || versions=(7.4 8.2 8.4)

log() { echo "build-local-images: $*" >&2; }

suite_for() {
  case "$1" in
    7.4) echo bullseye ;;
    8.2) echo bookworm ;;
    8.4) echo trixie ;;
    *) log "no Debian suite ships PHP $1 (known: 7.4 8.2 8.4)"; return 1 ;;
  esac
}

# Prints the first Debian archive URI of the machine's apt configuration (one-line sources.list
# format and deb822 .sources), skipping security archives and non-Debian suites.
detect_mirror() {
  local f
  {
    for f in /etc/apt/sources.list /etc/apt/sources.list.d/*.list; do
      [[ -f $f ]] || continue
      # deb [options] URI SUITE COMPONENT...
      sed -E -n 's/^[[:space:]]*deb[[:space:]]+(\[[^]]*\][[:space:]]+)?([^[:space:]]+)[[:space:]]+([^[:space:]]+).*/\2 \3/p' "$f"
    done
    for f in /etc/apt/sources.list.d/*.sources; do
      [[ -f $f ]] || continue
      awk 'function flush() { if (types ~ /(^| )deb( |$)/ && enabled !~ /^(no|false)$/) { n = split(suites, s, " "); m = split(uris, u, " "); for (i = 1; i <= m; i++) for (j = 1; j <= n; j++) print u[i], s[j] } types = uris = suites = ""; enabled = "yes" }
           BEGIN { enabled = "yes" }
           /^[[:space:]]*$/ { flush(); next }
           /^#/ { next }
           tolower($1) == "types:" { $1 = ""; types = $0 }
           tolower($1) == "uris:" { $1 = ""; uris = $0 }
           tolower($1) == "suites:" { $1 = ""; suites = $0 }
           tolower($1) == "enabled:" { enabled = tolower($2) }
           END { flush() }' "$f"
    done
  } | while read -r uri suite; do
    case "${suite%%-*}" in
      bullseye|bookworm|trixie|forky|sid|stable|oldstable|oldoldstable|testing|unstable) ;;
      *) continue ;;
    esac
    [[ $suite == *-security || $suite == */updates || $uri == *security* ]] && continue
    echo "${uri%/}"
    break
  done
}

# build-i386-image.sh asks for the mirror only.
if [[ -n ${PHPSHM_PRINT_MIRROR:-} ]]; then detect_mirror; exit 0; fi

image_exists() { docker image inspect "$1" >/dev/null 2>&1; }

# Builds one image; runs as a background job, so it only logs and returns a status.
build_one() {
  local version="$1" suite="$2" mirror="$3" work="$4"
  local image="$repo:$version" rootfs_tag="$repo-rootfs:$version" dir="$work/$version"
  local start=$SECONDS
  mkdir -p "$dir"
  # shellcheck disable=SC2086 # $mirror is empty (debootstrap's default) or one URI
  if ! debootstrap --variant=minbase --include=php-cli "$suite" "$dir" $mirror >"$work/$version.log" 2>&1; then
    log "PHP $version: debootstrap $suite failed; last lines of $work/$version.log:"
    tail -n 15 "$work/$version.log" >&2
    return 1
  fi
  # Smaller images: no package cache, no apt lists, no docs.
  rm -rf "$dir"/var/cache/apt/archives/*.deb "$dir"/var/lib/apt/lists/* "$dir"/usr/share/doc/* "$dir"/usr/share/man/*
  local got
  got=$(chroot "$dir" php -r 'echo PHP_MAJOR_VERSION, ".", PHP_MINOR_VERSION;' 2>&1) || { log "PHP $version: php does not run in the $suite root: $got"; return 1; }
  [[ $got == "$version" ]] || { log "PHP $version: $suite ships PHP $got"; return 1; }
  log "PHP $version: debootstrap $suite done in $((SECONDS - start)) s"
  if ! tar -C "$dir" -c . | docker import - "$rootfs_tag" >"$work/$version.import.log" 2>&1; then
    log "PHP $version: docker import failed:"; cat "$work/$version.import.log" >&2
    return 1
  fi
  rm -rf --one-file-system "$dir"
  # The same Dockerfile registry users build from php:*-cli; here it checks the extensions only.
  if ! DOCKER_BUILDKIT=0 docker build -q --force-rm --network none --build-arg "PHP_BASE=$rootfs_tag" -t "$image" "$here" >"$work/$version.build.log" 2>&1; then
    log "PHP $version: docker build failed:"; cat "$work/$version.build.log" >&2
    docker rmi "$rootfs_tag" >/dev/null 2>&1 || true
    return 1
  fi
  # Drop the intermediate tag: its layer stays as the parent of $image, no extra image is left.
  docker rmi "$rootfs_tag" >/dev/null 2>&1 || true
  log "PHP $version: $image ready ($(docker run --rm --network none "$image" php -r 'echo "PHP ", PHP_VERSION;')) after $((SECONDS - start)) s"
}

[[ $(id -u) -eq 0 ]] || { log "must run as root (debootstrap and chroot)"; exit 1; }
docker info >/dev/null 2>&1 || { log "no Docker engine reachable"; exit 1; }

# One builder at a time on this machine.
exec 9>/var/lock/phpshmcompat-images.lock
flock 9

todo=()
for v in "${versions[@]}"; do
  suite_for "$v" >/dev/null || exit 1
  if image_exists "$repo:$v"; then log "PHP $v: reusing $repo:$v"; else todo+=("$v"); fi
done
[[ ${#todo[@]} -gt 0 ]] || exit 0

command -v debootstrap >/dev/null || { log "debootstrap is not installed (apt-get install debootstrap)"; exit 1; }
mirror="${PHPSHM_DEBIAN_MIRROR:-$(detect_mirror || true)}"
log "building ${todo[*]} from ${mirror:-the default mirror of debootstrap}"

work=$(mktemp -d /var/tmp/phpshmcompat-images.XXXXXX)
# debootstrap mounts proc/sys (and may bind /dev) inside its target: unmount anything left
# under $work before deleting, and never let rm cross into another file system.
cleanup() {
  local m
  for m in $(awk -v w="$work" 'index($2, w) == 1 { print $2 }' /proc/mounts | sort -r); do umount -l "$m" 2>/dev/null || true; done
  rm -rf --one-file-system "$work"
}
trap cleanup EXIT
start=$SECONDS
# In parallel: the time is mostly download and dpkg waits, not CPU.
pids=()
for v in "${todo[@]}"; do
  build_one "$v" "$(suite_for "$v")" "$mirror" "$work" &
  pids+=($!)
done
status=0
for i in "${!pids[@]}"; do
  wait "${pids[$i]}" || { status=1; log "PHP ${todo[$i]}: FAILED"; }
done
log "finished in $((SECONDS - start)) s"
exit $status
