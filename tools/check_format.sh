#!/usr/bin/env bash
# Fails when a C++ file of the repository is not as the repository's
# .clang-format (Google, 100 columns) would write it, naming each such file
# and the first lines clang-format would change. `make test` runs it.
# Usage: tools/check_format.sh [SOURCE_DIR]
set -euo pipefail
source_dir="${1:-$(cd "$(dirname "$0")/.." && pwd)}"
cd "$source_dir"

if ! command -v clang-format >/dev/null; then
  echo "clang-format is not installed: run 'make deps' (Debian package clang-format)" >&2
  exit 1
fi

# Every .cc and .h the project owns; build trees and node_modules are not ours.
mapfile -t files < <(find common services gateway tools tests bench \
  \( -name build -o -name node_modules \) -prune -o \
  \( -name '*.cc' -o -name '*.h' \) -type f -print | sort)
if [ "${#files[@]}" -eq 0 ]; then
  echo "no C++ files found under $source_dir" >&2
  exit 1
fi

# One clang-format run for all files; it names each place it would change.
report="$(clang-format --dry-run "${files[@]}" 2>&1 || true)"
mapfile -t unformatted < <(grep -oE '^[^:]+:[0-9]+:[0-9]+: (warning|error): code should be clang-formatted' \
  <<<"$report" | cut -d: -f1 | sort -u)
if [ "${#unformatted[@]}" -gt 0 ]; then
  for file in "${unformatted[@]}"; do
    echo "not formatted: $file" >&2
    clang-format "$file" | diff -u "$file" - | sed -n '3,12p' >&2 || true
  done
  echo "${#unformatted[@]} of ${#files[@]} files differ from .clang-format;" \
    "fix with: clang-format -i <file>" >&2
  exit 1
fi
if grep -qvE 'code should be clang-formatted|^\s|^$' <<<"$report"; then
  echo "clang-format failed: $report" >&2
  exit 1
fi
echo "all ${#files[@]} C++ files follow .clang-format ($(clang-format --version))"
