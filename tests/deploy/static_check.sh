#!/usr/bin/env bash
# Static checks of deploy/ (no container engine needed):
#   docker-compose config (package docker-compose), yamllint (yamllint),
#   ShellCheck on the scripts (package shellcheck), and a structural check of
#   compose.yaml and the Dockerfile with python3 + python3-yaml.
# A missing tool is reported as SKIPPED and the script exits 77 (CTest: skip)
# after running every check it can; any failure exits 1.
#
#   tests/deploy/static_check.sh [SOURCE_DIR]
set -uo pipefail
cd "${1:-$(dirname "$0")/../..}" || exit 1

failed=0
skipped=()
check() { # check NAME COMMAND...
  local name=$1
  shift
  if "$@"; then
    echo "ok: $name"
  else
    echo "FAILED: $name" >&2
    failed=1
  fi
}
need() { # need TOOL PACKAGE: false (and noted) when TOOL is absent
  if command -v "$1" >/dev/null 2>&1; then return 0; fi
  echo "SKIPPED: $1 is not installed (Debian package $2)" >&2
  skipped+=("$1")
  return 1
}

if need docker-compose docker-compose; then
  check "docker-compose config" docker-compose -f deploy/compose.yaml config -q
  check "docker-compose config (TLS)" env INTERPLAN_TLS_DIR=/etc/interplan/tls \
    docker-compose -f deploy/compose.yaml -f deploy/compose.tls.yaml config -q
fi
if need yamllint yamllint; then
  check "yamllint" yamllint -s -c deploy/.yamllint deploy/compose.yaml deploy/compose.tls.yaml \
    deploy/.yamllint
fi
if need shellcheck shellcheck; then
  check "shellcheck" shellcheck deploy/entrypoint.sh deploy/bootstrap.sh tests/deploy/static_check.sh \
    tools/run_suite.sh tools/soak_start.sh tests/deploy/image_test.sh \
    deploy/images/postgres-entrypoint.sh deploy/images/redis-entrypoint.sh
fi
check "bash -n" bash -n deploy/entrypoint.sh
check "bash -n" bash -n deploy/bootstrap.sh

# Debian's python3 (with python3-yaml), not whichever python3 is first on
# PATH (a pyenv one may lack the module).
PYTHON=${PYTHON:-$( [ -x /usr/bin/python3 ] && echo /usr/bin/python3 || echo python3 )}
if need "$PYTHON" python3 && "$PYTHON" -c 'import yaml' 2>/dev/null; then
  check "compose.yaml and Dockerfile structure" "$PYTHON" - <<'EOF'
import os, re, sys, yaml

errors = []
compose = yaml.safe_load(open("deploy/compose.yaml"))
services = compose["services"]
ours = ["agencies", "plans", "reporting", "campaigns", "gateway", "bootstrap"]
for name in ours + ["postgres", "redis"]:
    if name not in services:
        errors.append(f"compose: no service {name}")
for name in ours:
    s = services.get(name, {})
    if s.get("read_only") is not True:
        errors.append(f"compose {name}: read_only is not true")
    user = str(s.get("user", ""))
    if not user or user.split(":")[0] in ("0", "root"):
        errors.append(f"compose {name}: runs as root")
    if s.get("command", [None])[0] != name:
        errors.append(f"compose {name}: command is not [{name}]")
    env = s.get("environment", {})
    for var in ("INTERPLAN_DATABASE_URL", "INTERPLAN_REDIS_URL", "INTERPLAN_AGENCIES_ADDR",
                "INTERPLAN_SERVICE_KEY_FILE"):
        if var not in env:
            errors.append(f"compose {name}: {var} not set")
    if not str(env.get("INTERPLAN_DATABASE_URL", "")).startswith("postgres://"):
        errors.append(f"compose {name}: not on PostgreSQL")
    mounts = [str(v) for v in s.get("volumes", [])]
    if not any(m.startswith("credentials:") for m in mounts):
        errors.append(f"compose {name}: no credentials volume")
    if name != "bootstrap":
        port = env.get("INTERPLAN_LISTEN_ADDR", "")
        if not port:
            errors.append(f"compose {name}: no INTERPLAN_LISTEN_ADDR")
        hc = s.get("healthcheck", {})
        if "interplan-entrypoint" not in " ".join(map(str, hc.get("test", []))):
            errors.append(f"compose {name}: health check is not the interplan probe")
        if s.get("restart") not in ("always", "unless-stopped", "on-failure"):
            errors.append(f"compose {name}: no restart policy")
for name in ("reporting", "campaigns", "gateway"):
    dep = services.get(name, {}).get("depends_on", {}).get("bootstrap", {})
    if dep.get("condition") != "service_completed_successfully":
        errors.append(f"compose {name}: does not wait for the bootstrap job")
for name in ("postgres", "redis"):
    if "healthcheck" not in services.get(name, {}):
        errors.append(f"compose {name}: no health check")
if "postgres-data" not in (compose.get("volumes") or {}):
    errors.append("compose: no named volume for PostgreSQL")

dockerfile = open("deploy/Dockerfile").read()
stages = re.findall(r"^FROM\s+(\S+)", dockerfile, re.M)
if len(stages) < 2 or any(not s.startswith("debian:bookworm-slim") for s in stages):
    errors.append(f"Dockerfile: stages not all debian:bookworm-slim: {stages}")
for needle in ('ENTRYPOINT ["/usr/local/bin/interplan-entrypoint"]', "HEALTHCHECK",
               "USER 10001"):
    if needle not in dockerfile:
        errors.append(f"Dockerfile: missing {needle}")
for src in re.findall(r"^COPY\s+(?:--chmod=\S+\s+)?([^-\s]\S*)\s", dockerfile, re.M):
    if not os.path.exists(src):
        errors.append(f"Dockerfile: COPY source {src} does not exist")
for binary in ("interplan-agencies", "interplan-plans", "interplan-reporting",
               "interplan-campaigns", "interplan-gateway", "interplan-probe", "/interplan "):
    if binary not in dockerfile:
        errors.append(f"Dockerfile: {binary.strip()} not installed")
# Every -dev package of the Makefile (servers and test frameworks aside) is
# in the build stage.
makefile = open("Makefile").read()
packages = re.search(r"DEB_PACKAGES\s*:=((?:.*\\\n)*.*)", makefile).group(1).replace("\\\n", " ")
for pkg in packages.split():
    if pkg.endswith("-dev") and not pkg.startswith(("libgtest", "libgmock")) and pkg not in dockerfile:
        errors.append(f"Dockerfile: build stage lacks {pkg}")
for e in errors:
    print(e, file=sys.stderr)
sys.exit(1 if errors else 0)
EOF
else
  echo "SKIPPED: structural check (python3 and python3-yaml)" >&2
  skipped+=(python3-yaml)
fi

if [ "$failed" != 0 ]; then exit 1; fi
if [ ${#skipped[@]} -gt 0 ]; then
  echo "SKIPPED (tools absent): ${skipped[*]}" >&2
  exit 77
fi
echo "deploy/ static checks passed"
