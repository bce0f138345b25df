"""The server side of the soak (test_rel_soak): one provider's fake on loopback in a child process.

The fake runs in its own process so that the client under test and the five servers do not share
one GIL (the client process is what the soak measures for leaks). The child decides every
operation's outcome with its own seeded generator and sends the decisions back; at the end it
reports what it served (request counts, faults injected by kind, invalid requests, handler
errors) from the fake's counters.

Protocol on the pipe (parent -> child): ``("seed", n, seed)`` -> ``[(ref, outcome), ...]``;
``("stats",)`` -> dict; ``("stop",)`` -> ``"stopped"`` and the child exits. The first message the
child sends is ``("ready", base_url)`` (or ``("error", text)``).
"""

from __future__ import annotations

import random
import resource
import traceback
import warnings
from importlib.metadata import entry_points
from multiprocessing.connection import Connection
from typing import Any

#: what a soak may throw at a status request: all retried, or (an undocumented status) pending
FAULT_SPECS: tuple[tuple[str, tuple[Any, ...]], ...] = (
    ("too_many_requests", (0,)),
    ("http_error", (500,)),
    ("http_error", (502,)),
    ("http_error", (503,)),
    ("http_error", (504,)),
    ("drop_connection", ()),
    ("refuse_connection", ()),
    ("reset_mid_body", (0.5,)),
    ("slow", (0.05,)),
    ("hang", ()),
    ("unknown_status", ("SoakUndocumented",)),
)
#: request records a soak fake keeps (the counters count every request)
LOG_RECORDS = 500


def faults() -> tuple[Any, ...]:
    from opstatus_core.testing import Fault

    return tuple(getattr(Fault, name)(*args) for name, args in FAULT_SPECS)


def outcomes(plugin: Any) -> list[str]:
    """The outcome classes the provider has (``canceled`` only where its spec lists one)."""
    from opstatus_core import Classification

    rule = plugin.provider.rule()
    result = ["succeeded", "failed"]
    if any(rule.classify(v) is Classification.CANCELED for v in rule.known_values):
        result.append("canceled")
    return result


def serve_fake(conn: Connection, provider: str, rate: float, fault_seed: int) -> None:
    """Child process entry point: serve ``provider``'s fake until told to stop."""
    warnings.simplefilter("ignore")
    try:
        from opstatus_core.testing import serve

        (ep,) = [e for e in entry_points(group="opstatus.providers") if e.name == provider]
        plugin = ep.load()
        fake = plugin.load_fake()
        fake.limit_request_log(LOG_RECORDS)
        route = plugin.provider.operation_id
        fake.faults.randomize(rate, faults(), seed=fault_seed, routes={route})
        server = serve(fake)
        server.start()
    except Exception:
        conn.send(("error", traceback.format_exc()))
        conn.close()
        return
    conn.send(("ready", server.base_url))
    try:
        while True:
            message = conn.recv()
            if message[0] == "seed":
                _, count, seed = message
                rng = random.Random(seed)
                classes = outcomes(plugin)
                decided = []
                for _ in range(count):
                    outcome = rng.choice(classes)
                    decided.append((fake.seed_operation(outcome, polls=rng.randint(0, 3)), outcome))
                conn.send(decided)
            elif message[0] == "stats":
                with fake.lock:  # per round: read, then start counting afresh
                    counts = dict(fake.counts)
                    fake.counts.clear()
                    problems = [
                        f"#{r.seq} {r.method} {r.path}: "
                        + "; ".join(r.errors or (r.handler_error or "",))
                        for r in fake._problems[:10]
                    ]
                conn.send(
                    {
                        "status_requests": counts.get(f"route:{route}", 0),
                        "requests": counts.get("requests", 0),
                        "faults": {
                            k.removeprefix("fault:"): v
                            for k, v in counts.items()
                            if k.startswith("fault:")
                        },
                        "invalid": counts.get("invalid", 0),
                        "handler_errors": counts.get("handler_errors", 0),
                        "problems": problems,
                        "log_kept": len(fake.requests),
                        "peak_rss_kib": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss,
                    }
                )
            elif message[0] == "stop":
                server.stop()
                conn.send("stopped")
                return
    finally:
        server.stop()
        conn.close()
