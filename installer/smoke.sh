#!/usr/bin/env bash
# Smoke test of the .deb (make installer-smoke): unpack it into an empty root, check the files it promises
# and its maintainer scripts, then run the frozen program from there with installer/check.py (version,
# db upgrade and seed, relay /healthz and the phone page, console offscreen until ready). Any import
# error fails. Prints the cold start times.
#   installer/smoke.sh [dist/jingwang_<version>_<arch>.deb]
set -euo pipefail
cd "$(dirname "$0")/.."

deb=${1:-$(ls -t dist/jingwang_*.deb 2>/dev/null | head -n 1)}
[ -f "$deb" ] || { echo "smoke: no .deb (run make installer)" >&2; exit 1; }
root=$(mktemp -d /tmp/jingwang-smoke.XXXXXX)
trap 'rm -rf "$root"' EXIT
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

echo "smoke: $deb ($(du -h "$deb" | cut -f1)), frozen program from $root/opt/jingwang"
python3 installer/check.py "$root/opt/jingwang/jingwang"

# the PostgreSQL driver is frozen in too: a refused connection, not a missing module
out=$("$root/opt/jingwang/jingwang" db upgrade --db postgresql://jingwang@127.0.0.1:9/none 2>&1) && fail "db upgrade on a closed port succeeded"
if grep -qE "ModuleNotFoundError|ImportError|no pq wrapper" <<<"$out" || ! grep -qi "connection" <<<"$out"; then
  fail "PostgreSQL driver: $(tail -n 3 <<<"$out")"
fi
echo "smoke: passed"
