"""A human summary of what is in a sandbox, for the CLI's demo hints."""

from __future__ import annotations

from bot.sandbox._sandbox import Sandbox

BASE_URL_PLACEHOLDER = "http://127.0.0.1:<port>"


def demo_text(sandbox: Sandbox, base_url: str | None = None) -> str:
    """Studios with their keys, then customers with number, date of birth and purpose."""
    lines = ["PerfectGym sandbox", ""]
    for studio in sandbox.studios.values():
        verification = (
            "module cancelations need staff verification"
            if studio.cancelation_needs_verification
            else "module cancelations take effect directly"
        )
        lines += [
            f"Studio {studio.id}: {studio.name} ({studio.time_zone}; {verification})",
            f"  base URL:     {base_url or BASE_URL_PLACEHOLDER}",
            f"  API key:      {studio.api_key}",
            f"  webhook key:  {studio.webhook_key}",
            "  online modules: "
            + ", ".join(f"{m.id} {m.name}" for m in studio.modules.values() if m.listed),
            "  customers (customer number, date of birth):",
        ]
        for customer in sandbox.customers.values():
            if customer.studio_id != studio.id or not customer.reachable:
                continue
            contracts = ", ".join(str(c.id) for c in sandbox.contracts_of(customer.id))
            lines.append(
                f"    {customer.customer_number:<8} {customer.date_of_birth.isoformat()}  "
                f"{customer.first_name} {customer.last_name} (id {customer.id}, "
                f"contract {contracts})"
            )
            if customer.demo_note:
                lines.append(f"             {customer.demo_note}")
        lines.append("")
    return "\n".join(lines).rstrip() + "\n"
