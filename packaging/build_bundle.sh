#!/usr/bin/env bash
# Build the one-folder bundle dist/bonegui/ (executable dist/bonegui/bonegui) with PyInstaller,
# then check it: `simulate` and `--screenshot` from another folder, without network where the
# machine can take it away (unshare -n). Usage: bash packaging/build_bundle.sh [--no-check]
# PYTHON=python3.12 picks the interpreter (>= 3.11). See docs/packaging.md.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
python=${PYTHON:-python3}
start=$(date +%s)

# A plain install in its own venv: PyInstaller follows site-packages, not an editable checkout.
venv=build/bundle-venv
[ -x "$venv/bin/python" ] || "$python" -m venv "$venv"
"$venv/bin/python" -m pip install -q --upgrade ".[bundle]"
"$venv/bin/python" packaging/make_icons.py build/icons >/dev/null
rm -rf dist/bonegui
BONEGUI_ICON_DIR="$root/build/icons" "$venv/bin/python" -m PyInstaller --noconfirm --log-level WARN \
  --distpath dist --workpath build/pyinstaller packaging/bonegui.spec
# Linux desktop integration next to the executable (docs/packaging.md: how to install them)
cp packaging/linux/org.boneremodelinglab.bonegui.desktop dist/bonegui/
cp build/icons/bonegui.png dist/bonegui/org.boneremodelinglab.bonegui.png
built=$(date +%s)
echo "bundle: dist/bonegui/ built in $((built - start)) s, $(du -sh dist/bonegui | cut -f1)"

[ "${1:-}" = "--no-check" ] && exit 0
# The check: from an empty folder elsewhere, no network, nothing of this checkout on the path.
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
offline=()
if [ "$(id -u)" = 0 ] && command -v unshare >/dev/null && unshare -n true 2>/dev/null; then
  offline=(unshare -n)  # a new network namespace: no interfaces but a downed loopback
fi
run() { (cd "$work" && env -i HOME="$work" PATH=/usr/bin:/bin LANG=C.UTF-8 BONEGUI_DATA_DIR="$work/data" "${offline[@]}" "$@"); }
run "$root/dist/bonegui/bonegui" --version
run "$root/dist/bonegui/bonegui" simulate --preset woman_menopause_untreated --years 2 --step 30 --out run.csv
head -2 "$work/run.csv" | cut -c1-90
run "$root/dist/bonegui/bonegui" --screenshot shot.png --preset female_hrt_seed_protocol
python3 - "$work/shot.png" <<'PY'
import struct, sys
data = open(sys.argv[1], "rb").read(24)
assert data[:8] == b"\x89PNG\r\n\x1a\n", "not a PNG"
w, h = struct.unpack(">II", data[16:24])
assert (w, h) == (1600, 1000), (w, h)
print(f"bundle: screenshot {w}x{h} ok")
PY
cp "$work/shot.png" build/bundle-screenshot.png
echo "bundle: checked in $(( $(date +%s) - built )) s (${offline[*]:-with network: unshare -n not available})"
