#!/usr/bin/env python3
"""The read path next to hand-written SQL, on one PostgreSQL database.

Seeds a database with `gecrm seed --scale N` (once; reused while it exists), starts the release
server on it, and for each request shape runs `wrk` against /graphql and `pgbench` with the
equivalent hand-written SQL, at the same concurrency. Prints, per shape: SQL statements per
request (from /metrics), requests/s, mean/p50/p99 latency, server CPU ms per request, the
SQL's transactions/s and mean latency, and the ratios to SQL; then a read mix of the four
shapes, the floor (a signed-in `{ __typename }`: HTTP, token, GraphQL and JSON with no SQL at
all, at the same concurrency), and the server's peak resident memory.

With `--generated PATH` (the `postgraphile` command of PostGraphile v4), the same four shapes
are also asked of that schema-generated GraphQL server, serving the same database, and the
table gains its figures and ours divided by its.

    cargo build --release --bin gecrm
    python3 scripts/side_by_side.py [--scale 10000] [--seconds 10] [--concurrency 4]
        [--database-url postgres://postgres@127.0.0.1:5432/gecrm_side_by_side?sslmode=disable]
        [--server target/release/gecrm]
        [--generated /tmp/postgraphile/node_modules/.bin/postgraphile]

Needs `wrk` and `pgbench` (Debian: `apt-get install wrk postgresql-client`).
"""
import argparse
import base64
import json
import os
import secrets
import shutil
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
import urllib.request

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))

# The four shapes. Each: the GraphQL query, and the SQL a person would write for the same rows
# (one pgbench transaction = every statement the page needs).
SHAPES = [
    {
        "name": "50 groups, owner, contacts",
        "generated": "{ allCustomerGroups(first: 50, orderBy: PRIMARY_KEY_DESC, condition: {archivedAt: null}) { nodes { nodeId code name appUserByOwnerId { displayName } contactsByGroupId(condition: {archivedAt: null}, orderBy: PRIMARY_KEY_ASC) { nodes { name role phones } } } } }",
        "query": "{ groups(first: 50) { nodes { id code name owner { displayName } contacts { name role phones } } } }",
        "sql": """
SELECT g.id, g.code, g.name, u.display_name FROM customer_group g JOIN app_user u ON u.id = g.owner_id
 WHERE g.archived_at IS NULL ORDER BY g.id DESC LIMIT 50;
SELECT c.group_id, c.name, c.role, c.phones FROM contact c
 WHERE c.group_id IN (SELECT id FROM customer_group WHERE archived_at IS NULL ORDER BY id DESC LIMIT 50)
   AND c.archived_at IS NULL ORDER BY c.group_id, c.id;
""",
        # The same page built into its JSON answer by PostgreSQL itself (ids and enums as served).
        "json": """
SELECT json_build_object('data', json_build_object('groups', json_build_object('nodes', coalesce(json_agg(json_build_object(
  'id', rtrim(translate(encode(convert_to('CustomerGroup:' || g.id, 'UTF8'), 'base64'), '+/', '-_'), '='),
  'code', g.code, 'name', g.name,
  'owner', json_build_object('displayName', u.display_name),
  'contacts', coalesce((SELECT json_agg(json_build_object('name', c.name, 'role', upper(c.role), 'phones', c.phones) ORDER BY c.id)
                        FROM contact c WHERE c.group_id = g.id AND c.archived_at IS NULL), '[]'::json)
) ORDER BY g.id DESC), '[]'::json))))::text
FROM (SELECT id, code, name, owner_id FROM customer_group WHERE archived_at IS NULL ORDER BY id DESC LIMIT 50) g
JOIN app_user u ON u.id = g.owner_id;
""",
    },
    {
        "name": "1 group, 50 members, 20 visits",
        "generated": "query($g: BigInt!) { customerGroupById(id: $g) { code name appUserByOwnerId { displayName } contactsByGroupId(condition: {archivedAt: null}, orderBy: PRIMARY_KEY_ASC) { nodes { name role phones } } membersByGroupId(first: 50, condition: {archivedAt: null}, orderBy: PRIMARY_KEY_ASC) { nodes { name phone status arpu } } visitsByGroupId(first: 20, orderBy: PRIMARY_KEY_DESC) { nodes { method purpose endedAt } } } }",
        "query": "query($id: ID!) { group(id: $id) { code name owner { displayName } contacts { name role phones } members(first: 50) { nodes { name phone status arpu } } visits(first: 20) { nodes { method purpose endedAt } } } }",
        "sql": """
SELECT g.code, g.name, u.display_name FROM customer_group g JOIN app_user u ON u.id = g.owner_id WHERE g.id = :g;
SELECT name, role, phones FROM contact WHERE group_id = :g AND archived_at IS NULL ORDER BY id;
SELECT name, phone, status, arpu FROM member WHERE group_id = :g AND archived_at IS NULL ORDER BY id LIMIT 50;
SELECT method, purpose, ended_at FROM visit WHERE group_id = :g ORDER BY id DESC LIMIT 20;
""",
    },
    {
        "name": "20 groups, 10 visits each, manager",
        "generated": "{ allCustomerGroups(first: 20, orderBy: PRIMARY_KEY_DESC, condition: {archivedAt: null}) { nodes { nodeId name visitsByGroupId(first: 10, orderBy: PRIMARY_KEY_DESC) { nodes { nodeId endedAt appUserByManagerId { displayName } } } } } }",
        "query": "{ groups(first: 20) { nodes { id name visits(first: 10) { nodes { id endedAt manager { displayName } } } } } }",
        "sql": """
WITH g AS (SELECT id, name FROM customer_group WHERE archived_at IS NULL ORDER BY id DESC LIMIT 20)
SELECT g.id, g.name, v.id, v.ended_at, u.display_name FROM g
  LEFT JOIN LATERAL (SELECT id, ended_at, manager_id FROM visit WHERE group_id = g.id ORDER BY id DESC LIMIT 10) v ON TRUE
  LEFT JOIN app_user u ON u.id = v.manager_id;
""",
        "json": """
SELECT json_build_object('data', json_build_object('groups', json_build_object('nodes', coalesce(json_agg(json_build_object(
  'id', rtrim(translate(encode(convert_to('CustomerGroup:' || g.id, 'UTF8'), 'base64'), '+/', '-_'), '='),
  'name', g.name,
  'visits', json_build_object('nodes', coalesce((SELECT json_agg(json_build_object(
       'id', rtrim(translate(encode(convert_to('Visit:' || v.id, 'UTF8'), 'base64'), '+/', '-_'), '='),
       'endedAt', v.ended_at, 'manager', json_build_object('displayName', mu.display_name)) ORDER BY v.id DESC)
     FROM (SELECT id, ended_at, manager_id FROM visit WHERE group_id = g.id ORDER BY id DESC LIMIT 10) v
     LEFT JOIN app_user mu ON mu.id = v.manager_id), '[]'::json))
) ORDER BY g.id DESC), '[]'::json))))::text
FROM (SELECT id, name FROM customer_group WHERE archived_at IS NULL ORDER BY id DESC LIMIT 20) g;
""",
    },
    {
        "name": "groups by name, page 500 of 10",
        "generated": "query($a: Cursor) { allCustomerGroups(first: 10, after: $a, orderBy: [NAME_ASC, PRIMARY_KEY_ASC], condition: {archivedAt: null}) { nodes { nodeId code name } } }",
        "query": "query($a: String) { groups(first: 10, after: $a, orderBy: {field: NAME, direction: ASC}) { nodes { id code name } } }",
        "sql": """
SELECT id, code, name FROM customer_group WHERE archived_at IS NULL AND (name, id) > (:name, :id)
 ORDER BY name, id LIMIT 10;
""",
    },
]

WRK_LUA = r"""
local bodies = {}
for line in io.lines(os.getenv("BODIES")) do bodies[#bodies + 1] = line end
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
if os.getenv("TOKEN") ~= "" then wrk.headers["Authorization"] = "Bearer " .. os.getenv("TOKEN") end
local threads = {}
function setup(thread) table.insert(threads, thread) end
function init(args) n = 0; failed = 0 end
function request()
  n = n + 1
  return wrk.format(nil, nil, nil, bodies[(n % #bodies) + 1])
end
function response(status, headers, body)
  if status ~= 200 or body:find('"errors"', 1, true) then failed = failed + 1 end
end
function done(summary, latency, requests)
  local f = 0
  for _, t in ipairs(threads) do f = f + t:get("failed") end
  io.write(string.format('RESULT {"requests": %d, "us": %d, "mean": %f, "p50": %d, "p99": %d, "failed": %d}\n',
    summary.requests, summary.duration, latency.mean, latency:percentile(50), latency:percentile(99), f))
end
"""


def args():
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--scale", type=int, default=10000)
    p.add_argument("--seconds", type=int, default=10)
    p.add_argument("--concurrency", type=int, default=4)
    # Without TLS for every client alike: libpq (pgbench) and sqlx (this product) negotiate it
    # when the server offers it, node-postgres (PostGraphile) does not.
    p.add_argument("--database-url", default="postgres://postgres@127.0.0.1:5432/gecrm_side_by_side?sslmode=disable")
    p.add_argument("--server", default=os.path.join(ROOT, "target/release/gecrm"))
    p.add_argument("--port", type=int, default=18381)
    p.add_argument("--generated", help="PostGraphile v4's `postgraphile` command, to measure it on the same data")
    p.add_argument("--generated-port", type=int, default=18391)
    return p.parse_args()


def psql(url, sql):
    out = subprocess.run(["psql", url, "-XAtqc", sql], check=True, capture_output=True, text=True).stdout
    return out.strip()


def ensure_database(a):
    u = urllib.parse.urlparse(a.database_url)
    name = u.path.lstrip("/")
    admin = a.database_url.rsplit("/", 1)[0] + "/postgres"
    if psql(admin, f"SELECT 1 FROM pg_database WHERE datname = '{name}'") == "1":
        if psql(a.database_url, "SELECT count(*) FROM customer_group") not in ("", "0"):
            return
    else:
        psql(admin, f'CREATE DATABASE "{name}"')
    print(f"seeding {a.scale} groups into {name} (once) …", flush=True)
    env = dict(os.environ, DATABASE_URL=a.database_url, RUST_LOG="warn")
    subprocess.run([a.server, "seed", "--scale", str(a.scale)], check=True, env=env)
    psql(a.database_url, "VACUUM ANALYZE")


def gid(kind, n):
    return base64.urlsafe_b64encode(f"{kind}:{n}".encode()).decode().rstrip("=")


class Process:
    """A GraphQL server under measurement: its CPU time and peak resident memory."""

    def __init__(self, cmd, env, url, ready, log_name):
        self.url = url
        self.log = open(os.path.join(tempfile.gettempdir(), log_name), "w")
        self.proc = subprocess.Popen(cmd, env=env, stdout=self.log, stderr=subprocess.STDOUT)
        for _ in range(600):
            try:
                ready()
                break
            except Exception:
                time.sleep(0.1)
        else:
            sys.exit("the server did not become ready; see " + self.log.name)
        self.peak_rss = 0
        self.sampling = True
        threading.Thread(target=self.sample, daemon=True).start()

    def sample(self):
        while self.sampling:
            self.peak_rss = max(self.peak_rss, self.rss_mb())
            time.sleep(0.2)

    def rss_mb(self):
        with open(f"/proc/{self.proc.pid}/status") as f:
            for line in f:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1]) / 1024
        return 0

    def cpu_ms(self):
        with open(f"/proc/{self.proc.pid}/stat") as f:
            fields = f.read().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) * 1000 / os.sysconf("SC_CLK_TCK")

    def post(self, body, token=None):
        req = urllib.request.Request(self.url + "/graphql", data=json.dumps(body).encode(), method="POST")
        req.add_header("Content-Type", "application/json")
        if token:
            req.add_header("Authorization", "Bearer " + token)
        resp = json.load(urllib.request.urlopen(req, timeout=60))
        if "errors" in resp:
            sys.exit(f"request failed: {resp['errors']}")
        return resp["data"]

    def statements(self):
        return None

    def compiled(self):
        return None

    def stop(self):
        self.sampling = False
        self.proc.terminate()
        self.proc.wait()


class Server(Process):
    """This product's release server."""

    def __init__(self, a):
        self.metrics_token = secrets.token_hex(16)
        env = dict(
            os.environ,
            DATABASE_URL=a.database_url,
            BIND_ADDR=f"127.0.0.1:{a.port}",
            SEED_DEMO="false",
            METRICS_TOKEN=self.metrics_token,
            RUST_LOG=os.environ.get("RUST_LOG", "info"),
        )
        url = f"http://127.0.0.1:{a.port}"
        ready = lambda: urllib.request.urlopen(url + "/readyz", timeout=1)
        super().__init__([a.server], env, url, ready, "side_by_side_server.log")

    def metric(self, name):
        req = urllib.request.Request(self.url + "/metrics")
        req.add_header("Authorization", "Bearer " + self.metrics_token)
        for line in urllib.request.urlopen(req).read().decode().splitlines():
            if line.startswith(name + " "):
                return float(line.split()[1])
        sys.exit(f"{name} missing from /metrics")

    def statements(self):
        return self.metric("sql_statements_total")

    def compiled(self):
        """Lists answered by a compiled read so far (`COMPILED_READS=false` turns them off)."""
        return self.metric("graphql_compiled_reads_total")


class Generated(Process):
    """PostGraphile v4 serving the same database: every table, no scope rules, no sign-in."""

    def __init__(self, a):
        url = f"http://127.0.0.1:{a.generated_port}"
        cmd = [a.generated, "-c", a.database_url, "--schema", "public", "--host", "127.0.0.1",
               "--port", str(a.generated_port), "--disable-query-log", "--disable-graphiql"]
        env = dict(os.environ, NODE_ENV="production")
        super().__init__(cmd, env, url, lambda: self.post({"query": "{ __typename }"}), "side_by_side_generated.log")


def wrk(a, server, token, bodies, workdir):
    path = os.path.join(workdir, "bodies.jsonl")
    with open(path, "w") as f:
        f.write("\n".join(json.dumps(b, ensure_ascii=False) for b in bodies) + "\n")
    script = os.path.join(workdir, "post.lua")
    with open(script, "w") as f:
        f.write(WRK_LUA)
    env = dict(os.environ, BODIES=path, TOKEN=token)
    threads = min(a.concurrency, 2)
    before_sql, before_compiled, before_cpu = server.statements(), server.compiled(), server.cpu_ms()
    cmd = ["wrk", f"-t{threads}", f"-c{a.concurrency}", f"-d{a.seconds}s", "-s", script, server.url + "/graphql"]
    out = subprocess.run(cmd, check=True, capture_output=True, text=True, env=env).stdout
    after_cpu, after_sql, after_compiled = server.cpu_ms(), server.statements(), server.compiled()
    r = json.loads(next(l for l in out.splitlines() if l.startswith("RESULT ")).split(" ", 1)[1])
    n = r["requests"]
    if r["failed"]:
        sys.exit(f"{r['failed']} of {n} requests failed")
    return {
        "rps": n / (r["us"] / 1e6),
        "mean": r["mean"] / 1000,
        "p50": r["p50"] / 1000,
        "p99": r["p99"] / 1000,
        "statements": None if before_sql is None else (after_sql - before_sql) / n,
        "compiled": None if before_compiled is None else (after_compiled - before_compiled) / n,
        "cpu": (after_cpu - before_cpu) / n,
    }


def pgbench(a, sql, defines, workdir):
    """Transactions/s and mean latency of the hand-written SQL. (pgbench's per-transaction log
    records many transactions as taking 0 µs on this version, so no percentiles are taken
    from it: the mean is clients / throughput, which pgbench reports itself.)"""
    script = os.path.join(workdir, "shape.sql")
    with open(script, "w") as f:
        f.write("BEGIN;\n" + sql.strip() + "\nCOMMIT;\n")
    cmd = ["pgbench", "-n", "-M", "prepared", f"-c{a.concurrency}", f"-j{min(a.concurrency, 2)}", f"-T{a.seconds}"]
    cmd += ["-f", script]
    for k, v in defines.items():
        cmd += ["-D", f"{k}={v}"]
    run = subprocess.run(cmd + [a.database_url], capture_output=True, text=True)
    if run.returncode != 0:
        sys.exit(f"pgbench failed: {run.stderr}")
    lines = run.stdout.splitlines()
    tps = float(next(l for l in lines if l.startswith("tps =")).split()[2])
    mean = float(next(l for l in lines if l.startswith("latency average =")).split()[3])
    return {"tps": tps, "mean": mean}


def main():
    a = args()
    for tool in ("wrk", "pgbench", "psql"):
        if not shutil.which(tool):
            sys.exit(f"{tool} is missing (Debian: apt-get install wrk postgresql-client)")
    if not os.path.exists(a.server):
        sys.exit(f"{a.server} is missing: cargo build --release --bin gecrm")
    ensure_database(a)
    counts = psql(a.database_url, "SELECT (SELECT count(*) FROM customer_group) || ' groups, ' || (SELECT count(*) FROM member) || ' members, ' || (SELECT count(*) FROM visit) || ' visits'")
    # The detail shape's group: one with at least 50 members, and of those the most visits.
    g = psql(a.database_url, "SELECT g.id FROM customer_group g WHERE g.archived_at IS NULL AND (SELECT count(*) FROM member m WHERE m.group_id = g.id) >= 50 ORDER BY (SELECT count(*) FROM visit v WHERE v.group_id = g.id) DESC, g.id LIMIT 1")
    # Page 500 by name: the row after which it starts.
    after = psql(a.database_url, "SELECT id || '|' || name FROM customer_group WHERE archived_at IS NULL ORDER BY name, id OFFSET 4989 LIMIT 1")
    after_id, after_name = after.split("|", 1)
    cursor = base64.urlsafe_b64encode(f"s:{after_id}:{after_name}".encode()).decode().rstrip("=")
    variables = [{}, {"id": gid("CustomerGroup", g)}, {}, {"a": cursor}]
    # PostGraphile's cursor names its order and the row's values.
    generated_cursor = base64.b64encode(json.dumps(["name_asc", "primary_key_asc", [after_name, int(after_id)]]).encode()).decode()
    generated_variables = [{}, {"g": g}, {}, {"a": generated_cursor}]
    defines = {"g": g, "id": after_id, "name": after_name}

    server = Server(a)
    workdir = tempfile.mkdtemp(prefix="side_by_side_")
    try:
        login = server.post({"query": 'mutation { login(input: {username: "gm", password: "demo123456"}) { session { accessToken } } }'})
        token = login["login"]["session"]["accessToken"]
        bodies = [{"query": s["query"], "variables": v} for s, v in zip(SHAPES, variables)]
        for b in bodies:  # every shape answers without errors, and warms up
            server.post(b, token)
        rows = []
        for shape, body in zip(SHAPES, bodies):
            ours = wrk(a, server, token, [body], workdir)
            sql = pgbench(a, shape["sql"], defines, workdir)
            if "json" in shape:
                sql["json"] = pgbench(a, shape["json"], defines, workdir)["mean"]
            rows.append((shape["name"], ours, sql))
        mix = wrk(a, server, token, bodies, workdir)
        # The floor: a signed-in request that reads nothing (HTTP, token, GraphQL, JSON).
        floor = wrk(a, server, token, [{"query": "{ __typename }"}], workdir)
    finally:
        server.stop()
    generated = []
    if a.generated:
        other = Generated(a)
        try:
            bodies = [{"query": s["generated"], "variables": v} for s, v in zip(SHAPES, generated_variables)]
            for b in bodies:
                other.post(b)
            generated = [wrk(a, other, "", [b], workdir) for b in bodies]
            generated.append(wrk(a, other, "", bodies, workdir))
        finally:
            other.stop()

    print(f"\n{counts}; {a.concurrency} concurrent clients, {a.seconds} s per run, PostgreSQL\n")
    head = (
        f"{'shape':<34} {'SQL/req':>7} {'req/s':>7} {'mean ms':>7} {'p50 ms':>7} {'p99 ms':>7} {'CPU ms':>7}"
        f" | {'SQL tx/s':>8} {'mean ms':>7} | {'mean ×SQL':>9} {'req/s ÷SQL':>10}"
    )
    print(head)
    print("-" * len(head))
    for name, o, s in rows:
        print(
            f"{name:<34} {o['statements']:>7.1f} {o['rps']:>7.0f} {o['mean']:>7.2f} {o['p50']:>7.2f} {o['p99']:>7.2f}"
            f" {o['cpu']:>7.2f} | {s['tps']:>8.0f} {s['mean']:>7.2f} | {o['mean'] / s['mean']:>9.1f}"
            f" {o['rps'] / s['tps']:>10.2f}"
        )
    print(
        f"{'read mix (the four in turn)':<34} {mix['statements']:>7.1f} {mix['rps']:>7.0f} {mix['mean']:>7.2f}"
        f" {mix['p50']:>7.2f} {mix['p99']:>7.2f} {mix['cpu']:>7.2f} |"
    )
    print(
        f"{'floor: { __typename }, no SQL':<34} {floor['statements']:>7.1f} {floor['rps']:>7.0f} {floor['mean']:>7.2f}"
        f" {floor['p50']:>7.2f} {floor['p99']:>7.2f} {floor['cpu']:>7.2f} |"
    )
    print(f"\nserver peak resident memory: {server.peak_rss:.0f} MB")
    compiled = ", ".join(f"{o['compiled']:.2f}" for _, o, _ in rows)
    print(f"lists answered by compiled reads, per request, shape by shape: {compiled}")
    for name, _, sql in rows:
        if "json" in sql:
            print(
                f"{name}: the SQL building the JSON answer itself takes {sql['json']:.2f} ms on average,"
                f" {sql['json'] / sql['mean']:.1f}× the plain SQL"
            )
    if generated:
        print("\nThe same shapes from PostGraphile v4 on the same database (no scope rules, no sign-in):\n")
        head = (
            f"{'shape':<34} {'req/s':>7} {'mean ms':>7} {'p50 ms':>7} {'p99 ms':>7} {'CPU ms':>7}"
            f" | {'mean ×SQL':>9} | {'ours ÷ it (req/s)':>17} {'its p50 ÷ ours':>14}"
        )
        print(head)
        print("-" * len(head))
        names = [name for name, _, _ in rows] + ["read mix (the four in turn)"]
        ours_all = [o for _, o, _ in rows] + [mix]
        sqls = [s for _, _, s in rows] + [None]
        for name, g, o, s in zip(names, generated, ours_all, sqls):
            ratio = f"{g['mean'] / s['mean']:>9.1f}" if s else " " * 9
            print(
                f"{name:<34} {g['rps']:>7.0f} {g['mean']:>7.2f} {g['p50']:>7.2f} {g['p99']:>7.2f} {g['cpu']:>7.2f}"
                f" | {ratio} | {o['rps'] / g['rps']:>17.2f} {g['p50'] / o['p50']:>14.2f}"
            )
        print(f"\nPostGraphile peak resident memory: {other.peak_rss:.0f} MB")


if __name__ == "__main__":
    main()
