"""The bot's Prometheus metrics: every metric object, and the few calls that record them.

Recorded at a handful of seams, never scattered: the turn stack (``conversations.stack``),
the PerfectGym client's call and limiter, the Telegram flood limiter, the Slack Web API
client, the PerfectGym webhook receiver, the reminder sender, the staff-event bus (wired in
the composition root) and, at scrape time, the inbox and outbox queues. Labels are bounded
sets (endpoint templates, Bot API method names, flow modules, reason slugs), never a chat,
a customer or a free text. ``render`` gives the text exposition ``GET /metrics`` serves.
"""

from __future__ import annotations

import re

from prometheus_client import (
    CONTENT_TYPE_LATEST,
    CollectorRegistry,
    Counter,
    Gauge,
    Histogram,
    generate_latest,
)
from prometheus_client.gc_collector import GCCollector
from prometheus_client.platform_collector import PlatformCollector
from prometheus_client.process_collector import ProcessCollector

REGISTRY = CollectorRegistry(auto_describe=True)
"""The bot's own registry (the process, platform and GC collectors included)."""
ProcessCollector(registry=REGISTRY)
PlatformCollector(registry=REGISTRY)
GCCollector(registry=REGISTRY)

CONTENT_TYPE = CONTENT_TYPE_LATEST
_LATENCY = (0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0)

TURNS = Counter(
    "upsell_turns",
    "Member turns by platform, flow (the dialog module that ran) and outcome.",
    ["platform", "flow", "outcome"],
    registry=REGISTRY,
)
TURN_SECONDS = Histogram(
    "upsell_turn_seconds",
    "Time from a member event to the end of its turn (replies delivered).",
    ["platform"],
    buckets=_LATENCY,
    registry=REGISTRY,
)
PERFECTGYM_REQUESTS = Counter(
    "upsell_perfectgym_requests",
    "PerfectGym Open API requests by endpoint template and status (or transport error).",
    ["endpoint", "status"],
    registry=REGISTRY,
)
PERFECTGYM_SECONDS = Histogram(
    "upsell_perfectgym_request_seconds",
    "PerfectGym Open API request duration by endpoint template.",
    ["endpoint"],
    buckets=_LATENCY,
    registry=REGISTRY,
)
PERFECTGYM_RETRIES = Counter(
    "upsell_perfectgym_retries",
    "PerfectGym requests tried again (reads on transient failures, writes surely not sent).",
    ["endpoint"],
    registry=REGISTRY,
)
PERFECTGYM_LIMITER_WAITS = Counter(
    "upsell_perfectgym_limiter_waits",
    "Requests the client-side PerfectGym rate limiter held back.",
    ["endpoint"],
    registry=REGISTRY,
)
PERFECTGYM_LIMITER_WAIT_SECONDS = Counter(
    "upsell_perfectgym_limiter_wait_seconds",
    "Seconds requests waited in the client-side PerfectGym rate limiter.",
    ["endpoint"],
    registry=REGISTRY,
)
CHAT_API_REQUESTS = Counter(
    "upsell_chat_api_requests",
    "Telegram Bot API and Slack Web API calls by platform, method and status.",
    ["platform", "method", "status"],
    registry=REGISTRY,
)
CHAT_API_RATE_LIMITED = Counter(
    "upsell_chat_api_rate_limited",
    "Telegram Bot API and Slack Web API calls answered 429 (flood control, rate limits).",
    ["platform", "method"],
    registry=REGISTRY,
)
WEBHOOK_DELIVERIES = Counter(
    "upsell_webhook_deliveries",
    "PerfectGym webhook deliveries by outcome (accepted, duplicate, refused) and HTTP status.",
    ["outcome", "status"],
    registry=REGISTRY,
)
QUEUE_DEPTH = Gauge(
    "upsell_queue_depth",
    "Rows waiting: inbox (webhook deliveries not processed), outbox (reminders due now), "
    "outbox_scheduled (reminders due later). Read from the database at scrape time.",
    ["queue"],
    registry=REGISTRY,
)
QUEUE_OLDEST_AGE = Gauge(
    "upsell_queue_oldest_age_seconds",
    "How long the oldest waiting row has waited (inbox: since received; outbox: since due).",
    ["queue"],
    registry=REGISTRY,
)
REMINDERS = Counter(
    "upsell_reminders",
    "Reminder outbox rows handled, by rule, outcome (sent, skipped, postponed, failed, "
    "abandoned) and reason.",
    ["rule", "outcome", "reason"],
    registry=REGISTRY,
)
SALES = Counter(
    "upsell_sales_events",
    "Purchases, cancelations and withdrawals made in the chats, by studio.",
    ["studio", "kind"],
    registry=REGISTRY,
)

_SLUG = re.compile(r"[^a-z0-9]+")
_DETAILS = re.compile(r"\([^)]*\)|'[^']*'|\d+")
REASON_LENGTH = 48


def record_turn(platform: str, flow: str, outcome: str, seconds: float) -> None:
    TURNS.labels(platform, flow, outcome).inc()
    TURN_SECONDS.labels(platform).observe(max(seconds, 0.0))


def record_perfectgym_request(endpoint: str, status: str, seconds: float) -> None:
    PERFECTGYM_REQUESTS.labels(endpoint, status).inc()
    PERFECTGYM_SECONDS.labels(endpoint).observe(max(seconds, 0.0))


def record_perfectgym_retry(endpoint: str) -> None:
    PERFECTGYM_RETRIES.labels(endpoint).inc()


def record_limiter_wait(endpoint: str, seconds: float) -> None:
    PERFECTGYM_LIMITER_WAITS.labels(endpoint).inc()
    PERFECTGYM_LIMITER_WAIT_SECONDS.labels(endpoint).inc(max(seconds, 0.0))


def record_chat_api_call(platform: str, method: str, status: str) -> None:
    """One Bot API or Web API call; a ``429`` status also counts as rate limited."""
    CHAT_API_REQUESTS.labels(platform, method, status).inc()
    if status == "429":
        CHAT_API_RATE_LIMITED.labels(platform, method).inc()


def record_webhook_delivery(outcome: str, status: int) -> None:
    WEBHOOK_DELIVERIES.labels(outcome, str(status)).inc()


def record_reminder(rule: str, outcome: str, reason: str | None = None) -> None:
    REMINDERS.labels(rule, outcome, reason_label(reason)).inc()


def record_sale(studio: str, kind: str) -> None:
    SALES.labels(studio, kind).inc()


def set_queue(queue: str, depth: int, oldest_age_seconds: float) -> None:
    """A queue's gauges as the database shows it now (set right before a scrape)."""
    QUEUE_DEPTH.labels(queue).set(depth)
    QUEUE_OLDEST_AGE.labels(queue).set(max(oldest_age_seconds, 0.0))


def reason_label(reason: str | None) -> str:
    """A short slug of a reason text ("the rule is switched off" -> the_rule_is_switched_off);
    numbers, quoted values and parenthesised details are left out, so labels stay few."""
    if not reason:
        return ""
    return _SLUG.sub("_", _DETAILS.sub(" ", reason.lower())).strip("_")[:REASON_LENGTH]


def render() -> bytes:
    """The text exposition of every metric (what ``GET /metrics`` answers)."""
    return generate_latest(REGISTRY)


__all__ = [
    "CONTENT_TYPE",
    "REGISTRY",
    "reason_label",
    "record_chat_api_call",
    "record_limiter_wait",
    "record_perfectgym_request",
    "record_perfectgym_retry",
    "record_reminder",
    "record_sale",
    "record_turn",
    "record_webhook_delivery",
    "render",
    "set_queue",
]
