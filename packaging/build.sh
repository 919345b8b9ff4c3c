#!/usr/bin/env bash
# Build the frozen app with PyInstaller from a fresh venv that has only the runtime dependencies
# (`pip install .`, no dev extras) and PyInstaller. See packaging/README.md.
#
#   packaging/build.sh               one folder: dist/Corpusmith/Corpusmith
#   packaging/build.sh --onefile     one file:   dist/onefile/Corpusmith
#   packaging/build.sh --reuse-venv  keep build/venv when it exists (quicker local rebuilds)
#
# Environment: PYTHON (default python3) makes the venv; CORPUSMITH_CONSOLE=1 see build.spec.
# The full PyInstaller log goes to build/pyinstaller[-onefile].log.
set -euo pipefail
cd "$(dirname "$0")/.."

onefile=0
reuse=0
for arg in "$@"; do
  case "$arg" in
    --onefile) onefile=1 ;;
    --reuse-venv) reuse=1 ;;
    -h|--help) sed -n '2,11p' "$0"; exit 0 ;;
    *) echo "build.sh: unknown option $arg" >&2; exit 2 ;;
  esac
done

PYTHON=${PYTHON:-python3}
VENV=build/venv
PYINSTALLER_SPEC="pyinstaller==6.22.*"
t0=$(date +%s)

if [[ $reuse == 1 && -x $VENV/bin/python ]]; then
  echo "== reusing $VENV"
else
  echo "== fresh venv $VENV ($($PYTHON --version))"
  rm -rf "$VENV"
  "$PYTHON" -m venv "$VENV"
fi
pip_install() {  # quiet, less the warnings some pip configurations print for every package
  "$VENV/bin/python" -m pip install -q --disable-pip-version-check "$@" 2>&1 \
    | { grep -v "^WARNING: Location 'file:" || true; }
}
pip_install --upgrade pip
# The project itself (not editable, no extras) brings exactly [project].dependencies.
pip_install . "$PYINSTALLER_SPEC"
# build.spec excludes these; one of them becoming a runtime dependency needs a look at the spec.
dev=$("$VENV/bin/python" -m pip list --format=freeze 2>/dev/null \
      | grep -iE '^(pytest|pytest-qt|datasets|ruff|pandas|pyarrow|scipy|matplotlib)==' || true)
if [[ -n $dev ]]; then
  echo "build.sh: the build venv has packages build.spec leaves out: $dev" >&2
  exit 1
fi
t1=$(date +%s)

if [[ $onefile == 1 ]]; then
  export CORPUSMITH_ONEFILE=1
  dist=dist/onefile
  work=build/pyinstaller-onefile
else
  unset CORPUSMITH_ONEFILE
  dist=dist
  work=build/pyinstaller
fi
log=$work.log
mkdir -p build
echo "== pyinstaller build.spec -> $dist (log: $log)"
if ! "$VENV/bin/pyinstaller" --noconfirm --clean --log-level WARN \
     --distpath "$dist" --workpath "$work" build.spec >"$log" 2>&1; then
  tail -n 40 "$log" >&2
  echo "build.sh: PyInstaller failed; full log in $log" >&2
  exit 1
fi
t2=$(date +%s)

echo "== built in $((t2 - t0)) s (venv and install $((t1 - t0)) s, PyInstaller $((t2 - t1)) s)"
if [[ $onefile == 1 ]]; then
  du -sh "$dist/Corpusmith"
else
  du -sh "$dist/Corpusmith"
  "$VENV/bin/python" packaging/size_report.py "$dist/Corpusmith" --top 10
fi
