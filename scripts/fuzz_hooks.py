"""Schemathesis hooks for scripts/fuzz.sh (loaded through SCHEMATHESIS_HOOKS).

Reads FUZZ_SCHEMA (the SDL file being fuzzed), FUZZ_IDS_FILE (written by fuzz_ids.py), and
FUZZ_GRAPHQL_URL with FUZZ_TOKEN (to ask the server for an object's current version).

Data: random values mostly bounce off the first check they meet (an unknown id is NOT_FOUND,
a random cursor or `first: -5` is BAD_USER_INPUT), so `flatmap_body` rewrites each generated
document before it is sent, most of the time:
- every `ID` literal becomes a real global id of the kind the argument names (`groupId` a
  CustomerGroup, the `id` of `acceptJob` an InstallationJob, `node(id:)` anything);
- `expectedVersion` next to such an id becomes that object's current version (asked of the
  server as the case is built) or another likely one, so that mutations get past the
  optimistic-lock check into their real work;
- setting keys and job names become real ones, months look like YYYY-MM, numbers to grade
  look like fixed-line numbers, `first`/`last` stay within 0..100 and rarely come together,
  made-up cursors are mostly left out, and control characters are mostly dropped from text.
The rest of the time the generated value is kept, so malformed input is still sent.
All choices are Hypothesis draws: a failing case shrinks and replays like any other.

Scalars the generator does not know: `Decimal` (money strings, some extreme) and `Upload`
(a JSON request cannot carry a file; the server must still answer cleanly). `Date` and
`DateTime` mostly fall in the years the business works in.

Checks: `no_internal_server_error` fails on any body that mentions INTERNAL_SERVER_ERROR.
`not_a_server_error` also flags every resolver error (an error with a `path`); the
`filter_failure` hook drops those whose codes are all expected answers (BAD_USER_INPUT,
NOT_FOUND, FORBIDDEN, CONFLICT, ...), so only 5xx, INTERNAL_SERVER_ERROR, errors without a known
code, and UNAUTHENTICATED outside the sign-in mutations (the fuzz session itself ended) fail.
"""

from __future__ import annotations

import json
import os
import re
import urllib.request
from datetime import date, datetime, timezone
from typing import Any, Callable

import graphql
import schemathesis
from hypothesis import strategies as st
from schemathesis.graphql import nodes

# --- real ids -------------------------------------------------------------------------------

with open(os.environ["FUZZ_IDS_FILE"]) as _f:
    IDS: dict[str, list[dict[str, Any]]] = json.load(_f)["ids"]
for _kind, _entries in IDS.items():
    for _entry in _entries:
        _entry["kind"] = _kind
# Global ids only: setting keys and job names are no node's id.
ALL_IDS = [entry for kind, entries in IDS.items() if kind not in ("Setting", "ScheduledJob") for entry in entries]

with open(os.environ["FUZZ_SCHEMA"]) as _f:
    SCHEMA = graphql.build_schema(_f.read())

# Arguments and input fields named after what they point to.
KIND_BY_NAME = {
    "actorId": "User",
    "leadId": "User",
    "managerId": "User",
    "ownerId": "User",
    "toOwnerId": "User",
    "contactIds": "Contact",
    "contractId": "Contract",
    "departmentId": "OrgUnit",
    "orgUnitId": "OrgUnit",
    "parentId": "OrgUnit",
    "groupId": "CustomerGroup",
    "groupIds": "CustomerGroup",
    "jobId": "InstallationJob",
    "memberId": "Member",
    "productId": "Product",
    "proposalId": "Proposal",
    "requestId": "ApprovalRequest",
    "visitId": "Visit",
}
# A plain `id`: the input type, or the field for the shared VersionedIdInput, says the kind.
KIND_BY_INPUT = {
    "RecordCustomerDecisionInput": "Proposal",
    "RecordIpApplicationInput": "Contract",
    "RecordPaymentInput": "Contract",
}
KEYWORDS = [
    ("job", "InstallationJob"),
    ("fault", "FaultTicket"),
    ("contract", "Contract"),
    ("contact", "Contact"),
    ("group", "CustomerGroup"),
    ("memberimport", "MemberImport"),
    ("member", "Member"),
    ("proposal", "Proposal"),
    ("task", "Task"),
    ("visit", "Visit"),
    ("orgunit", "OrgUnit"),
    ("user", "User"),
    ("product", "Product"),
]
ANY = "*"
KEEP = object()  # leave the generated value as it is


def kind_for(name: str | None, input_type: str | None, field: str) -> str:
    """The node type an ID argument should point to, or ANY."""
    if name in KIND_BY_NAME:
        return KIND_BY_NAME[name]
    if name not in ("id", "ids"):
        return ANY  # e.g. entityId: anything goes
    if input_type in KIND_BY_INPUT:
        return KIND_BY_INPUT[input_type]
    for text in (input_type or "", field):
        for keyword, kind in KEYWORDS:
            if keyword in text.lower():
                return kind
    return ANY  # node(id:), nodes(ids:)


def weighted(**options: tuple[int, st.SearchStrategy]) -> st.SearchStrategy:
    """One of the strategies, picked with the given weights (shrinks towards the first)."""
    names = [name for name, (weight, _) in options.items() for _ in range(weight)]
    return st.sampled_from(names).flatmap(lambda name: options[name][1])


def entry_choice(kind: str) -> st.SearchStrategy:
    """Mostly a real id of the right kind, sometimes any real id, sometimes the generated one."""
    right = IDS.get(kind) or ALL_IDS
    if not right:
        return st.just(KEEP)
    if kind in ("Setting", "ScheduledJob") or not ALL_IDS:
        return weighted(right=(9, st.sampled_from(right)), keep=(1, st.just(KEEP)))
    return weighted(right=(7, st.sampled_from(right)), any=(2, st.sampled_from(ALL_IDS)), keep=(1, st.just(KEEP)))


# The version next to a real id: its version now (asked of the server when the case is built,
# since earlier cases change it), its version when the ids were read, a small one, or the
# generated one.
VERSION_CHOICE = weighted(
    current=(5, st.just("current")),
    recorded=(2, st.just("recorded")),
    small=(2, st.integers(1, 5)),
    keep=(1, st.just(KEEP)),
)


def current_version(entry: dict[str, Any]) -> int | None:
    """The version the server has now for an id (or setting key); None when it cannot say."""
    if entry["kind"] == "Setting":
        query = "{ settings { key version } }"
    else:
        query = '{ node(id: %s) { ... on %s { version } } }' % (json.dumps(entry["id"]), entry["kind"])
    request = urllib.request.Request(
        os.environ["FUZZ_GRAPHQL_URL"],
        data=json.dumps({"query": query}).encode(),
        headers={"Content-Type": "application/json", "Authorization": f"Bearer {os.environ['FUZZ_TOKEN']}"},
    )
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            data = json.load(response).get("data") or {}
    except (OSError, ValueError):
        return None
    if entry["kind"] == "Setting":
        return next((s["version"] for s in data.get("settings") or [] if s["key"] == entry["id"]), None)
    return (data.get("node") or {}).get("version")
PAGE_SIZE = weighted(small=(8, st.integers(0, 100).map(nodes.Int)), keep=(2, st.just(KEEP)))
DROP = weighted(drop=(4, st.just(True)), keep=(1, st.just(False)))
MONTH = weighted(
    valid=(8, st.builds("{}-{:02d}".format, st.integers(2024, 2027), st.integers(1, 12)).map(nodes.String)),
    keep=(2, st.just(KEEP)),
)
PHONE = weighted(
    valid=(7, st.from_regex(r"\A\(?0[0-9]{2,3}\)?[- ]?[0-9]{7,8}\Z", fullmatch=True).map(nodes.String)),
    keep=(3, st.just(KEEP)),
)
CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
CLEAN_TEXT = weighted(clean=(4, st.just(True)), keep=(1, st.just(False)))
SETTING_VALUE = weighted(
    number=(5, st.integers(-5, 1000).map(str)),
    money=(2, st.decimals(min_value=-10, max_value=100000, places=2).map(str)),
    role=(1, st.sampled_from(["GENERAL_MANAGER", "BRANCH_MANAGER", "DEPARTMENT_HEAD", "ADMIN"])),
    keep=(2, st.just(KEEP)),
).map(lambda v: v if v is KEEP else nodes.String(v))

# String arguments that name a real thing: (input type or field, argument) -> kind in IDS.
NAMED_STRINGS = {
    ("UpdateSettingInput", "key"): "Setting",
    ("RunJobInput", "name"): "ScheduledJob",
    ("jobRuns", "job"): "ScheduledJob",
}
MONTH_NAMES = {"month", "endMonth"}
# Fixed-line numbers to grade.
PHONE_ARGUMENTS = {("numberGrade", "number"), ("SelectJobNumberInput", "number")}


def _unwrap(type_: Any) -> Any:
    while isinstance(type_, (graphql.GraphQLNonNull, graphql.GraphQLList)):
        type_ = type_.of_type
    return type_


def _replace(node: Any, **changes: Any) -> Any:
    """A copy of an AST node with some attributes changed (nodes are immutable)."""
    return type(node)(**{**{key: getattr(node, key) for key in node.keys}, **changes})


class Rewriter:
    """Walks a generated document and offers each site worth rewriting to `choose(what, info)`,
    always in the same order: once to list the sites, once to apply what was drawn for them."""

    def __init__(self, choose: Callable[[str, Any], Any]) -> None:
        self.choose = choose

    def document(self, doc: graphql.DocumentNode) -> graphql.DocumentNode:
        definitions = []
        for definition in doc.definitions:
            if isinstance(definition, graphql.OperationDefinitionNode):
                root = SCHEMA.get_root_type(definition.operation)
                if root is not None:
                    definition = _replace(definition, selection_set=self.selections(definition.selection_set, root))
            definitions.append(definition)
        return _replace(doc, definitions=tuple(definitions))

    def selections(self, selection_set: Any, parent: Any) -> Any:
        if selection_set is None:
            return None
        items = []
        for item in selection_set.selections:
            if isinstance(item, graphql.FieldNode) and item.name.value in getattr(parent, "fields", {}):
                field = parent.fields[item.name.value]
                item = _replace(
                    item,
                    arguments=self.arguments(item, field),
                    selection_set=self.selections(item.selection_set, _unwrap(field.type)),
                )
            elif isinstance(item, graphql.InlineFragmentNode):
                inner = SCHEMA.get_type(item.type_condition.name.value) if item.type_condition else parent
                item = _replace(item, selection_set=self.selections(item.selection_set, inner))
            items.append(item)
        return _replace(selection_set, selections=tuple(items))

    def arguments(self, item: graphql.FieldNode, field: Any) -> tuple:
        arguments = []
        for arg in item.arguments or ():
            definition = field.args.get(arg.name.value)
            if definition is not None:
                arg = _replace(arg, value=self.value(arg.value, definition.type, arg.name.value, None, item.name.value))
            arguments.append(arg)
        names = {arg.name.value for arg in arguments}
        if {"first", "last"} <= names and self.choose("drop", None):
            arguments = [arg for arg in arguments if arg.name.value != "last"]
        # A made-up cursor is only ever "invalid cursor": mostly leave cursors out.
        for cursor in ("after", "before"):
            arg = next((a for a in arguments if a.name.value == cursor), None)
            if arg is not None and isinstance(arg.value, graphql.StringValueNode) and self.choose("drop", None):
                arguments = [a for a in arguments if a is not arg]
        return tuple(arguments)

    def value(self, node: Any, type_: Any, name: str | None, input_type: str | None, field: str) -> Any:
        if isinstance(type_, graphql.GraphQLNonNull):
            type_ = type_.of_type
        if isinstance(type_, graphql.GraphQLList):
            if isinstance(node, graphql.ListValueNode):
                values = tuple(self.value(v, type_.of_type, name, input_type, field) for v in node.values)
                return _replace(node, values=values)
            return self.value(node, type_.of_type, name, input_type, field)
        if isinstance(type_, graphql.GraphQLInputObjectType) and isinstance(node, graphql.ObjectValueNode):
            return self.input_object(node, type_, field)
        if not isinstance(type_, graphql.GraphQLScalarType):
            return node
        picked = KEEP
        if type_.name == "ID" and isinstance(node, (graphql.StringValueNode, graphql.IntValueNode)):
            entry = self.choose("entry", kind_for(name, input_type, field))
            picked = KEEP if entry is KEEP else nodes.String(entry["id"])
        elif type_.name == "Int" and name in ("first", "last") and isinstance(node, graphql.IntValueNode):
            picked = self.choose("page_size", None)
        elif type_.name == "String" and isinstance(node, graphql.StringValueNode):
            kind = NAMED_STRINGS.get((input_type or field, name))
            if kind is not None:
                entry = self.choose("entry", kind)
                picked = KEEP if entry is KEEP else nodes.String(entry["id"])
            elif name in MONTH_NAMES:
                picked = self.choose("month", None)
            elif (input_type or field, name) in PHONE_ARGUMENTS:
                picked = self.choose("phone", None)
            elif (input_type, name) == ("UpdateSettingInput", "value"):
                picked = self.choose("setting_value", None)
            elif CONTROL.search(node.value) and self.choose("clean_text", None):
                picked = nodes.String(CONTROL.sub("", node.value))
        return node if picked is KEEP else picked

    def input_object(self, node: Any, type_: Any, field: str) -> Any:
        fields = []
        picked: Any = KEEP  # the real entry chosen for the object's `id` (or setting `key`)
        for item in node.fields:
            definition = type_.fields.get(item.name.value)
            if definition is None:
                fields.append(item)
                continue
            new = self.value(item.value, definition.type, item.name.value, type_.name, field)
            if item.name.value in ("id", "key") and new is not item.value and isinstance(new, graphql.StringValueNode):
                kind = "Setting" if item.name.value == "key" else None
                pool = IDS.get(kind, []) if kind else ALL_IDS
                picked = next((e for e in pool if e["id"] == new.value), KEEP)
            fields.append(_replace(item, value=new))
        # Couple `expectedVersion` with the id (or setting) chosen beside it.
        identified = "id" in type_.fields or type_.name == "UpdateSettingInput"
        for index, item in enumerate(fields):
            if identified and item.name.value == "expectedVersion" and isinstance(item.value, graphql.IntValueNode):
                how = self.choose("version", None)
                version = None
                if how == "current" and picked is not KEEP:
                    version = current_version(picked)
                elif how == "recorded" and picked is not KEEP:
                    version = picked.get("version")
                elif isinstance(how, int):
                    version = how
                if version is not None:
                    fields[index] = _replace(item, value=nodes.Int(version))
        return _replace(node, fields=tuple(fields))


SITE_STRATEGIES: dict[str, Callable[[Any], st.SearchStrategy]] = {
    "entry": entry_choice,
    "version": lambda _: VERSION_CHOICE,
    "page_size": lambda _: PAGE_SIZE,
    "drop": lambda _: DROP,
    "month": lambda _: MONTH,
    "phone": lambda _: PHONE,
    "setting_value": lambda _: SETTING_VALUE,
    "clean_text": lambda _: CLEAN_TEXT,
}
# What the listing pass answers, so that it walks the document unchanged.
NEUTRAL = {"entry": KEEP, "version": KEEP, "drop": False, "clean_text": False}


@schemathesis.hook
def flatmap_body(context, body):
    """Draws a value for every site in the generated document and applies them."""
    if not isinstance(body, graphql.DocumentNode):
        return st.just(body)
    sites: list[st.SearchStrategy] = []

    def record(what: str, info: Any) -> Any:
        sites.append(SITE_STRATEGIES[what](info))
        return NEUTRAL.get(what, KEEP)

    Rewriter(record).document(body)
    if not sites:
        return st.just(body)

    def apply(draws: tuple) -> graphql.DocumentNode:
        pending = iter(draws)
        return Rewriter(lambda what, info: next(pending)).document(body)

    return st.tuples(*sites).map(apply)


# --- scalars ---------------------------------------------------------------------------------

schemathesis.graphql.scalar(
    "Decimal",
    st.one_of(
        st.decimals(min_value=-1000, max_value=100000, places=2).map(str),
        st.decimals(allow_nan=False, allow_infinity=False).map(str),
        st.sampled_from(
            [
                "0",
                "-0.01",
                "100",
                "99999999999999999999999999",
                "-79228162514264337593543950335",
                "0.0000000000000000000000000001",
                "1e3",
                "NaN",
                "",
                " 12.50 ",
            ]
        ),
    ).map(nodes.String)
    | st.integers(min_value=-(2**31), max_value=2**31 - 1).map(nodes.Int),
)
schemathesis.graphql.scalar("Upload", st.sampled_from(["0", "file", ""]).map(nodes.String))

_NEAR = st.dates(min_value=date(2025, 1, 1), max_value=date(2027, 12, 31))
_DATES = weighted(near=(6, _NEAR), wide=(3, st.dates(min_value=date(1900, 1, 1), max_value=date(2100, 12, 31))), any=(1, st.dates()))
schemathesis.graphql.scalar("Date", _DATES.map(lambda d: nodes.String(d.isoformat())))
schemathesis.graphql.scalar(
    "DateTime",
    st.builds(datetime.combine, _DATES, st.times(), st.just(timezone.utc)).map(
        lambda dt: nodes.String(dt.isoformat().replace("+00:00", "Z"))
    ),
)


# --- checks ----------------------------------------------------------------------------------

# Error codes that are a correct answer to a bad or unlucky request.
EXPECTED_CODES = {"BAD_USER_INPUT", "NOT_FOUND", "FORBIDDEN", "CONFLICT", "TOO_COMPLEX", "RATE_LIMITED"}
# Operations for which UNAUTHENTICATED is the right answer to a made-up token or password.
AUTH_OPERATIONS = {"login", "logout", "refreshToken"}


@schemathesis.check
def no_internal_server_error(ctx, response, case):
    """No response may carry INTERNAL_SERVER_ERROR, whatever its status."""
    if b"INTERNAL_SERVER_ERROR" in response.content:
        body = response.content.decode(errors="replace")[:2000]
        raise AssertionError(f"INTERNAL_SERVER_ERROR in the response:\n{body}")


def _error_codes(response) -> list[Any] | None:
    try:
        payload = response.json()
    except ValueError:
        return None
    errors = payload.get("errors") if isinstance(payload, dict) else None
    if not errors:
        return None
    return [(e.get("extensions") or {}).get("code") for e in errors if isinstance(e, dict)]


@schemathesis.hook
def filter_failure(context, failure, case, response):
    """Keeps a failure unless it is a GraphQL error whose codes are all expected answers."""
    if type(failure).__name__ != "GraphQLServerError" or response is None or response.status_code >= 500:
        return True
    codes = _error_codes(response)
    if not codes:
        return True
    expected = set(EXPECTED_CODES)
    if case.operation.label.split(".")[-1] in AUTH_OPERATIONS:
        expected.add("UNAUTHENTICATED")
    return not all(code in expected for code in codes)
