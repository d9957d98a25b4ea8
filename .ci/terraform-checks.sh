#!/usr/bin/env bash
# Offline checks of terraform/:
#   1. terraform fmt -check on the whole tree
#   2. init + `terraform test` of the provider-free modules/pyroscope-config
#   3. structural assertions on modules/ecs-service and the examples, parsed
#      with the npm package @cdktf/hcl2json (no AWS provider needed)
#   4. init + validate of modules/ecs-service and the examples; these need the
#      hashicorp/aws provider from the registry, so they are reported as
#      "skipped: registry unreachable" when it cannot be reached
#
# A machine without the terraform binary skips 1, 2 and 4 (and says so); one
# without node/npm skips 3. Run from anywhere: bash .ci/terraform-checks.sh
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."

TF_ROOT=terraform
CONFIG_MODULE="$TF_ROOT/modules/pyroscope-config"
PROVIDER_DIRS=("$TF_ROOT/modules/ecs-service" "$TF_ROOT/examples/staging" "$TF_ROOT/examples/production")
HCL2JSON_VERSION="0.21.0"
TOOLS_DIR="${TERRAFORM_CHECKS_TOOLS_DIR:-$TF_ROOT/.tools}" # git-ignored
INIT_TIMEOUT=120

export TF_IN_AUTOMATION=1 TF_INPUT=0
# A TF_CLI_CONFIG_FILE that points nowhere only makes every command warn.
if [[ -n "${TF_CLI_CONFIG_FILE:-}" && ! -f "$TF_CLI_CONFIG_FILE" ]]; then
  unset TF_CLI_CONFIG_FILE
fi

tests_passed=0
tests_failed=0
skipped=()
summary=()

section() { printf '\n== %s\n' "$*"; }

current_step="setup"
with_timeout() {
  if command -v timeout >/dev/null 2>&1; then timeout "$@"; else shift; "$@"; fi
}

logdir="$(mktemp -d)"
cleanup() { rm -rf "$logdir"; }
trap 'rc=$?; cleanup; if [[ $rc -ne 0 ]]; then echo "terraform checks FAILED during: $current_step" >&2; fi; exit $rc' EXIT

have_terraform=false
if command -v terraform >/dev/null 2>&1; then
  have_terraform=true
  section "terraform: $(terraform version | head -n 1)"
else
  section "terraform binary not found"
  echo "SKIPPED: terraform is not installed on this machine; fmt, terraform test and validate are NOT run."
  skipped+=("terraform fmt / terraform test / terraform validate (no terraform binary)")
fi

# --- 1. formatting ------------------------------------------------------------
if $have_terraform; then
  current_step="terraform fmt"
  section "terraform fmt -check -recursive $TF_ROOT"
  terraform fmt -check -recursive -diff "$TF_ROOT"
  echo "formatting ok"
  summary+=("fmt: ok")
fi

# --- 2. provider-free module tests ---------------------------------------------
if $have_terraform; then
  current_step="init $CONFIG_MODULE"
  section "terraform init + test: $CONFIG_MODULE"
  if ! terraform -chdir="$CONFIG_MODULE" init -backend=false -input=false -no-color >"$logdir/config-init.log" 2>&1; then
    cat "$logdir/config-init.log"
    exit 1
  fi
  current_step="terraform test $CONFIG_MODULE"
  terraform -chdir="$CONFIG_MODULE" test -no-color 2>&1 | tee "$logdir/config-test.log"
  result_line="$(grep -Eo '[0-9]+ passed, [0-9]+ failed' "$logdir/config-test.log" | tail -n 1)"
  passed="${result_line%% passed*}"
  failed="$(sed -E 's/.* ([0-9]+) failed/\1/' <<<"$result_line")"
  tests_passed=$((tests_passed + passed))
  tests_failed=$((tests_failed + failed))
  summary+=("terraform test (pyroscope-config): $result_line")
fi

# --- 3. structural assertions (hcl2json) -----------------------------------------
current_step="structure check"
section "structure check (@cdktf/hcl2json)"
if command -v node >/dev/null 2>&1 && command -v npm >/dev/null 2>&1; then
  pkg_dir="$TOOLS_DIR/node_modules/@cdktf/hcl2json"
  installed="$(PKG_JSON="$pkg_dir/package.json" node -p "try { require(require('path').resolve(process.env.PKG_JSON)).version } catch (e) { '' }" 2>/dev/null || true)"
  if [[ "$installed" != "$HCL2JSON_VERSION" ]]; then
    mkdir -p "$TOOLS_DIR"
    current_step="npm install @cdktf/hcl2json@$HCL2JSON_VERSION"
    npm install --prefix "$TOOLS_DIR" --no-save --no-package-lock --no-audit --no-fund \
      --loglevel=error "@cdktf/hcl2json@$HCL2JSON_VERSION" >"$logdir/npm.log" 2>&1 || {
      cat "$logdir/npm.log"
      exit 1
    }
  fi
  current_step="structure check"
  HCL2JSON_MODULE="$(cd "$pkg_dir" && pwd)" node "$TF_ROOT/scripts/check-structure.mjs" "$TF_ROOT" | tee "$logdir/structure.log"
  result_line="$(grep -Eo '[0-9]+ passed, [0-9]+ failed' "$logdir/structure.log" | tail -n 1)"
  passed="${result_line%% passed*}"
  failed="$(sed -E 's/.* ([0-9]+) failed/\1/' <<<"$result_line")"
  tests_passed=$((tests_passed + passed))
  tests_failed=$((tests_failed + failed))
  summary+=("structural assertions: $result_line")
else
  echo "SKIPPED: node/npm not found; the hcl2json structure check is NOT run."
  skipped+=("structure check (no node/npm)")
fi

# --- 4. validate modules that need the AWS provider ------------------------------
registry_unreachable_re='could not connect to registry|no such host|dial tcp|connection refused|i/o timeout|TLS handshake timeout|network is unreachable|context deadline exceeded|Client.Timeout'
if $have_terraform; then
  for dir in "${PROVIDER_DIRS[@]}"; do
    current_step="init/validate $dir"
    section "terraform init + validate: $dir"
    log="$logdir/init-$(basename "$dir").log"
    if with_timeout "$INIT_TIMEOUT" terraform -chdir="$dir" init -backend=false -input=false -no-color >"$log" 2>&1; then
      terraform -chdir="$dir" validate -no-color
      summary+=("validate $dir: ok")
    elif grep -Eq "$registry_unreachable_re" "$log" || [[ ! -s "$log" ]]; then
      echo "skipped: registry unreachable - terraform init could not download the hashicorp/aws provider for $dir, so validate was not run."
      grep -E "$registry_unreachable_re" "$log" | head -n 1 | sed 's/^/  init said: /' || true
      skipped+=("validate $dir (registry unreachable)")
    else
      echo "terraform init failed for $dir for a reason other than the registry:"
      cat "$log"
      exit 1
    fi
  done
fi

# --- summary -------------------------------------------------------------------
current_step="summary"
section "summary"
for line in "${summary[@]}"; do echo "  $line"; done
for s in "${skipped[@]}"; do echo "  SKIPPED: $s"; done
if ((${#skipped[@]} > 0)); then
  echo "terraform: $tests_passed passed, $tests_failed failed, ${#skipped[@]} skipped"
else
  echo "terraform: $tests_passed passed, $tests_failed failed"
fi
if ((tests_failed > 0)); then exit 1; fi
