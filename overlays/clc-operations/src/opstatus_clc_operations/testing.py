"""A stateful fake of the CenturyLink Cloud API v2 login + operations status queue.

Needs the ``testing`` extra (``pip install 'opstatus-clc-operations[testing]'``). Built on
``opstatus_core.testing.FakeService``: every request is validated against the packaged spec,
faults are injectable (``fake.inject(Fault.too_many_requests(2))``), and the same object runs
in-process (``transport=fake.transport()``) or on loopback (``with serve(fake) as server``).

```python
from opstatus_clc_operations import ClcOperationsClient
from opstatus_clc_operations.testing import ClcOperationsFake

fake = ClcOperationsFake()
ref = fake.seed_operation("succeeded", polls=3)
with ClcOperationsClient(
    base_url=fake.base_url, transport=fake.transport(), **fake.demo_credentials
) as client:
    assert client.wait(ref).status == "succeeded"
```

What it does, as the spec documents it:

- ``POST /v2/authentication/login``: known ``username``/``password`` -> 200 with the Login page's
  body and a fresh bearer token; unknown -> 400 with CenturyLink's "We didn't recognize the
  username or password you entered. Please try again."; a malformed body -> 400
  ``{"message": "The request is invalid."}``; a locked user (``lock_user``) -> 400 with the
  invalid-credentials message (a refused login is documented only as 400).
- ``GET /v2/operations/{acctAlias}/status/{statusId}``: a valid, unexpired token -> 200
  ``{"status": ...}`` advancing on the operation's schedule; no/invalid/expired token -> 401
  ``{"message": "Authorization has been denied for this request."}``; another account's alias
  -> 403 (same message); an unknown id -> 404 ``{"message": "The status id X was not found."}``.
- ``expire_tokens()`` makes every issued token invalid (a token that expires mid-wait);
  ``issue_token()`` hands out a valid token (for clients given a bearer token directly).
"""

from __future__ import annotations

import itertools
import secrets
import threading
from collections.abc import Iterable, Mapping, Sequence
from typing import Any, ClassVar

import httpx
from opstatus_core.testing import FakeOperation, FakeRequest, FakeService, json_response, route

__all__ = [
    "DEFAULT_ALIAS",
    "DEFAULT_PASSWORD",
    "DEFAULT_USERNAME",
    "DENIED",
    "INVALID_LOGIN",
    "INVALID_REQUEST",
    "ClcOperationsFake",
]

#: the Login page's example request and response values
DEFAULT_USERNAME = "demouser1"
DEFAULT_PASSWORD = "mypassword"
DEFAULT_ALIAS = "ALIAS"
DEFAULT_LOCATION = "DC1"
DEFAULT_ROLES = ("AccountAdmin", "ServerAdmin")

#: CenturyLink's "Using the API" guide, invalid credentials (the spec's login 400 example)
INVALID_LOGIN = "We didn't recognize the username or password you entered. Please try again."
#: the spec's 401/403 example message
DENIED = "Authorization has been denied for this request."
#: the spec's 400 example message (malformed request)
INVALID_REQUEST = "The request is invalid."


class ClcOperationsFake(FakeService):
    """The fake CenturyLink Cloud API (login + Get Status) for tests and demos.

    ``users``: username -> (password, account alias); default the Login page's ``demouser1`` /
    ``mypassword`` in account ``ALIAS``. ``tokens``: bearer tokens accepted from the start (for
    the first user's account). Other keywords go to ``FakeService`` (``clock``,
    ``validate_responses``, ``default_schedule``, ...).
    """

    name: ClassVar[str] = "clc-operations"

    #: the client keywords a demo passes (the spec's Login example credentials)
    demo_credentials: Mapping[str, str]

    def __init__(
        self,
        *,
        users: Mapping[str, tuple[str, str]] | None = None,
        tokens: Iterable[str] = (),
        location_alias: str = DEFAULT_LOCATION,
        **options: Any,
    ) -> None:
        options.setdefault(
            "default_schedule", (("notStarted", 1), ("executing", 2), ("succeeded", None))
        )
        serial = itertools.count(12345)
        options.setdefault("id_factory", lambda: f"wa1-{next(serial)}")
        super().__init__("opstatus_clc_operations", **options)
        self.users: dict[str, tuple[str, str]] = dict(
            users if users is not None else {DEFAULT_USERNAME: (DEFAULT_PASSWORD, DEFAULT_ALIAS)}
        )
        if not self.users:
            raise ValueError("the fake needs at least one user")
        first = next(iter(self.users))
        self.demo_credentials = {"username": first, "password": self.users[first][0]}
        self.location_alias = location_alias
        self.locked: set[str] = set()
        self.logins = 0
        self._tokens: dict[str, tuple[str, str]] = {}  # token -> (username, alias)
        self._token_lock = threading.Lock()
        for token in tokens:
            self._tokens[token] = (first, self.users[first][1])

    # -- what a test controls -------------------------------------------------------------------
    @property
    def account_alias(self) -> str:
        """The first user's account alias (where ``seed_operation`` puts operations)."""
        return self.users[next(iter(self.users))][1]

    def issue_token(self, username: str | None = None) -> str:
        """A valid bearer token for ``username`` (default: the first user), without a login."""
        user = username if username is not None else next(iter(self.users))
        token = "clc-" + secrets.token_urlsafe(24)
        with self._token_lock:
            self._tokens[token] = (user, self.users[user][1])
        return token

    def expire_tokens(self) -> int:
        """Make every issued token invalid (the next status request gets 401); return how many."""
        with self._token_lock:
            count = len(self._tokens)
            self._tokens.clear()
        return count

    @property
    def active_tokens(self) -> int:
        with self._token_lock:
            return len(self._tokens)

    def lock_user(self, username: str) -> None:
        """Refuse ``username``'s logins: 400 with CenturyLink's invalid-credentials message, the one
        documented answer to a refused login."""
        self.locked.add(username)

    def create_operation(
        self,
        schedule: Sequence[tuple[str, float | None]] | Sequence[str] | None = None,
        *,
        id: str | None = None,
        alias: str | None = None,
    ) -> dict[str, str]:
        """Add a job following ``schedule`` (statuses with poll counts; default
        notStarted, executing x2, succeeded) in account ``alias`` (default the first user's);
        return its reference ``{"acctAlias": ..., "statusId": ...}``."""
        account = alias if alias is not None else self.account_alias
        op = self.operations.create(id=id, schedule=schedule, alias=account)
        return {"acctAlias": account, "statusId": op.id}

    def seed_operation(self, outcome: str, *, polls: int = 3) -> dict[str, str]:
        """A job pending (``notStarted``, then ``executing``) for ``polls`` polls, then
        ``outcome``: ``succeeded`` or ``failed`` (CenturyLink documents no canceled status)."""
        rule = self._rule()
        terminal = {"succeeded": rule["succeeded"], "failed": rule["failed"]}
        if outcome not in terminal or not terminal[outcome]:
            raise ValueError(
                f"clc-operations: no {outcome!r} outcome; the spec's terminal statuses are "
                f"succeeded and failed (no canceled status is documented)"
            )
        if polls < 0:
            raise ValueError("polls must be >= 0")
        steps: list[tuple[str, float | None]] = []
        if polls >= 1:
            steps.append(("notStarted", 1))
        if polls >= 2:
            steps.append(("executing", polls - 1))
        steps.append((terminal[outcome][0], None))
        return self.create_operation(steps)

    def _rule(self) -> dict[str, list[str]]:
        op = self.spec["paths"]["/v2/operations/{acctAlias}/status/{statusId}"]["get"]
        ext = op["x-opstatus"]
        return {k: list(ext[k]) for k in ("succeeded", "failed", "canceled", "pending")}

    # -- the provider's documented answers -------------------------------------------------------
    def error_response(self, status: int, message: str, request: httpx.Request) -> httpx.Response:
        """CenturyLink's error body ``{"message": ...}``; the spec's messages for 400/401/403."""
        if status in (401, 403):
            message = DENIED
        elif status == 400:
            message = INVALID_REQUEST  # never echo the request (a login body holds a password)
        return json_response(status, {"message": message})

    def authenticate(self, request: httpx.Request, route: Any) -> bool:
        if not route.security:
            return True
        return self._account(request) is not None

    def _account(self, request: httpx.Request) -> tuple[str, str] | None:
        auth = request.headers.get("authorization", "")
        scheme, _, token = auth.partition(" ")
        if scheme.lower() != "bearer" or not token.strip():
            return None
        with self._token_lock:
            return self._tokens.get(token.strip())

    @route("login")
    def login(self, req: FakeRequest) -> httpx.Response:
        body = req.json()
        if not isinstance(body, dict):  # validated already; stay safe
            return self.error_response(400, INVALID_REQUEST, req.raw)
        username, password = body.get("username"), body.get("password")
        user = self.users.get(username) if isinstance(username, str) else None
        if user is None or not isinstance(password, str):
            return json_response(400, {"message": INVALID_LOGIN})
        if not secrets.compare_digest(user[0].encode(), password.encode()):
            return json_response(400, {"message": INVALID_LOGIN})
        if username in self.locked:
            return json_response(400, {"message": INVALID_LOGIN})
        assert isinstance(username, str)
        token = self.issue_token(username)
        self.logins += 1
        return json_response(
            200,
            {
                "userName": username,
                "accountAlias": user[1],
                "locationAlias": self.location_alias,
                "roles": list(DEFAULT_ROLES),
                "bearerToken": token,
            },
        )

    @route("getOperationStatus", id_param="statusId")
    def get_operation_status(self, req: FakeRequest) -> httpx.Response:
        account = self._account(req.raw)
        assert account is not None  # authenticate() let it through
        alias = req.param("acctAlias")
        if alias.lower() != account[1].lower():  # status links may spell it in lower case
            return self.error_response(403, DENIED, req.raw)
        status_id = req.param("statusId")
        op = self.operations.get(status_id)
        if op is None or str(op.fields.get("alias", "")).lower() != alias.lower():
            return json_response(404, {"message": f"The status id {status_id} was not found."})
        op = self.operations.poll(status_id)
        assert op is not None
        return json_response(200, self.document(op))

    def document(self, op: FakeOperation) -> dict[str, Any]:
        """The Get Status body of ``op`` (its current status)."""
        return {"status": op.status}
