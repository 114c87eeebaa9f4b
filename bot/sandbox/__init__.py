"""An embedded PerfectGym Next stand-in ("sandbox"): a real HTTP app with seeded demo data.

It serves the 17 vendor operations the bot uses under the vendor's paths, tells studios
apart by `X-API-KEY`, answers errors as the vendor's `ErrorResponse`, sends webhooks, and
has knobs for tests and benchmarks: fault injection (status, latency, hang, after-commit),
a per-endpoint rate limit, and staff actions (confirm a cancelation, book at the desk,
delete a customer, disable access). `Sandbox.demo()` seeds two studios; see `demo_text()`.
"""

from __future__ import annotations

from bot.sandbox._app import create_app
from bot.sandbox._demo import (
    BERLIN_MITTE_API_KEY,
    BERLIN_MITTE_WEBHOOK_KEY,
    HAMBURG_ALTONA_API_KEY,
    HAMBURG_ALTONA_WEBHOOK_KEY,
    seed_members,
)
from bot.sandbox._describe import demo_text
from bot.sandbox._errors import VendorError
from bot.sandbox._faults import OPERATION_IDS, Fault, Faults
from bot.sandbox._model import (
    AdditionalModule,
    Cancelation,
    Customer,
    MainContract,
    ModuleContract,
    PaymentFrequency,
    Studio,
)
from bot.sandbox._ratelimit import RateLimit
from bot.sandbox._sandbox import ModuleRequest, Sandbox
from bot.sandbox._server import serve_sandbox
from bot.sandbox._terms import Term, TermPlan
from bot.sandbox._webhooks import WebhookDelivery, WebhookSender

__all__ = [
    "BERLIN_MITTE_API_KEY",
    "BERLIN_MITTE_WEBHOOK_KEY",
    "HAMBURG_ALTONA_API_KEY",
    "HAMBURG_ALTONA_WEBHOOK_KEY",
    "OPERATION_IDS",
    "AdditionalModule",
    "Cancelation",
    "Customer",
    "Fault",
    "Faults",
    "MainContract",
    "ModuleContract",
    "ModuleRequest",
    "PaymentFrequency",
    "RateLimit",
    "Sandbox",
    "Studio",
    "Term",
    "TermPlan",
    "VendorError",
    "WebhookDelivery",
    "WebhookSender",
    "create_app",
    "demo_text",
    "seed_members",
    "serve_sandbox",
]
