"""Collects real global ids (and their versions) from a running server for the fuzz run.

Usage: fuzz_ids.py GRAPHQL_URL TOKEN OUT_JSON

Writes {"ids": {"<TypeName>": [{"id": ..., "version": ...}, ...]}} so that the schemathesis
hooks (fuzz_hooks.py) can put ids of the right kind into generated arguments. Setting keys and
scheduled job names are kept the same way, under "Setting" and "ScheduledJob".
"""

import json
import sys
import urllib.request

QUERY = """
query FuzzIds {
  orgUnits(first: 20) { nodes { __typename id version } }
  users(first: 20) { nodes { __typename id version } }
  groups(first: 8) {
    nodes {
      __typename id version
      members(first: 5) { nodes { __typename id version } }
      contacts { __typename id version }
    }
  }
  visits(first: 10) { nodes { __typename id version } }
  products(first: 10) { nodes { __typename id version } }
  proposals(first: 10) {
    nodes {
      __typename id version
      approvalRequests { __typename id }
      followUps { __typename id version }
    }
  }
  contracts(first: 10) { nodes { __typename id version } }
  installationJobs(first: 10) { nodes { __typename id version faults { __typename id version } } }
  myTasks(first: 10) { nodes { __typename id version } }
  myApprovals(first: 10) { nodes { __typename id } }
  auditEvents(first: 5) { nodes { __typename id } }
  jobRuns(first: 5) { nodes { __typename id } }
  churnWarnings(first: 5) { nodes { __typename id } }
  settings { key version }
  scheduledJobs { name }
}
"""


def post(url: str, token: str, query: str) -> dict:
    request = urllib.request.Request(
        url,
        data=json.dumps({"query": query}).encode(),
        headers={"Content-Type": "application/json", "Authorization": f"Bearer {token}"},
    )
    with urllib.request.urlopen(request, timeout=60) as response:
        return json.load(response)


def walk(value, found: dict) -> None:
    """Records every object that has both `__typename` and `id`, wherever it sits."""
    if isinstance(value, dict):
        if "__typename" in value and "id" in value:
            entries = found.setdefault(value["__typename"], {})
            entries[value["id"]] = value.get("version")
        for child in value.values():
            walk(child, found)
    elif isinstance(value, list):
        for child in value:
            walk(child, found)


def main() -> int:
    url, token, out = sys.argv[1:4]
    payload = post(url, token, QUERY)
    if payload.get("errors"):
        print(f"fuzz_ids: the id query failed: {json.dumps(payload['errors'], ensure_ascii=False)}", file=sys.stderr)
        return 1
    found: dict = {}
    data = payload.get("data") or {}
    walk(data, found)
    found["Setting"] = {s["key"]: s["version"] for s in data.get("settings") or []}
    found["ScheduledJob"] = {j["name"]: None for j in data.get("scheduledJobs") or []}
    ids = {kind: [{"id": i, "version": v} for i, v in entries.items()] for kind, entries in sorted(found.items())}
    with open(out, "w") as f:
        json.dump({"ids": ids}, f, indent=1)
    print("real ids: " + ", ".join(f"{kind} {len(entries)}" for kind, entries in ids.items()))
    return 0


if __name__ == "__main__":
    sys.exit(main())
