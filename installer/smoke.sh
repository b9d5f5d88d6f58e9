#!/usr/bin/env bash
# Smoke test of the .deb (make installer-smoke): unpack it into an empty root, check the files it promises
# and its maintainer scripts, then run the frozen program from there with installer/check.py (version,
# db upgrade and seed, relay /healthz and the phone page, console offscreen until ready). Any import
# error fails. Prints the cold start times.
# With --chroot (root, network): install it with apt into a fresh debootstrap Debian instead, so its
# Depends, the maintainer scripts (jingwang user, /var/lib/jingwang) and the Qt plugins' libraries are
# checked on a machine that has nothing else.
#   installer/smoke.sh [--chroot] [dist/jingwang_<version>_<arch>.deb]
set -euo pipefail
cd "$(dirname "$0")/.."

in_chroot=0
[ "${1:-}" = "--chroot" ] && { in_chroot=1; shift; }
deb=${1:-$(ls -t dist/jingwang_*.deb 2>/dev/null | head -n 1)}
[ -f "$deb" ] || { echo "smoke: no .deb (run make installer)" >&2; exit 1; }
root=$(mktemp -d /tmp/jingwang-smoke.XXXXXX)
trap 'umount "$root/debian/proc" 2>/dev/null || true; rm -rf --one-file-system "$root"' EXIT
fail() { echo "smoke: $*" >&2; exit 1; }

dpkg-deb --field "$deb" Package Version Depends >/dev/null || fail "unreadable control file"
dpkg-deb -x "$deb" "$root"
dpkg-deb -e "$deb" "$root/DEBIAN"
for path in opt/jingwang/jingwang usr/bin/jingwang usr/share/applications/jingwang-console.desktop \
            usr/share/icons/hicolor/scalable/apps/jingwang.svg lib/systemd/system/jingwang-relay.service \
            etc/jingwang/relay.env; do
  [ -e "$root/$path" ] || [ -L "$root/$path" ] || fail "missing /$path"
done
[ "$(readlink "$root/usr/bin/jingwang")" = /opt/jingwang/jingwang ] || fail "/usr/bin/jingwang points elsewhere"
grep -qx "Name=警网融合指挥台" "$root/usr/share/applications/jingwang-console.desktop" || fail "desktop entry name"
grep -qx /etc/jingwang/relay.env "$root/DEBIAN/conffiles" || fail "relay.env is not a conffile"
for script in postinst prerm postrm; do sh -n "$root/DEBIAN/$script" || fail "$script does not parse"; done
if command -v desktop-file-validate >/dev/null; then
  desktop-file-validate "$root/usr/share/applications/jingwang-console.desktop"
fi

echo "smoke: $deb ($(du -h "$deb" | cut -f1))"
if [ $in_chroot = 1 ]; then
  [ "$(id -u)" = 0 ] || fail "--chroot needs root"
  command -v debootstrap >/dev/null || apt-get install -y -qq debootstrap >/dev/null
  base=build/smoke-debian  # debootstrapped once, copied for each run
  if [ ! -f "$base/.complete" ]; then
    rm -rf --one-file-system "$base"
    debootstrap --variant=minbase "${JINGWANG_SMOKE_SUITE:-bookworm}" "$base" >/dev/null
    touch "$base/.complete"
  fi
  system=$root/debian
  cp -a "$base" "$system"
  mount -t proc proc "$system/proc"
  cp "$deb" "$system/tmp/jingwang.deb"
  cp installer/check.py "$system/tmp/check.py"
  chroot "$system" sh -c 'export DEBIAN_FRONTEND=noninteractive; apt-get update -qq &&
    apt-get install -y -qq --no-install-recommends /tmp/jingwang.deb python3 >/dev/null'
  chroot "$system" sh -c '[ "$(stat -c %U /var/lib/jingwang)" = jingwang ]' || fail "no jingwang-owned /var/lib/jingwang"
  missing=$(chroot "$system" sh -c 'cd /opt/jingwang/_internal && for so in PySide6/Qt/plugins/*/*.so; do
    LD_LIBRARY_PATH=/opt/jingwang/_internal:/opt/jingwang/_internal/PySide6/Qt/lib ldd "$so" | grep "not found" || true; done' \
    | sort -u)
  [ -z "$missing" ] || fail "libraries the Depends do not bring: $missing"
  chroot "$system" python3 /tmp/check.py jingwang
  program=(chroot "$system" jingwang)
else
  python3 installer/check.py "$root/opt/jingwang/jingwang"
  program=("$root/opt/jingwang/jingwang")
fi

# the PostgreSQL driver is frozen in too: a refused connection, not a missing module
out=$("${program[@]}" db upgrade --db postgresql://jingwang@127.0.0.1:9/none 2>&1) && fail "db upgrade on a closed port succeeded"
if grep -qE "ModuleNotFoundError|ImportError|no pq wrapper" <<<"$out" || ! grep -qi "connection" <<<"$out"; then
  fail "PostgreSQL driver: $(tail -n 3 <<<"$out")"
fi
echo "smoke: passed"
