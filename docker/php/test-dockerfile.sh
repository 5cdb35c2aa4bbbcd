#!/usr/bin/env bash
# Checks docker/php/Dockerfile's three PHP_EXT_INSTALL modes without a registry: on top of the
# offline image it makes a base whose four IPC extensions are disabled and whose
# docker-php-ext-install is a stand-in (records its arguments, re-enables them with phpenmod),
# like an official php:*-cli base. Removes every image it made. Needs build-local-images.sh's 8.2.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
base="${PHPSHM_IMAGE_REPO:-phpshmcompat/php}:8.2"
tag="phpshmcompat-dockerfile-test-$$"
work=$(mktemp -d)
dangling_before=$(docker images -q --filter dangling=true | sort)
# Failed builds leave untagged intermediate images: remove those this run made, and its tags.
cleanup() {
  docker rmi -f "$tag-bare" "$tag-auto" "$tag-never" "$tag-always" >/dev/null 2>&1 || true
  local new
  new=$(comm -13 <(echo "$dangling_before") <(docker images -q --filter dangling=true | sort))
  [[ -z $new ]] || docker rmi $new >/dev/null 2>&1 || true
  rm -rf "$work"
}
trap cleanup EXIT
fail() { echo "test-dockerfile: FAIL: $*" >&2; exit 1; }
build() { DOCKER_BUILDKIT=0 docker build --force-rm --network none "$@" 2>&1; }

docker image inspect "$base" >/dev/null 2>&1 || fail "$base is missing (run build-local-images.sh)"
cat >"$work/Dockerfile" <<DOCKERFILE
FROM $base
RUN phpdismod shmop sysvsem sysvshm sysvmsg \
 && printf '#!/bin/sh\necho "docker-php-ext-install called with: \$*" >&2\nshift\nphpenmod "\$@"\n' > /usr/local/bin/docker-php-ext-install \
 && chmod +x /usr/local/bin/docker-php-ext-install \
 && ! php -m | grep -qE '^(shmop|sysvsem|sysvshm|sysvmsg)$'
DOCKERFILE
build -q -t "$tag-bare" "$work" >/dev/null || fail "could not make the bare base"

out=$(build -t "$tag-auto" --build-arg PHP_BASE="$tag-bare" "$here") || { echo "$out" >&2; fail "auto mode did not build"; }
grep -q "docker-php-ext-install called with: -j[0-9]* shmop sysvsem sysvshm sysvmsg" <<<"$out" || { echo "$out" >&2; fail "auto mode did not install the four extensions"; }
docker run --rm --network none "$tag-auto" php -r 'foreach (["shmop","sysvsem","sysvshm","sysvmsg"] as $e) extension_loaded($e) || exit(1);' || fail "auto image lacks an extension"

out=$(build -t "$tag-never" --build-arg PHP_BASE="$tag-bare" --build-arg PHP_EXT_INSTALL=never "$here") && fail "never mode built although extensions are missing"
grep -q "php lacks shmop" <<<"$out" || { echo "$out" >&2; fail "never mode failed for another reason"; }

out=$(build -t "$tag-always" --build-arg PHP_BASE="$base" --build-arg PHP_EXT_INSTALL=always "$here") && fail "always mode built on a base without docker-php-ext-install"
grep -q "no docker-php-ext-install" <<<"$out" || { echo "$out" >&2; fail "always mode failed for another reason"; }

out=$(build -t "$tag-auto" --build-arg PHP_BASE="$base" "$here") || { echo "$out" >&2; fail "auto mode on the Debian base did not build"; }
grep -q "docker-php-ext-install called" <<<"$out" && fail "auto mode installed extensions the Debian base already has"
echo "test-dockerfile: OK (auto installs exactly the missing extensions, never/always fail as documented, Debian bases need nothing)"
