#!/usr/bin/env bash
# Mutation testing of coprod's stable arithmetic (issue 10, "Tests that would notice a
# wrong answer"). Not part of the default pytest run or of .ci/run: it takes ~30 min on
# two cores.
#
# mutmut 3 rewrites the source it mutates, so this script never runs it in the working
# tree: it exports src/, tests/, conftest.py and pyproject.toml of HEAD to a scratch directory
# (default /tmp/coprod-mutation, or $COPROD_MUTATION_DIR), appends the [tool.mutmut]
# section there, and runs mutmut in that copy. Results: `mutmut results` in that
# directory, and the per-module summary this script prints at the end.
#
# Usage: tools/mutation.sh            # fresh copy, full run
#        tools/mutation.sh --summary  # only print the summary of the last run
set -euo pipefail
here="$(cd "$(dirname "$0")/.." && pwd)"
work="${COPROD_MUTATION_DIR:-/tmp/coprod-mutation}"
python="${PYTHON:-$here/.venv/bin/python}"

# The modules under test (others are being reorganised and are not mutated).
modules=(
  src/coprod/model/service_model.py
  src/coprod/model/resource_shift.py
  src/coprod/model/priority.py
  src/coprod/model/stakeholders.py
  src/coprod/model/explorer.py
  src/coprod/surveys/likert.py
  src/coprod/surveys/allocation.py
  src/coprod/people/scoring.py
  src/coprod/people/matching.py
  src/coprod/people/_hopcroft_karp.py
)
# The tests that exercise them (mutmut runs, per mutant, only those that reach it).
tests=(
  tests/core/test_core_classifications.py
  tests/core/test_core_priority.py
  tests/model/test_model_pinned_shift_and_service.py
  tests/model/test_model_pinned_priority.py
  tests/model/test_model_pinned_people_and_map.py
  tests/model/test_model_explorer.py
  tests/surveys/test_surveys_likert.py
  tests/surveys/test_surveys_allocation.py
  tests/surveys/test_surveys_properties.py
  tests/surveys/test_surveys_pinned_likert.py
  tests/surveys/test_surveys_pinned_allocation.py
  tests/people/test_people_engines.py
  tests/people/test_people_model_scoring.py
  tests/people/test_people_pinned_scoring.py
  tests/people/test_people_pinned_matching.py
  tests/people/test_people_matching_properties.py
  tests/people/test_people_timebank_scenarios.py
  tests/speed/test_progress_callback.py
)

summary() {
  cd "$work"
  "$python" -m mutmut results --all true 2>/dev/null >"$work/results.txt" || true
  "$python" - "$work/results.txt" "${modules[@]}" <<'PY'
import re, sys
from collections import Counter, defaultdict
lines = open(sys.argv[1]).read().splitlines()
modules = {m.removeprefix("src/").removesuffix(".py").replace("/", "."): m for m in sys.argv[2:]}
status = defaultdict(Counter)
for line in lines:
    m = re.match(r"\s*([\w.]+)\.x.*?: (\w[\w ]*)$", line)
    if not m:
        continue
    name, state = m.groups()
    if re.search(r"ǁ(tables|_statement_rows|_factor_rows)__mutmut", line):
        continue  # report layout (tables for the exporters), not arithmetic: not counted
    module = name if name in modules else None
    if module:
        status[module][state.strip()] += 1
print(f"{'module':40} {'mutants':>8} {'killed':>7} {'survived':>9} {'other':>6} {'score':>7}")
total = Counter()
for module in modules:
    c = status[module]
    n = sum(c.values())
    killed = c["killed"] + c["timeout"]
    survived = c["survived"]
    total.update(c)
    score = f"{100 * killed / n:.1f}%" if n else "-"
    print(f"{module:40} {n:8} {killed:7} {survived:9} {n - killed - survived:6} {score:>7}")
n = sum(total.values())
k = total["killed"] + total["timeout"]
print(f"{'total':40} {n:8} {k:7} {total['survived']:9} {n - k - total['survived']:6} "
      f"{100 * k / max(n, 1):.1f}%")
PY
}

# MUTATION_ONLY="people/matching people/_hopcroft_karp" narrows both lists to the
# modules (and test directories) whose paths contain one of the words.
if [ -n "${MUTATION_ONLY:-}" ]; then
  keep() { local item word; for item in "$@"; do for word in $MUTATION_ONLY; do
    case "$item" in *"/${word%%/*}/"*) echo "$item"; break;; esac; done; done; }
  mapfile -t picked < <(for m in "${modules[@]}"; do for w in $MUTATION_ONLY; do
    case "$m" in *"$w"*) echo "$m"; break;; esac; done; done)
  modules=("${picked[@]}")
  mapfile -t tests < <(keep "${tests[@]}")
fi

if [ "${1:-}" = "--summary" ]; then
  summary
  exit 0
fi

rm -rf "$work"
mkdir -p "$work"
# The last commit, not the working tree: others' half-done edits must not break the run.
git -C "$here" archive HEAD src tests docs examples conftest.py pyproject.toml | tar -x -C "$work"
# ...plus the mutation-killing tests as they are now (so they can be tried before a commit).
(cd "$here" && cp --parents conftest.py tests/people/test_people_matching_properties.py \
  tests/model/test_model_pinned_*.py tests/surveys/test_surveys_pinned_*.py \
  tests/people/test_people_pinned_*.py "$work/" 2>/dev/null) || true
find "$work" -name __pycache__ -prune -exec rm -rf {} +
# The seed documents sit beside the checkout (conftest.py's seed_dir); mutmut runs the
# tests in $work/mutants, so they must sit beside that too.
if [ -d "$here/../shared" ]; then ln -s "$(cd "$here/../shared" && pwd)" "$work/shared"; fi
{
  echo
  echo "[tool.mutmut]"
  echo 'source_paths = ["src/coprod"]'
  echo 'also_copy = ["docs", "examples", "conftest.py"]'
  printf 'only_mutate = ['; printf '"%s", ' "${modules[@]}"; echo ']'
  printf 'pytest_add_cli_args_test_selection = ['; printf '"%s", ' "${tests[@]}"; echo ']'
  echo 'pytest_add_cli_args = ["-p", "no:cacheprovider", "-x", "-q"]'
  # A mutant that loops forever costs the whole timeout: keep it to a few times the
  # tests' own time (the default 15x made the matching modules take hours).
  echo 'timeout_multiplier = 2.0'
  echo 'timeout_constant = 5.0'
} >>"$work/pyproject.toml"
cd "$work"
# The matching property tests run a quarter of their examples (see their SCALE).
COPROD_MUTATION=1 "$python" -m mutmut run --max-children "${MUTATION_JOBS:-2}" || true
summary
