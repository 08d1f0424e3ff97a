#!/usr/bin/env python3
"""Static validation of the Kubernetes manifests (deploy/k8s).

    validate_k8s.py SOURCE_DIR

1. yamllint on every file under deploy/k8s (skipped, saying so, when
   yamllint is not installed: Debian package yamllint).
2. Renders the base and the production overlay:
   - with `kubectl kustomize` when kubectl is on PATH (it is not a Debian
     package), and then ALSO with the script's own renderer, so the
     fallback stays honest;
   - without kubectl (or with VALIDATE_K8S_NO_KUBECTL=1, to test this
     path), with the script's own renderer only: resources,
     namespace, images, replicas, strategic-merge `$patch: delete` and
     JSON6902 patches (add/replace/remove/test) with kind/name targets —
     what these kustomizations use; anything else is an error.
3. Checks the rendered objects (see check()). Exit status 1 with every
   problem listed, 0 when all hold. Needs python3-yaml.
"""
import copy
import os
import shutil
import subprocess
import sys

try:
    import yaml
except ImportError:
    print("FAIL: python3-yaml is not installed (Debian package python3-yaml)")
    sys.exit(1)

SERVICES = {
    "agencies": 50051,
    "plans": 50052,
    "reporting": 50053,
    "campaigns": 50054,
    "gateway": 50050,
}
PRODUCTION_REPLICAS = {"gateway": 3}  # others: 2
DATA_DIR = "/var/lib/interplan"
# The health-only port (--health_port): grpc.health.v1 in plaintext, the
# kubelet's probes' port on every Deployment, TLS or not.
HEALTH_PORT = 8081


class Problems:
    def __init__(self):
        self.items = []

    def add(self, where, what):
        self.items.append(f"{where}: {what}")


# --- a small kustomize, enough for deploy/k8s ------------------------------

def load_docs(path):
    with open(path, encoding="utf-8") as f:
        return [d for d in yaml.safe_load_all(f) if d is not None]


def json_pointer(path):
    parts = path.lstrip("/").split("/") if path != "/" else []
    return [p.replace("~1", "/").replace("~0", "~") for p in parts]


def apply_json6902(obj, ops, where):
    for op in ops:
        parts = json_pointer(op["path"])
        parent = obj
        for p in parts[:-1]:
            parent = parent[int(p)] if isinstance(parent, list) else parent[p]
        last = parts[-1]
        kind = op["op"]
        if isinstance(parent, list):
            index = len(parent) if last == "-" else int(last)
            if kind == "add":
                parent.insert(index, copy.deepcopy(op["value"]))
            elif kind == "replace":
                parent[index] = copy.deepcopy(op["value"])
            elif kind == "remove":
                del parent[index]
            elif kind == "test":
                if parent[index] != op["value"]:
                    raise ValueError(f"{where}: test failed at {op['path']}")
            else:
                raise ValueError(f"{where}: unsupported op {kind}")
        else:
            if kind == "add":
                parent[last] = copy.deepcopy(op["value"])
            elif kind == "replace":
                if last not in parent:
                    raise ValueError(f"{where}: replace of missing {op['path']}")
                parent[last] = copy.deepcopy(op["value"])
            elif kind == "remove":
                del parent[last]
            elif kind == "test":
                if parent.get(last) != op["value"]:
                    raise ValueError(f"{where}: test failed at {op['path']}")
            else:
                raise ValueError(f"{where}: unsupported op {kind}")


def matches(obj, target):
    if not target:
        return True
    if "kind" in target and obj.get("kind") != target["kind"]:
        return False
    if "name" in target and obj["metadata"].get("name") != target["name"]:
        return False
    return True


def render(directory):
    kfile = os.path.join(directory, "kustomization.yaml")
    kust = load_docs(kfile)[0]
    objects = []
    for resource in kust.get("resources", []):
        path = os.path.join(directory, resource)
        if os.path.isdir(path):
            objects.extend(render(path))
        else:
            objects.extend(load_docs(path))
    for patch in kust.get("patches", []):
        if "path" in patch:
            docs = load_docs(os.path.join(directory, patch["path"]))
            where = patch["path"]
        else:
            docs = [d for d in yaml.safe_load_all(patch["patch"]) if d is not None]
            where = "inline patch"
        target = patch.get("target")
        if len(docs) == 1 and isinstance(docs[0], list):
            hit = [o for o in objects if matches(o, target)]
            if not hit:
                raise ValueError(f"{where}: no object matches {target}")
            for o in hit:
                apply_json6902(o, docs[0], where)
            continue
        for doc in docs:
            if doc.get("$patch") != "delete":
                raise ValueError(f"{where}: only $patch: delete strategic patches are handled")
            before = len(objects)
            objects = [o for o in objects
                       if not (o["kind"] == doc["kind"]
                               and o["metadata"]["name"] == doc["metadata"]["name"])]
            if len(objects) == before:
                raise ValueError(f"{where}: nothing to delete for {doc['metadata']['name']}")
    for r in kust.get("replicas", []):
        hit = [o for o in objects if o["kind"] == "Deployment"
               and o["metadata"]["name"] == r["name"]]
        if not hit:
            raise ValueError(f"replicas: no Deployment {r['name']}")
        for o in hit:
            o["spec"]["replicas"] = r["count"]
    for image in kust.get("images", []):
        for o in objects:
            for c in pod_containers(o):
                name, _, tag = c["image"].partition(":")
                if name != image["name"]:
                    continue
                c["image"] = (image.get("newName", name) + ":" + image.get("newTag", tag))
    if "namespace" in kust:
        for o in objects:
            o["metadata"]["namespace"] = kust["namespace"]
    return objects


# --- checks ----------------------------------------------------------------

def pod_spec(obj):
    if obj.get("kind") in ("Deployment", "Job"):
        return obj["spec"]["template"]["spec"]
    return None


def pod_containers(obj):
    spec = pod_spec(obj)
    if spec is None:
        return []
    return spec.get("initContainers", []) + spec.get("containers", [])


def labels_match(selector, labels):
    return all(labels.get(k) == v for k, v in selector.get("matchLabels", {}).items())


def check_security(where, obj, problems):
    spec = pod_spec(obj)
    pod = spec.get("securityContext", {})
    for c in pod_containers(obj):
        at = f"{where} container {c['name']}"
        sc = c.get("securityContext", {})
        merged = dict(pod)
        merged.update(sc)
        if merged.get("runAsNonRoot") is not True:
            problems.add(at, "runAsNonRoot is not true")
        if merged.get("runAsUser") != 10001:
            problems.add(at, f"runAsUser is {merged.get('runAsUser')}, not 10001")
        if merged.get("seccompProfile", {}).get("type") != "RuntimeDefault":
            problems.add(at, "seccompProfile is not RuntimeDefault")
        if sc.get("readOnlyRootFilesystem") is not True:
            problems.add(at, "readOnlyRootFilesystem is not true")
        if sc.get("allowPrivilegeEscalation") is not False:
            problems.add(at, "allowPrivilegeEscalation is not false")
        if "ALL" not in sc.get("capabilities", {}).get("drop", []):
            problems.add(at, "capabilities do not drop ALL")
        if sc.get("privileged"):
            problems.add(at, "privileged")
        resources = c.get("resources", {})
        for part in ("requests", "limits"):
            for r in ("cpu", "memory"):
                if r not in resources.get(part, {}):
                    problems.add(at, f"no resources.{part}.{r}")
        # A read-only root needs writable /tmp and data dir: emptyDirs.
        volumes = {v["name"]: v for v in spec.get("volumes", [])}
        mounts = {m["mountPath"]: m["name"] for m in c.get("volumeMounts", [])}
        for path in ("/tmp", DATA_DIR):
            volume = volumes.get(mounts.get(path, ""), {})
            if "emptyDir" not in volume:
                problems.add(at, f"{path} is not an emptyDir volume")


def check(objects, production, problems, label):
    by_kind = {}
    for o in objects:
        by_kind.setdefault(o["kind"], {})[o["metadata"]["name"]] = o
    deployments = by_kind.get("Deployment", {})
    config = by_kind.get("ConfigMap", {}).get("interplan-config")
    if config is None:
        problems.add(label, "no ConfigMap interplan-config")
        config = {"data": {}}
    data = config.get("data", {})
    tls = "INTERPLAN_TLS_CERT_FILE" in data
    for service, port in SERVICES.items():
        if data.get(f"INTERPLAN_{service.upper()}_ADDR") != f"interplan-{service}:{port}":
            problems.add(f"{label} ConfigMap", f"INTERPLAN_{service.upper()}_ADDR is not "
                         f"interplan-{service}:{port}")
    if data.get("INTERPLAN_HEALTH_PORT") != str(HEALTH_PORT):
        problems.add(f"{label} ConfigMap", f"INTERPLAN_HEALTH_PORT is not {HEALTH_PORT}")
    if production and data.get("INTERPLAN_SEED_PLANS") != "off":
        problems.add(f"{label} ConfigMap", "the bootstrap job would push the seed plans "
                     "(INTERPLAN_SEED_PLANS is not off)")
    if data.get("INTERPLAN_AUTH") != "on":
        problems.add(f"{label} ConfigMap", "INTERPLAN_AUTH is not on")
    if not data.get("INTERPLAN_REDIS_URL", "").startswith("redis://"):
        problems.add(f"{label} ConfigMap", "no INTERPLAN_REDIS_URL")
    if production:
        for v in ("INTERPLAN_TLS_CERT_FILE", "INTERPLAN_TLS_KEY_FILE",
                  "INTERPLAN_TLS_CLIENT_CA_FILE", "INTERPLAN_TLS_CA_FILE"):
            if v not in data:
                problems.add(f"{label} ConfigMap", f"TLS is not on: no {v}")

    secrets = by_kind.get("Secret", {})
    if production:
        for name in secrets:
            problems.add(label, f"ships Secret {name}: production Secrets are created by "
                         "operators, never rendered from the repository")
    images = set()
    for service, port in SERVICES.items():
        name = f"interplan-{service}"
        where = f"{label} Deployment {name}"
        d = deployments.get(name)
        if d is None:
            problems.add(label, f"no Deployment {name}")
            continue
        spec = pod_spec(d)
        pod_labels = d["spec"]["template"]["metadata"].get("labels", {})
        if not labels_match(d["spec"]["selector"], pod_labels):
            problems.add(where, "selector does not match its pod labels")
        replicas = d["spec"].get("replicas", 1)
        if production and replicas < PRODUCTION_REPLICAS.get(service, 2):
            problems.add(where, f"{replicas} replicas in production")
        containers = spec["containers"]
        main = containers[0]
        images.add(main["image"])
        if main.get("args", [None])[0] != service:
            problems.add(where, f"args are {main.get('args')}, not [{service}]")
        ports = {p.get("name"): p["containerPort"] for p in main.get("ports", [])}
        if ports.get("grpc") != port:
            problems.add(where, f"no grpc port {port}")
        if ports.get("health") != HEALTH_PORT:
            problems.add(where, f"no health port {HEALTH_PORT}")
        if service == "gateway" and ports.get("http") != 8080:
            problems.add(where, "no http port 8080")
        env = {e["name"]: e for e in main.get("env", [])}
        if env.get("INTERPLAN_LISTEN_ADDR", {}).get("value") != f"0.0.0.0:{port}":
            problems.add(where, f"INTERPLAN_LISTEN_ADDR is not 0.0.0.0:{port}")
        if service != "gateway":
            ref = env.get("INTERPLAN_DATABASE_URL", {}).get("valueFrom", {}).get("secretKeyRef")
            if not ref:
                problems.add(where, "INTERPLAN_DATABASE_URL does not come from a Secret")
        if service != "agencies" and "INTERPLAN_SERVICE_KEY_FILE" not in env:
            problems.add(where, "no INTERPLAN_SERVICE_KEY_FILE")
        # The kubelet's gRPC probe speaks plaintext: it asks the health-only
        # port, which says NOT_SERVING while the pod drains (a tcpSocket
        # probe would keep a draining pod ready).
        for probe in ("startupProbe", "readinessProbe", "livenessProbe"):
            p = main.get(probe)
            if p is None:
                problems.add(where, f"no {probe}")
            elif p.get("grpc", {}).get("port") != HEALTH_PORT:
                problems.add(where, f"{probe} is not a native gRPC probe on the health port "
                             f"{HEALTH_PORT}")
        if tls:
            tls_volumes = [v for v in spec.get("volumes", [])
                           if v.get("secret", {}).get("secretName") == "interplan-tls"]
            mounted = [m for m in main.get("volumeMounts", [])
                       if m["mountPath"] == "/etc/interplan/tls"]
            if not tls_volumes or not mounted:
                problems.add(where, "TLS on but the interplan-tls Secret is not mounted")
            elif production and tls_volumes[0]["secret"].get("optional", False):
                problems.add(where, "the interplan-tls Secret is optional in production")
        if production:
            spread = spec.get("topologySpreadConstraints", [])
            strict = [t for t in spread if t.get("topologyKey") == "kubernetes.io/hostname"
                      and t.get("whenUnsatisfiable") == "DoNotSchedule"
                      and labels_match(t.get("labelSelector", {}), pod_labels)]
            anti = (spec.get("affinity", {}).get("podAntiAffinity", {})
                    .get("requiredDuringSchedulingIgnoredDuringExecution", []))
            if not strict and not anti:
                problems.add(where, "replicas are not spread across nodes")
        check_security(where, d, problems)
        pdbs = [p for p in by_kind.get("PodDisruptionBudget", {}).values()
                if labels_match(p["spec"].get("selector", {}), pod_labels)]
        if len(pdbs) != 1:
            problems.add(where, f"{len(pdbs)} PodDisruptionBudgets select it, not 1")
        elif pdbs[0]["spec"].get("minAvailable") != 1:
            problems.add(where, "its PodDisruptionBudget is not minAvailable: 1")
        services = [s for s in by_kind.get("Service", {}).values()
                    if s["spec"].get("selector") and
                    all(pod_labels.get(k) == v for k, v in s["spec"]["selector"].items())]
        svc = by_kind.get("Service", {}).get(name)
        if svc is None or svc not in services:
            problems.add(where, f"no Service {name} selecting its pods")
        else:
            svc_ports = {p["port"] for p in svc["spec"]["ports"]}
            want = {port, 8080} if service == "gateway" else {port}
            if not want <= svc_ports:
                problems.add(f"{label} Service {name}", f"ports {svc_ports}, want {want}")
            if HEALTH_PORT in svc_ports:
                problems.add(f"{label} Service {name}", "exposes the health-only port")
            if service == "gateway" and production:
                http = [p for p in svc["spec"]["ports"] if p["port"] == 8080]
                if http and http[0].get("appProtocol") != "https":
                    problems.add(f"{label} Service {name}", "the HTTP face is not https with TLS")
        # Every Secret referenced exists in the base (production: none
        # rendered, created by operators).
        refs = [e["valueFrom"]["secretKeyRef"]["name"] for e in main.get("env", [])
                if "secretKeyRef" in e.get("valueFrom", {})]
        refs += [v["secret"]["secretName"] for v in spec.get("volumes", []) if "secret" in v]
        for ref in refs:
            if not production and ref not in secrets:
                problems.add(where, f"references Secret {ref}, which the base does not define")

    job = by_kind.get("Job", {}).get("interplan-bootstrap")
    if job is None:
        problems.add(label, "no Job interplan-bootstrap")
    else:
        main = pod_spec(job)["containers"][0]
        images.add(main["image"])
        if main.get("args") != ["bootstrap"]:
            problems.add(f"{label} Job", f"args are {main.get('args')}, not [bootstrap]")
        check_security(f"{label} Job interplan-bootstrap", job, problems)
        # The keys it creates must outlive the pod, or a re-run creates
        # new ones (not idempotent).
        env = {e["name"]: e.get("value") for e in main.get("env", [])}
        volumes = {v["name"]: v for v in pod_spec(job).get("volumes", [])}
        mounts = {m["mountPath"]: m["name"] for m in main.get("volumeMounts", [])}
        claim = (volumes.get(mounts.get(env.get("INTERPLAN_CREDENTIALS_DIR"), ""), {})
                 .get("persistentVolumeClaim", {}).get("claimName"))
        if not claim:
            problems.add(f"{label} Job", "INTERPLAN_CREDENTIALS_DIR is not on a volume claim")
        elif claim not in by_kind.get("PersistentVolumeClaim", {}):
            problems.add(f"{label} Job", f"no PersistentVolumeClaim {claim}")
    if len(images) != 1:
        problems.add(label, f"not one image for everything: {sorted(images)}")
    for image in images:
        tag = image.rpartition(":")[2] if ":" in image.rsplit("/", 1)[-1] else ""
        if production and ("@sha256:" not in image and (not tag or tag == "latest")):
            problems.add(label, f"image {image} is not pinned")
    if not production:
        for name, s in secrets.items():
            text = yaml.safe_dump(s)
            if "FAKE" not in text:
                problems.add(f"{label} Secret {name}", "a base Secret must be an obvious FAKE")


def main():
    source = sys.argv[1] if len(sys.argv) > 1 else "."
    root = os.path.join(source, "deploy", "k8s")
    problems = Problems()

    yamllint = shutil.which("yamllint")
    if yamllint:
        run = subprocess.run([yamllint, "-f", "parsable", "-c", os.path.join(root, ".yamllint"),
                              root], capture_output=True, text=True)
        print(f"yamllint: exit {run.returncode}")
        if run.returncode != 0:
            problems.add("yamllint", run.stdout + run.stderr)
    else:
        print("SKIPPED yamllint: not installed (Debian package yamllint)")

    targets = [("base", os.path.join(root, "base"), False),
               ("production", os.path.join(root, "overlays", "production"), True)]
    kubectl = None if os.environ.get("VALIDATE_K8S_NO_KUBECTL") else shutil.which("kubectl")
    if kubectl:
        print(f"rendering with {kubectl} kustomize, and with this script's own renderer")
        for label, directory, production in targets:
            run = subprocess.run([kubectl, "kustomize", directory], capture_output=True, text=True)
            if run.returncode != 0:
                problems.add(f"kubectl kustomize {label}", run.stderr[-2000:])
                continue
            objects = [d for d in yaml.safe_load_all(run.stdout) if d is not None]
            print(f"  kubectl kustomize {label}: {len(objects)} objects")
            check(objects, production, problems, f"[kubectl] {label}")
    else:
        print("kubectl is not installed (it is not a Debian package): rendering with this "
              "script's own renderer only")
    for label, directory, production in targets:
        try:
            objects = render(directory)
        except (ValueError, KeyError, IndexError, OSError, yaml.YAMLError) as error:
            problems.add(f"[script] {label}", f"cannot render: {error!r}")
            continue
        print(f"  script render {label}: {len(objects)} objects")
        check(objects, production, problems, f"[script] {label}")

    if problems.items:
        print(f"FAIL: {len(problems.items)} problems")
        for p in problems.items:
            print("  " + p)
        return 1
    print("OK: base and production overlay valid")
    return 0


if __name__ == "__main__":
    sys.exit(main())
