"""``FakeService``: the provider-agnostic core of every fake.

A fake is a plain synchronous handler ``handle(httpx.Request) -> FakeResult`` plus state (the
operation store, the fault plan, the request log), all behind one lock. The same object runs
in-process (``fake.transport()``, an httpx transport for sync and async clients) and on loopback
(``opstatus_core.testing.serve(fake)``). A provider subclasses it, points it at its spec and writes
one small handler per operation; routing, credentials, spec validation, error bodies for the
standard failures, fault injection and the request log come from here.
"""

from __future__ import annotations

import base64
import binascii
import copy
import hashlib
import http
import http.cookies
import json
import re
import threading
import traceback
from collections import Counter, OrderedDict, deque
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, ClassVar, TypeVar
from urllib.parse import parse_qsl, unquote, urlsplit, urlunsplit

import httpx
from openapi_core import Config, OpenAPI
from openapi_core.datatypes import RequestParameters
from openapi_core.security.factories import SecurityProviderFactory
from openapi_core.security.providers import BaseProvider
from openapi_core.validation.schemas import oas31_schema_validators_factory
from openapi_schema_validator import OAS31Validator
from werkzeug.datastructures import Headers, ImmutableMultiDict

from .._rule import PollingRule, load_spec
from .faults import BODY_FAULTS, Fault, FaultContext, FaultKind, FaultPlan, transform_response
from .operations import FakeOperation, OperationStore
from .transport import Action, FakeResult, FakeTransport

__all__ = [
    "REDACTED",
    "FakeRequest",
    "FakeResult",
    "FakeService",
    "Handler",
    "RecordedRequest",
    "Route",
    "json_response",
    "redact_body",
    "route",
]

REDACTED = "<redacted>"
#: JSON body fields whose names look like credentials: their values are redacted in the log
_SECRET_FIELD = re.compile(r"password|passwd|passphrase|secret|token|credential|key$|^key", re.I)
HTTP_METHODS = frozenset({"get", "put", "post", "delete", "options", "head", "patch", "trace"})
Handler = Callable[["FakeRequest"], httpx.Response]
H = TypeVar("H", bound=Callable[..., httpx.Response])

# -- the spec ----------------------------------------------------------------------------------


class _UncheckedProvider(BaseProvider):
    """oauth2 / openIdConnect: openapi-core cannot check them and warns ("Unsupported scheme
    type") on every request it validates. The fake checks such a credential itself
    (``FakeService.authenticate``: a bearer token), so openapi-core accepts it silently, as it
    did, minus the warning."""

    def __call__(self, parameters: RequestParameters) -> Any:
        return None


class _SecurityProviders(SecurityProviderFactory):
    PROVIDERS: dict[str, type[BaseProvider]] = {  # noqa: RUF012 - openapi-core's own shape
        **SecurityProviderFactory.PROVIDERS,
        "oauth2": _UncheckedProvider,
        "openIdConnect": _UncheckedProvider,
    }


_CONFIG = Config(security_provider_factory=_SecurityProviders())

_CACHE: dict[str, tuple[dict[str, Any], OpenAPI]] = {}
_CACHE_LOCK = threading.Lock()

#: a spec: the parsed OpenAPI document, or the package that ships it as ``openapi.yaml``
SpecSource = Mapping[str, Any] | str


def _load(spec: SpecSource) -> tuple[dict[str, Any], OpenAPI]:
    """The spec and its openapi-core object, cached by content. A package name is read by core's
    ``load_spec``: the very document the SDK's polling rule comes from."""
    if isinstance(spec, str):
        key, spec = f"package:{spec}", load_spec(spec)
    elif isinstance(spec, Mapping):
        text = json.dumps(spec, sort_keys=True, default=str)
        key = hashlib.sha256(text.encode()).hexdigest()
    else:
        raise TypeError(f"a spec is a parsed OpenAPI document or a package name, not {spec!r:.80}")
    if "openapi" not in spec:
        raise ValueError(f"not an OpenAPI document: {spec!r:.80}")
    with _CACHE_LOCK:
        if key not in _CACHE:
            _CACHE[key] = (copy.deepcopy(dict(spec)), OpenAPI.from_dict(dict(spec), config=_CONFIG))
        cached, openapi = _CACHE[key]
    return copy.deepcopy(cached), openapi


def _server(spec: Mapping[str, Any]) -> tuple[str, str]:
    """(host URL, base path) of the spec's first server, variables at their defaults."""
    servers = spec.get("servers") or [{"url": "/"}]
    url = str(servers[0].get("url", "/"))
    for name, var in (servers[0].get("variables") or {}).items():
        url = url.replace("{" + name + "}", str(var.get("default", "")))
    parts = urlsplit(url)
    host = f"{parts.scheme}://{parts.netloc}" if parts.scheme and parts.netloc else ""
    return host, parts.path.rstrip("/")


# -- requests, routes, results --------------------------------------------------------------------


def redact_body(body: bytes) -> bytes:
    """``body`` as the request log keeps it: a JSON document's fields whose names look like
    credentials (``password``, ``secret``, ``*token*``, ``*key*``, ...; at any depth) with their
    values replaced by ``"<redacted>"``; anything else (not JSON, nothing to redact) unchanged."""
    if not body or body.lstrip()[:1] not in (b"{", b"["):
        return body
    try:
        document = json.loads(body)
    except (ValueError, UnicodeDecodeError):
        return body
    found = [False]

    def scrub(node: Any) -> Any:
        if isinstance(node, dict):
            out = {}
            for k, v in node.items():
                if isinstance(k, str) and _SECRET_FIELD.search(k) and v not in (None, ""):
                    found[0] = True
                    out[k] = REDACTED
                else:
                    out[k] = scrub(v)
            return out
        if isinstance(node, list):
            return [scrub(v) for v in node]
        return node

    cleaned = scrub(document)
    return json.dumps(cleaned, separators=(",", ":")).encode() if found[0] else body


def json_response(
    status: int, body: Any, headers: Mapping[str, str] | Sequence[tuple[str, str]] | None = None
) -> httpx.Response:
    """A JSON response (``application/json``, compact, Content-Length set)."""
    response = httpx.Response(
        status,
        content=json.dumps(body, separators=(",", ":")).encode(),
        headers={"content-type": "application/json"},
    )
    if headers:
        items = headers.items() if isinstance(headers, Mapping) else headers
        for k, v in items:
            response.headers[k] = v
    return response


def route(operation_id: str, *, id_param: str | None = None) -> Callable[[H], H]:
    """Mark a ``FakeService`` method as the handler of the spec operation ``operation_id``.

    ``id_param`` names the path or query parameter holding the operation id (for fault
    targeting and ``Fault.vanished``); by default the last path parameter.
    """

    def mark(fn: H) -> H:
        fn.__opstatus_route__ = (operation_id, id_param)  # type: ignore[attr-defined]
        return fn

    return mark


#: transport faults: the connection is dropped, refused or left hanging, with no response
_NO_RESPONSE: dict[FaultKind, Action] = {
    FaultKind.DROP_CONNECTION: "drop",
    FaultKind.REFUSE_CONNECTION: "refuse",
    FaultKind.HANG: "hang",
}
_PARAM = re.compile(r"\{([^{}]+)\}")
#: schema keywords an id parameter's schema may use for the validation cache's id shortcut
#: (each constrains one value on its own; anything else: every new id is validated in full)
_STRING_KEYS = frozenset(
    {"type", "format", "minLength", "maxLength", "pattern", "enum", "const"}
    | {"description", "title", "example", "examples", "deprecated", "x-enum-varnames"}
)
_ARRAY_KEYS = frozenset(
    {"type", "items", "minItems", "maxItems", "uniqueItems", "description", "title", "example"}
    | {"examples", "deprecated"}
)


@dataclass(frozen=True)
class Route:
    operation_id: str
    method: str  # upper case
    template: str  # below the base path, e.g. /companies({company_id})/status({id})
    handler: Handler
    id_param: str | None = None
    security: tuple[Mapping[str, Any], ...] = ()
    #: the operation's polling rule (its ``x-opstatus``), where body faults find the status
    pointers: PollingRule | None = None
    in_spec: bool = True
    header_params: frozenset[str] = frozenset()
    #: where the operation id sits ("path" or "query") and a fast check of one id value against
    #: the id parameter's own schema (set when that schema is a plain string schema)
    id_check: tuple[str, Callable[[str], bool]] | None = field(default=None, compare=False)
    regex: re.Pattern[str] = field(init=False, compare=False)
    params: tuple[str, ...] = field(init=False, compare=False)

    def __post_init__(self) -> None:
        names: list[str] = []
        pattern, pos = "", 0
        for m in _PARAM.finditer(self.template):
            pattern += re.escape(self.template[pos : m.start()])
            pattern += f"(?P<p{len(names)}>[^/]+?)"
            names.append(m.group(1))
            pos = m.end()
        pattern += re.escape(self.template[pos:])
        object.__setattr__(self, "regex", re.compile(pattern + r"\Z"))
        object.__setattr__(self, "params", tuple(names))

    def match(self, raw_path: str) -> dict[str, str] | None:
        """Decoded path parameters if ``raw_path`` (still percent-encoded) fits the template."""
        m = self.regex.match(raw_path)
        if m is None:
            return None
        return {name: unquote(m.group(f"p{i}")) for i, name in enumerate(self.params)}


@dataclass(frozen=True)
class FakeRequest:
    """What a provider's handler gets: the request, its route and its decoded parameters."""

    raw: httpx.Request
    route: Route
    path_params: Mapping[str, str]
    query: Mapping[str, list[str]]

    @property
    def method(self) -> str:
        return self.raw.method

    @property
    def headers(self) -> httpx.Headers:
        return self.raw.headers

    @property
    def body(self) -> bytes:
        return self.raw.content

    def json(self) -> Any:
        return json.loads(self.raw.content) if self.raw.content else None

    def param(self, name: str) -> str:
        """A path parameter, percent-decoded (an id holding ``/`` arrives whole)."""
        return self.path_params[name]

    def query_one(self, name: str, default: str | None = None) -> str | None:
        values = self.query.get(name)
        return values[0] if values else default


@dataclass(frozen=True)
class RecordedRequest:
    """One request the fake received: credentials redacted, with what the spec said about it."""

    seq: int
    method: str
    url: str
    path: str
    route: str | None
    headers: tuple[tuple[str, str], ...]
    body: bytes
    errors: tuple[str, ...]
    status: int | None
    fault: str | None = None
    response_errors: tuple[str, ...] = ()
    handler_error: str | None = None

    @property
    def valid(self) -> bool:
        """True if the request conforms to the spec (path, method, parameters, body, security)."""
        return not self.errors

    def header(self, name: str) -> str | None:
        for k, v in self.headers:
            if k.lower() == name.lower():
                return v
        return None


# -- openapi-core adapters ------------------------------------------------------------------------


class _CoreRequest:
    """httpx.Request in openapi-core's Request + SupportsPathPattern shape."""

    def __init__(
        self,
        host_url: str,
        path_pattern: str,
        method: str,
        parameters: RequestParameters,
        body: bytes | None,
        content_type: str,
    ) -> None:
        self.host_url = host_url
        self.path = path_pattern
        self.path_pattern = path_pattern
        self.method = method
        self.parameters = parameters
        self.body = body
        self.content_type = content_type


class _CoreResponse:
    def __init__(self, response: httpx.Response) -> None:
        self.status_code = response.status_code
        self.content_type = response.headers.get("content-type", "")
        self.headers = Headers(list(response.headers.multi_items()))
        self.data = response.content


def _describe(exc: BaseException) -> list[str]:
    """Readable messages for an openapi-core error: its schema errors, else its cause chain."""
    chain: list[BaseException] = []
    node: BaseException | None = exc
    while node is not None and node not in chain:
        chain.append(node)
        node = node.__cause__ or node.__context__
    top = f"{type(exc).__name__}: {exc}"
    for link in chain:
        schema_errors = getattr(link, "schema_errors", None)
        if schema_errors:
            return [
                f"{top}: {'/'.join(str(p) for p in getattr(e, 'absolute_path', ())) or '(root)'}"
                f": {getattr(e, 'message', e)}"
                for e in schema_errors
            ]
    return [f"{type(link).__name__}: {link}" for link in chain if str(link)] or [top]


# -- the service --------------------------------------------------------------------------------


class FakeService:
    """Base of every provider fake. Subclass, set ``spec``, write ``@route`` handlers.

    Hooks a provider overrides: ``error_response`` (its documented error bodies) and, if the
    generic check from the spec's security schemes does not fit, ``authenticate``.
    """

    #: the provider's spec: the package shipping it as ``openapi.yaml`` (read by core's
    #: ``load_spec``) or a parsed document; or pass ``spec=`` to the constructor
    spec_source: ClassVar[SpecSource | None] = None
    #: short name (thread names, ``serve_forever`` banner); defaults to the class name
    name: ClassVar[str] = ""
    #: True for a provider that documents no answer to a request its spec forbids: the fake's
    #: answer to such a request is its own choice, so it is not checked against the spec
    undocumented_rejections: ClassVar[bool] = False

    def __init__(
        self,
        spec: SpecSource | None = None,
        *,
        credentials: Mapping[str, Iterable[str]] | None = None,
        base_path: str | None = None,
        default_schedule: Sequence[tuple[str, float | None]] | Sequence[str] | None = None,
        clock: Callable[[], float] | None = None,
        id_factory: Callable[[], str] | None = None,
        validate_responses: bool = False,
        validation_cache: int = 4096,
        request_log: int | None = None,
    ) -> None:
        """``credentials``: security scheme name -> accepted values (bearer token, API key, or
        ``user:password`` for basic); None accepts any non-empty credential of the right kind.
        ``validate_responses``: also check the fake's own (unfaulted) responses against the spec
        (slower; for a provider fake's own tests, see ``assert_healthy``). ``validation_cache``:
        how many request validation results to keep, keyed on everything openapi-core looks at
        (repeated polls of one id are validated once); 0 turns the cache off. ``request_log``:
        how many request records ``requests`` keeps (the latest; None: all, see
        ``limit_request_log``); ``counts`` counts every request whatever the limit."""
        source = spec if spec is not None else self.spec_source
        if source is None:
            raise TypeError(f"{type(self).__name__}: no spec (set spec_source or pass spec=)")
        self.spec, self.openapi = _load(source)
        self.spec_host, spec_base = _server(self.spec)
        self.base_path = (spec_base if base_path is None else base_path).rstrip("/")
        self._spec_base = spec_base
        self.credentials = (
            None if credentials is None else {k: frozenset(v) for k, v in credentials.items()}
        )
        self.validate_responses = validate_responses
        self._cache_size = validation_cache
        self._cache: OrderedDict[tuple[Any, ...], tuple[str, ...]] = OrderedDict()
        self.lock = threading.RLock()
        store_kwargs: dict[str, Any] = {"clock": clock, "id_factory": id_factory, "lock": self.lock}
        if default_schedule is not None:
            store_kwargs["default_schedule"] = default_schedule
        self.operations = OperationStore(**store_kwargs)
        self.faults = FaultPlan()
        self.requests: list[RecordedRequest] | deque[RecordedRequest] = []
        #: every request counted, whatever the log keeps: "requests", "route:<operationId>",
        #: "invalid", "handler_errors", "response_errors", "fault:<label>"
        self.counts: Counter[str] = Counter()
        self._problems: list[RecordedRequest] = []  # kept when the log is limited
        self._seq = 0
        if request_log is not None:
            self.limit_request_log(request_log)
        self._operations_in_spec = self._spec_operations()
        self._routes: list[Route] = []
        self._secret_headers, self._secret_query = self._secret_names()
        # the headers openapi-core looks at besides declared header parameters
        self._validated_headers = self._secret_headers | {"content-type"}
        for attr in dir(type(self)):
            marker = getattr(getattr(type(self), attr, None), "__opstatus_route__", None)
            if marker is not None:
                self.add_route(marker[0], getattr(self, attr), id_param=marker[1])

    # -- set-up -----------------------------------------------------------------------------
    def _spec_operations(self) -> dict[str, tuple[str, str, dict[str, Any]]]:
        found: dict[str, tuple[str, str, dict[str, Any]]] = {}
        for template, item in (self.spec.get("paths") or {}).items():
            for method, op in item.items():
                if method in HTTP_METHODS and isinstance(op, dict) and "operationId" in op:
                    found[op["operationId"]] = (method.upper(), template, op)
        return found

    def _secret_names(self) -> tuple[frozenset[str], frozenset[str]]:
        headers = {"authorization", "proxy-authorization", "cookie", "set-cookie"}
        query: set[str] = set()
        for scheme in self._schemes().values():
            if scheme.get("type") == "apiKey":
                where = scheme.get("in")
                if where == "header":
                    headers.add(str(scheme.get("name", "")).lower())
                elif where == "query":
                    query.add(str(scheme.get("name", "")))
        return frozenset(headers), frozenset(query)

    def _schemes(self) -> dict[str, dict[str, Any]]:
        schemes: dict[str, dict[str, Any]] = (self.spec.get("components") or {}).get(
            "securitySchemes"
        ) or {}
        return schemes

    def add_route(
        self,
        operation_id: str,
        handler: Handler,
        *,
        id_param: str | None = None,
        method: str | None = None,
        path: str | None = None,
    ) -> Route:
        """Serve ``operation_id`` with ``handler``. Method and path come from the spec; give them
        only for an extra route the spec does not have (its requests are then not validated)."""
        if operation_id in self._operations_in_spec and path is None:
            spec_method, template, op = self._operations_in_spec[operation_id]
            security = op.get("security", self.spec.get("security", []))
            r = Route(
                operation_id,
                spec_method,
                template,
                handler,
                id_param=id_param,
                security=tuple(security),
                pointers=(
                    PollingRule.from_document(self.spec, operation_id)
                    if "x-opstatus" in op
                    else None
                ),
                header_params=self._header_params(template, op),
                id_check=self._id_check(template, op, id_param),
            )
        elif method is not None and path is not None:
            r = Route(operation_id, method.upper(), path, handler, id_param=id_param, in_spec=False)
        else:
            raise ValueError(f"operationId {operation_id!r} is not in the spec")
        self._routes = [x for x in self._routes if x.operation_id != operation_id] + [r]
        self._routes.sort(key=lambda x: (len(x.params), -len(x.template)))
        return r

    def _parameters(self, template: str, op: Mapping[str, Any]) -> list[Mapping[str, Any]]:
        """The operation's parameters (path-level first), ``$ref``s to components resolved."""
        found: list[Mapping[str, Any]] = []
        item = (self.spec.get("paths") or {}).get(template) or {}
        for param in [*(item.get("parameters") or []), *(op.get("parameters") or [])]:
            if isinstance(param, Mapping) and "$ref" in param:
                ref = str(param["$ref"]).removeprefix("#/components/parameters/")
                param = ((self.spec.get("components") or {}).get("parameters") or {}).get(ref, {})
            if isinstance(param, Mapping):
                found.append(param)
        return found

    def _id_check(
        self, template: str, op: Mapping[str, Any], id_param: str | None
    ) -> tuple[str, Callable[[str], bool]] | None:
        """("path"|"query", check) for the route's id parameter, if its schema is a plain string
        schema (a query parameter: an array of them, form style), else None.

        Used by the validation cache: a request identical to one already found valid except
        for its id values, each of which passes this check (and repeated the same way), is valid
        too, so a new operation id does not cost a full openapi-core validation.
        """
        names = _PARAM.findall(template)
        name = id_param or (names[-1] if names else None)
        param = next((p for p in self._parameters(template, op) if p.get("name") == name), None)
        if param is None or "content" in param or param.get("allowEmptyValue"):
            return None
        where, schema = param.get("in"), param.get("schema")
        if not isinstance(schema, Mapping) or str(self.spec.get("openapi", "")) < "3.1":
            return None
        if where == "query":
            if param.get("style", "form") != "form" or param.get("explode", True) is not True:
                return None
            if schema.get("type") != "array" or set(schema) - _ARRAY_KEYS:
                return None
            schema = schema.get("items")
            if not isinstance(schema, Mapping):
                return None
        elif where != "path" or param.get("style", "simple") != "simple":
            return None
        if schema.get("type") != "string" or set(schema) - _STRING_KEYS:
            return None
        validator = OAS31Validator(
            dict(schema), format_checker=oas31_schema_validators_factory.format_checker
        )
        return str(where), validator.is_valid

    def _header_params(self, template: str, op: Mapping[str, Any]) -> frozenset[str]:
        params = self._parameters(template, op)
        return frozenset(str(p.get("name", "")).lower() for p in params if p.get("in") == "header")

    def allowed_methods(self, request: httpx.Request) -> str:
        """The ``Allow`` value for ``request``'s path: the methods of the routes matching it
        (sent with every 405 the fake answers, as RFC 9110 requires)."""
        path, _query = self._split(request)
        methods = {r.method for r in self._routes if path is not None and r.match(path)}
        return ", ".join(sorted(methods))

    @property
    def routes(self) -> tuple[Route, ...]:
        return tuple(self._routes)

    @property
    def unrouted(self) -> list[str]:
        """operationIds of the spec that no handler serves (a provider fake should have none)."""
        served = {r.operation_id for r in self._routes}
        return [op for op in self._operations_in_spec if op not in served]

    @property
    def base_url(self) -> str:
        """The in-process base URL (``https://fake.invalid`` + base path: never resolvable)."""
        return "https://fake.invalid" + self.base_path

    # -- hooks a provider overrides -----------------------------------------------------------
    def error_response(self, status: int, message: str, request: httpx.Request) -> httpx.Response:
        """The provider's documented error body for ``status`` (400, 401, 403, 404, 405, 429,
        5xx). The default is ``{"error": {"code": ..., "message": ...}}``."""
        return json_response(status, {"error": {"code": _phrase(status), "message": message}})

    def authenticate(self, request: httpx.Request, route: Route) -> bool:
        """True if the request carries valid credentials for ``route`` (any one of the route's
        security requirements, each scheme of it satisfied). No requirement: always True."""
        if not route.security:
            return True
        return any(
            all(self._credential_ok(request, name) for name in requirement)
            for requirement in route.security
        )

    def _credential_ok(self, request: httpx.Request, scheme_name: str) -> bool:
        scheme = self._schemes().get(scheme_name, {})
        value = self.credential(request, scheme)
        if not value:
            return False
        if self.credentials is None:
            return True
        return value in self.credentials.get(scheme_name, frozenset())

    @staticmethod
    def credential(request: httpx.Request, scheme: Mapping[str, Any]) -> str | None:
        """The credential a request carries for one security scheme (token, key, user:pass)."""
        kind = scheme.get("type")
        if kind == "apiKey":
            name, where = str(scheme.get("name", "")), scheme.get("in")
            value: str | None = None
            if where == "header":
                value = request.headers.get(name)
            elif where == "query":
                value = request.url.params.get(name)
            elif where == "cookie":
                jar = http.cookies.SimpleCookie(request.headers.get("cookie", ""))
                value = jar[name].value if name in jar else None
            return value
        auth = request.headers.get("authorization", "")
        prefix, _, token = auth.partition(" ")
        if kind == "http" and str(scheme.get("scheme", "")).lower() == "basic":
            if prefix.lower() != "basic":
                return None
            try:
                return base64.b64decode(token.strip(), validate=True).decode()
            except (binascii.Error, UnicodeDecodeError):
                return None
        if prefix.lower() == "bearer" and token.strip():
            return str(token.strip())
        return None

    # -- conveniences ---------------------------------------------------------------------------
    def json_response(
        self,
        status: int,
        body: Any,
        headers: Mapping[str, str] | Sequence[tuple[str, str]] | None = None,
    ) -> httpx.Response:
        return json_response(status, body, headers)

    def not_found(self, request: FakeRequest | httpx.Request, what: str = "") -> httpx.Response:
        raw = request.raw if isinstance(request, FakeRequest) else request
        return self.error_response(404, what or "The resource was not found.", raw)

    def set_status(self, id: str, status: str, **fields: Any) -> FakeOperation:
        """Pin operation ``id`` at ``status`` for good."""
        return self.operations.set_status(id, status, **fields)

    def inject(self, fault: Fault, **where: Any) -> FaultPlan:
        """``self.faults.queue(fault, ...)``: times, skip, route, operation_id, path."""
        return self.faults.queue(fault, **where)

    def transport(self) -> FakeTransport:
        """An httpx transport serving this fake in-process (sync and async clients)."""
        return FakeTransport(self)

    def client(self, **kwargs: Any) -> httpx.Client:
        kwargs.setdefault("base_url", self.base_url)
        kwargs.setdefault("timeout", 5.0)
        return httpx.Client(transport=self.transport(), **kwargs)

    def async_client(self, **kwargs: Any) -> httpx.AsyncClient:
        kwargs.setdefault("base_url", self.base_url)
        kwargs.setdefault("timeout", 5.0)
        return httpx.AsyncClient(transport=self.transport(), **kwargs)

    def clear_log(self) -> None:
        with self.lock:
            self.requests.clear()
            self._problems.clear()
            self.counts.clear()

    def limit_request_log(self, records: int | None) -> None:
        """Keep only the latest ``records`` requests in ``requests`` (None: all), for long runs
        (a soak). ``counts`` still counts every request, and every invalid request or handler
        failure is kept for ``invalid_requests`` / ``assert_healthy`` whatever the limit."""
        if records is not None and records < 0:
            raise ValueError(f"records must be >= 0 or None, not {records!r}")
        with self.lock:
            if records is None:
                self.requests = list(self.requests)
            else:
                self.requests = deque(self.requests, maxlen=records)

    def _problem_records(self) -> list[RecordedRequest]:
        if isinstance(self.requests, deque):
            return list(self._problems)
        return list(self.requests)

    def invalid_requests(self) -> list[RecordedRequest]:
        with self.lock:
            return [r for r in self._problem_records() if r.errors]

    def assert_requests_valid(self) -> None:
        """AssertionError listing every request that did not conform to the spec."""
        bad = self.invalid_requests()
        if bad:
            lines = [f"#{r.seq} {r.method} {r.url}: {'; '.join(r.errors)}" for r in bad]
            raise AssertionError(f"{len(bad)} request(s) violate the spec:\n" + "\n".join(lines))

    def assert_healthy(self) -> None:
        """AssertionError if a handler raised or (unfaulted) responses violate the spec."""
        with self.lock:
            bad = [r for r in self._problem_records() if r.handler_error or r.response_errors]
        if bad:
            lines = [
                f"#{r.seq} {r.method} {r.path} -> {r.status}: "
                + (r.handler_error or "; ".join(r.response_errors))
                for r in bad
            ]
            raise AssertionError("the fake misbehaved:\n" + "\n".join(lines))

    # -- the handler --------------------------------------------------------------------------
    def handler(self, request: httpx.Request) -> httpx.Response:
        """A plain ``(httpx.Request) -> httpx.Response`` for ``httpx.MockTransport`` (faults
        become exceptions or blocking sleeps; prefer ``transport()`` for async clients)."""
        return FakeTransport(self).handle_request(request)

    def handle(self, request: httpx.Request) -> FakeResult:
        """Serve one request: route, credentials, spec validation, faults, handler, log."""
        try:
            _ = request.content
        except httpx.RequestNotRead:
            request.read()
        with self.lock:
            self._seq += 1
            return self._handle(self._seq, request)

    def _split(self, request: httpx.Request) -> tuple[str | None, str]:
        raw = request.url.raw_path.decode("ascii", "replace")
        path, _, query = raw.partition("?")
        if self.base_path:
            if path == self.base_path:
                return "/", query
            if not path.startswith(self.base_path + "/"):
                return None, query
            path = path[len(self.base_path) :]
        return path, query

    def _handle(self, seq: int, request: httpx.Request) -> FakeResult:
        rel, query = self._split(request)
        query_pairs = parse_qsl(query, keep_blank_values=True)
        multi: dict[str, list[str]] = {}
        for k, v in query_pairs:
            multi.setdefault(k, []).append(v)

        found: Route | None = None
        params: dict[str, str] = {}
        path_known = False
        if rel is not None:
            for r in self._routes:
                p = r.match(rel)
                if p is None:
                    continue
                path_known = True
                if r.method == request.method.upper():
                    found, params = r, p
                    break

        errors: list[str] = []
        core_request: _CoreRequest | None = None
        if found is None:
            where = "outside the base path" if rel is None else "no such operation in the spec"
            errors.append(f"{request.method} {request.url.path}: {where}")
        elif found.in_spec:
            core_request = self._core_request(request, found, params, query_pairs)
            errors.extend(self._validate_cached(request, found, core_request))

        ids: tuple[str, ...] = ()
        if found is not None:
            id_param = found.id_param or (found.params[-1] if found.params else None)
            if id_param in params:
                ids = (params[id_param],)
            elif id_param is not None:
                ids = tuple(multi.get(id_param, ()))
        ctx = FaultContext(
            seq,
            request.method.upper(),
            rel if rel is not None else request.url.path,
            found.operation_id if found else None,
            ids,
            found.pointers if found else None,
        )
        fault = self.faults.take(ctx)

        handler_error: str | None = None
        result: FakeResult
        if fault is not None and fault.kind in _NO_RESPONSE:
            result = FakeResult(None, _NO_RESPONSE[fault.kind])
        elif fault is not None and fault.kind is FaultKind.HTTP_ERROR:
            if fault.body is None:
                response = self.error_response(fault.status, _injected(fault.status), request)
            else:
                ctype = fault.content_type or "application/json"
                response = httpx.Response(
                    fault.status, content=fault.body, headers={"content-type": ctype}
                )
            if fault.retry_after is not None:
                response.headers["Retry-After"] = fault.retry_after
            result = FakeResult(response)
        elif fault is not None and fault.kind in {FaultKind.UNAUTHORIZED, FaultKind.FORBIDDEN}:
            result = FakeResult(self.error_response(fault.status, _injected(fault.status), request))
        else:
            if fault is not None and fault.kind is FaultKind.VANISHED:
                for op_id in ids:
                    self.operations.delete(op_id)
            try:
                response = self._dispatch(request, found, params, multi, errors, path_known)
            except Exception as exc:
                handler_error = "".join(traceback.format_exception_only(exc)).strip()
                handler_error += "\n" + traceback.format_exc()
                response = self.error_response(500, "The fake's handler failed.", request)
            if fault is None or fault.kind is FaultKind.VANISHED:
                result = FakeResult(response)
            elif fault.kind is FaultKind.SLOW:
                result = FakeResult(response, delay=fault.seconds)
            elif fault.kind is FaultKind.RESET_MID_BODY:
                frac = float(fault.value) if fault.value is not None else 0.5
                result = FakeResult(response, "reset", cut=int(len(response.content) * frac))
            elif fault.kind in BODY_FAULTS:
                response, _applied = transform_response(
                    fault, response, found.pointers if found else None, ids
                )
                result = FakeResult(response)
            else:  # pragma: no cover - every kind is handled above
                raise AssertionError(fault.kind)

        response_errors: tuple[str, ...] = ()
        if (
            self.validate_responses
            and core_request is not None
            and result.response is not None
            and (fault is None or fault.kind in {FaultKind.SLOW, FaultKind.VANISHED})
            and not (errors and self.undocumented_rejections)
        ):
            response_errors = self._validate_response(core_request, result.response)

        record = RecordedRequest(
            seq=seq,
            method=request.method.upper(),
            url=self._redacted_url(request),
            path=ctx.path,
            route=ctx.route,
            headers=self._redacted_headers(request),
            body=redact_body(request.content),
            errors=tuple(errors),
            status=result.response.status_code if result.response is not None else None,
            fault=fault.label if fault is not None else None,
            response_errors=response_errors,
            handler_error=handler_error,
        )
        self.requests.append(record)
        counts = self.counts
        counts["requests"] += 1
        counts[f"route:{ctx.route}"] += 1
        if fault is not None:
            counts[f"fault:{fault.label}"] += 1
        if errors or handler_error or response_errors:
            counts["invalid"] += bool(errors)
            counts["handler_errors"] += handler_error is not None
            counts["response_errors"] += bool(response_errors)
            if isinstance(self.requests, deque):
                self._problems.append(record)
        return result

    def _dispatch(
        self,
        request: httpx.Request,
        found: Route | None,
        params: dict[str, str],
        query: dict[str, list[str]],
        errors: list[str],
        path_known: bool,
    ) -> httpx.Response:
        if found is None:
            if path_known:
                response = self.error_response(
                    405, f"{request.method} is not allowed here.", request
                )
                if response.status_code == 405 and "allow" not in response.headers:
                    response.headers["Allow"] = self.allowed_methods(request)
                return response
            return self.error_response(404, "No such resource.", request)
        if not self.authenticate(request, found):
            return self.error_response(401, "Missing or invalid credentials.", request)
        if errors:
            return self.error_response(400, "; ".join(errors), request)
        return found.handler(FakeRequest(request, found, params, query))

    # -- validation ---------------------------------------------------------------------------
    def _core_request(
        self,
        request: httpx.Request,
        found: Route,
        params: dict[str, str],
        query_pairs: list[tuple[str, str]],
    ) -> _CoreRequest:
        cookies: dict[str, str] = {}
        if "cookie" in request.headers:
            jar = http.cookies.SimpleCookie(request.headers["cookie"])
            cookies = {k: m.value for k, m in jar.items()}
        parameters = RequestParameters(
            query=ImmutableMultiDict(query_pairs),
            header=Headers(list(request.headers.multi_items())),
            cookie=ImmutableMultiDict(cookies),
            path=dict(params),
        )
        return _CoreRequest(
            host_url=self.spec_host or "http://fake.invalid",
            path_pattern=self._spec_base + found.template,
            method=request.method.lower(),
            parameters=parameters,
            body=request.content or None,
            content_type=request.headers.get("content-type", "application/octet-stream"),
        )

    def _validate_cached(
        self, request: httpx.Request, found: Route, core_request: _CoreRequest
    ) -> tuple[str, ...]:
        if self._cache_size <= 0:
            return tuple(self._validate(core_request))
        headers = tuple(
            (k.lower(), v)
            for k, v in request.headers.multi_items()
            if k.lower() in self._validated_headers or k.lower() in found.header_params
        )
        key = (found.operation_id, request.method, request.url.raw_path, request.content, headers)
        cached = self._cache.get(key)
        if cached is not None:
            self._cache.move_to_end(key)
            return cached
        shape = self._id_shape(found, core_request)
        shape_key = None if shape is None else ("id-shape", *key[:2], shape, key[3], headers)
        if shape_key is not None and shape_key in self._cache:
            # the same request as one found valid but for its (individually valid) id values
            self._cache.move_to_end(shape_key)
            result: tuple[str, ...] = ()
        else:
            result = tuple(self._validate(core_request))
            if shape_key is not None and not result:
                self._remember(shape_key, result)
        self._remember(key, result)
        return result

    def _remember(self, key: tuple[Any, ...], result: tuple[str, ...]) -> None:
        self._cache[key] = result
        if len(self._cache) > self._cache_size:
            self._cache.popitem(last=False)

    @staticmethod
    def _id_shape(found: Route, core_request: _CoreRequest) -> tuple[Any, ...] | None:
        """The request's parameters with the id values replaced by their order of first
        appearance (equal ids stay equal), or None if an id value fails its own schema."""
        if found.id_check is None:
            return None
        where, check = found.id_check
        params = core_request.parameters
        seen: dict[str, int] = {}

        def mark(value: str) -> int | None:
            if value not in seen:
                if not value or not check(value):  # openapi-core refuses empty query values
                    return None
                seen[value] = len(seen)
            return seen[value]

        name = found.id_param or (found.params[-1] if found.params else None)
        path = dict(params.path)
        query: list[tuple[str, str]] = list(params.query.items(multi=True))  # type: ignore[call-arg]
        if where == "path":
            if name not in path:
                return None
            slot = mark(path[name])
            if slot is None:
                return None
            path[name] = f"\x00id{slot}"
        else:
            for i, (k, v) in enumerate(query):
                if k == name:
                    slot = mark(v)
                    if slot is None:
                        return None
                    query[i] = (k, f"\x00id{slot}")
            if not seen:
                return None
        return (tuple(sorted(path.items())), tuple(query))

    def _validate(self, core_request: _CoreRequest) -> list[str]:
        messages: list[str] = []
        try:
            for error in self.openapi.iter_request_errors(core_request):
                messages.extend(_describe(error))
        except Exception as exc:  # openapi-core raising instead of yielding
            messages.extend(_describe(exc))
        return messages

    def _validate_response(
        self, core_request: _CoreRequest, response: httpx.Response
    ) -> tuple[str, ...]:
        messages: list[str] = []
        try:
            for error in self.openapi.iter_response_errors(core_request, _CoreResponse(response)):
                messages.extend(_describe(error))
        except Exception as exc:
            messages.extend(_describe(exc))
        return tuple(messages)

    # -- redaction ----------------------------------------------------------------------------
    def _redacted_headers(self, request: httpx.Request) -> tuple[tuple[str, str], ...]:
        return tuple(
            (k, REDACTED if k.lower() in self._secret_headers else v)
            for k, v in request.headers.multi_items()
        )

    def _redacted_url(self, request: httpx.Request) -> str:
        url = str(request.url)
        if not self._secret_query:
            return url
        parts = urlsplit(url)
        pairs = parse_qsl(parts.query, keep_blank_values=True)
        if not any(k in self._secret_query for k, _ in pairs):
            return url
        query = "&".join(f"{k}={REDACTED if k in self._secret_query else v}" for k, v in pairs)
        return urlunsplit(parts._replace(query=query))


def _phrase(status: int) -> str:
    try:
        return http.HTTPStatus(status).phrase
    except ValueError:
        return str(status)


def _injected(status: int) -> str:
    return f"{_phrase(status)} (injected by the fake)."
