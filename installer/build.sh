#!/usr/bin/env bash
# Build dist/jingwang_<version>_<arch>.deb (make installer): the PyInstaller bundle in /opt/jingwang,
# `jingwang` on PATH, the desktop entry 警网融合指挥台, the jingwang-relay systemd unit with its settings in
# /etc/jingwang/relay.env, and maintainer scripts that create the jingwang user and /var/lib/jingwang.
# Installs what it needs: binutils and dpkg-dev (when root, else prints the command), the runtime .venv
# (scripts/setup.sh) and PyInstaller in a throwaway venv under build/ that borrows the .venv's packages.
# Build on the oldest system you deploy to: the bundle needs that glibc or newer.
set -euo pipefail
cd "$(dirname "$0")/.."

PYINSTALLER=pyinstaller==6.22.3
missing=()
command -v objdump >/dev/null 2>&1 || missing+=(binutils)  # PyInstaller reads shared libraries with it
command -v dpkg-architecture >/dev/null 2>&1 || missing+=(dpkg-dev)
if [ ${#missing[@]} -gt 0 ]; then
  if [ "$(id -u)" = 0 ]; then
    echo "installer: installing ${missing[*]}"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq
    apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  else
    echo "installer: missing build tools; run:  sudo apt-get install -y ${missing[*]}" >&2
    exit 1
  fi
fi

scripts/setup.sh  # the dependencies to freeze, in .venv

venv=build/pyinstaller-venv
if [ ! -x "$venv/bin/pyinstaller" ]; then
  echo "installer: PyInstaller in $venv"
  rm -rf "$venv"
  "$(.venv/bin/python -c 'import sys; print(sys._base_executable)')" -m venv "$venv"
  purelib() { "$1" -c 'import sysconfig; print(sysconfig.get_paths()["purelib"])'; }
  # the .venv's packages, not its .pth files: `console` comes from this checkout (the spec's pathex)
  purelib .venv/bin/python > "$(purelib "$venv/bin/python")/jingwang-deps.pth"
  "$venv/bin/python" -m pip install -q "$PYINSTALLER"
fi

echo "installer: compiling the translations (.ts -> .qm)"
.venv/bin/python -m console.ui.i18n.catalogue release >/dev/null

echo "installer: freezing (PyInstaller)"
"$venv/bin/pyinstaller" --noconfirm --log-level WARN --distpath build/pyinstaller/dist \
  --workpath build/pyinstaller/work installer/jingwang.spec

version=$(.venv/bin/python -c 'import console; print(console.__version__)')
arch=$(dpkg-architecture -qDEB_HOST_ARCH)
root=build/deb/root
rm -rf "$root"
mkdir -p "$root/DEBIAN" "$root/opt" "$root/usr/bin" "$root/usr/share/applications" \
  "$root/usr/share/icons/hicolor/scalable/apps" "$root/usr/share/doc/jingwang" "$root/lib/systemd/system" \
  "$root/etc/jingwang"
cp -a build/pyinstaller/dist/jingwang "$root/opt/jingwang"
ln -s /opt/jingwang/jingwang "$root/usr/bin/jingwang"
install -m 0644 installer/files/jingwang-console.desktop "$root/usr/share/applications/"
install -m 0644 installer/files/jingwang.svg "$root/usr/share/icons/hicolor/scalable/apps/"
install -m 0644 installer/files/jingwang-relay.service "$root/lib/systemd/system/"
install -m 0644 installer/files/relay.env "$root/etc/jingwang/"
install -m 0644 README.md "$root/usr/share/doc/jingwang/"
install -m 0644 installer/debian/conffiles "$root/DEBIAN/"
install -m 0755 installer/debian/postinst installer/debian/prerm installer/debian/postrm "$root/DEBIAN/"
size=$(du -sk --exclude=DEBIAN "$root" | cut -f1)
sed -e "s/@VERSION@/$version/" -e "s/@ARCH@/$arch/" -e "s/@SIZE@/$size/" installer/debian/control.in \
  > "$root/DEBIAN/control"

mkdir -p dist
deb=dist/jingwang_${version}_${arch}.deb
dpkg-deb --root-owner-group -Zxz --build "$root" "$deb" >/dev/null
echo "installer: $deb ($(du -h "$deb" | cut -f1), $((size / 1024)) MB installed)"
