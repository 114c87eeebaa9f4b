"""``StaffDesk``: look-ups and actions for studio staff, platform-neutral.

Every staff action is written to the audit log with who did it. Besides look-ups and link
codes the desk sends personal offers (through the engine, with the member's consent), counts
the sales funnel, and fans staff notices out to whichever adapter registered a sink.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable, Sequence
from datetime import datetime
from typing import TYPE_CHECKING

from bot.perfectgym import (
    AdditionalModule,
    AdditionalModuleContractExtended,
    BadRequest,
    Contract,
    Customer,
    NotFound,
    PerfectGymError,
)
from bot.store import CampaignCancelation
from conversations.flows import offer
from conversations.flows.offer import OfferResult
from conversations.services import Services, StudioRuntime
from conversations.staff._campaigns import CampaignList, CampaignPlanner, CampaignResult
from conversations.staff._errors import (
    CampaignRefused,
    CustomerNotFound,
    StaffError,
    UnknownStudio,
)
from conversations.staff._figures import StudioStats, studio_stats
from conversations.staff._modules import find_module, loose, module_and_rest
from conversations.staff._views import (
    Catalogue,
    ContractView,
    CustomerOverview,
    LinkCodeIssued,
    StaffNotice,
    contract_view,
    full_name,
)

if TYPE_CHECKING:
    from conversations.engine import Engine
    from conversations.ports import Channels

log = logging.getLogger("conversations.staff")

MAX_STATS_DAYS = 366

NoticeSink = Callable[[StaffNotice], Awaitable[None]]


class StaffDesk:
    """Look-ups and actions for studio staff."""

    def __init__(
        self,
        services: Services,
        *,
        engine: Engine | None = None,
        channels: Channels | None = None,
        campaigns: CampaignPlanner | None = None,
    ) -> None:
        self.services = services
        self.engine = engine
        self.channels = channels
        self.campaigns = campaigns
        self._notice_sinks: list[NoticeSink] = []

    def studio(self, name: str | None) -> StudioRuntime:
        """The studio by name (case, spaces and dashes do not matter); the only one if None."""
        studios = self.services.studios
        if name is None:
            if len(studios) == 1:
                return next(iter(studios.values()))
            raise UnknownStudio("staff_several_studios", studios=", ".join(sorted(studios)))
        if name in studios:
            return studios[name]
        found = [studio for key, studio in studios.items() if loose(key) == loose(name)]
        if len(found) != 1:
            raise UnknownStudio(
                "staff_unknown_studio", name=name, studios=", ".join(sorted(studios))
            )
        return found[0]

    def language(self, name: str | None) -> str:
        """The language staff of a studio read (its locale); with no studio known, the one
        all studios share, else English."""
        if name is not None:
            try:
                return self.studio(name).settings.language
            except UnknownStudio:
                pass
        languages = {s.settings.language for s in self.services.studios.values()}
        return languages.pop() if len(languages) == 1 else "en"

    async def find_customer(self, studio: StudioRuntime, reference: str) -> Customer:
        """A customer by customer number (``1-1001``) or by id (``1001``)."""
        reference = reference.strip()
        client = studio.client
        if not reference:
            raise CustomerNotFound("staff_no_reference")
        try:
            if reference.isdigit():
                try:
                    return await client.customer(int(reference))
                except NotFound:
                    pass
            return await client.customer_by_number(reference)
        except (NotFound, BadRequest):
            raise CustomerNotFound(
                "staff_no_customer", reference=reference, studio=studio.name
            ) from None

    async def issue_link_code(
        self, studio_name: str | None, reference: str, *, actor: str
    ) -> LinkCodeIssued:
        studio = self.studio(studio_name)
        customer = await self.find_customer(studio, reference)
        now = self.services.clock.now()
        ttl = self.services.options.link_code_ttl
        code = await self.services.store.create_link_code(
            studio.name, customer.id, created_by=actor, ttl=ttl, now=now
        )
        await self._audit(actor, "link_code_issued", studio.name, subject=str(customer.id))
        username = self.services.options.telegram_bot_username or (
            self.channels.handles.get("telegram") if self.channels is not None else None
        )
        deep_link = f"https://t.me/{username}?start={code}" if username else None
        return LinkCodeIssued(
            code=code,
            deep_link=deep_link,
            expires_at=now + ttl,
            studio=studio.name,
            customer_id=customer.id,
            customer_number=customer.customerNumber,
            customer_name=full_name(customer),
        )

    async def customer_overview(
        self, studio_name: str | None, reference: str, *, actor: str
    ) -> CustomerOverview:
        studio = self.studio(studio_name)
        customer = await self.find_customer(studio, reference)
        contracts = await studio.client.customer_contracts(customer.id)
        views = [await self._contract_view(studio, c) for c in contracts]
        links = await self.services.store.links_for_customer(studio.name, customer.id)
        await self._audit(actor, "customer_viewed", studio.name, subject=str(customer.id))
        today = self.services.clock.now().astimezone(studio.settings.zone).date()
        return CustomerOverview(studio.name, customer, links, views, today)

    async def catalogue(self, studio_name: str | None) -> list[AdditionalModule]:
        return await self.studio(studio_name).client.additional_modules()

    async def module_catalogue(self, studio_name: str | None, *, actor: str) -> Catalogue:
        """The catalogue for staff (every module listed is online-bookable; see ``Catalogue``)."""
        studio = self.studio(studio_name)
        modules = await studio.client.additional_modules()
        await self._audit(actor, "catalogue_viewed", studio.name)
        return Catalogue(studio.name, modules)

    async def stats(self, studio_name: str | None, days: int = 30, *, actor: str) -> StudioStats:
        """Funnel figures for the last ``days`` days (1..366)."""
        if not 1 <= days <= MAX_STATS_DAYS:
            raise StaffError("staff_days_range", most=MAX_STATS_DAYS)
        studio = self.studio(studio_name)
        until = self.services.clock.now()
        figures = await studio_stats(
            self.services.store, studio.name, days, until, studio.settings.zone
        )
        await self._audit(actor, "stats_viewed", studio.name, detail={"days": days})
        return figures

    # --- personal offers -----------------------------------------------------------------

    async def send_offer(
        self,
        studio_name: str | None,
        customer_ref: str,
        module_ref: str,
        *,
        actor: str,
    ) -> OfferResult:
        """Send a linked member one module as a personal offer in their chat, with consent.

        The consent rules are in ``conversations.flows.offer``; refusals come back as an
        ``OfferResult``, unknown customers and modules raise ``StaffError``s. Every attempt
        is audited.
        """
        engine, channels = self.engine, self.channels
        if engine is None or channels is None:
            raise RuntimeError("this desk was built without an engine to send offers through")
        studio = self.studio(studio_name)
        customer = await self.find_customer(studio, customer_ref)
        module = await self.find_module(studio, module_ref)
        result = await offer.send(
            self.services, studio, customer, module, actor=actor, engine=engine, channels=channels
        )
        await self._audit(
            actor,
            offer.OFFER_SENT if result.sent else "offer_not_sent",
            studio.name,
            subject=str(customer.id),
            detail={
                "module_id": module.id,
                "module_name": module.name,
                "outcome": result.outcome.value,
                "platform": result.platform,
                "reason": str(result.reason) if result.reason else None,
            },
        )
        return result

    async def find_module(self, studio: StudioRuntime, reference: str) -> AdditionalModule:
        """A catalogue module by id (``201``) or name (``sauna``, or a unique beginning)."""
        return find_module(await studio.client.additional_modules(), reference, studio.name)

    async def module_and_rest(
        self, studio: StudioRuntime, words: Sequence[str]
    ) -> tuple[AdditionalModule, list[str]]:
        """The module the words start with (the longest catalogue name) and what follows."""
        return module_and_rest(await studio.client.additional_modules(), words, studio.name)

    # --- campaigns ----------------------------------------------------------------------

    async def schedule_campaign(
        self,
        studio_name: str | None,
        module_ref: str | int,
        at: datetime | str,
        *,
        actor: str,
        language: str | None = None,
        text: str | None = None,
    ) -> CampaignResult:
        """Schedule a campaign; ``StaffError``s (unknown studio or module, refused) say why.

        ``at`` is an aware datetime, a naive one (the studio's local time), or staff's words
        (``now``, a date, a date and time). ``text`` is staff's own first paragraph, written in
        ``language`` (default: the studio's language).
        """
        studio = self.studio(studio_name)
        module = await self.find_module(studio, str(module_ref))
        return await self._planner().schedule(
            studio.name, module.id, module.name, at, actor=actor, language=language, text=text
        )

    async def campaign_from_words(
        self, studio_name: str | None, words: Sequence[str], *, actor: str
    ) -> CampaignResult:
        """``Trainingsplan-App Premium 2026-12-20 18:00 Winter special: …`` as staff typed it:
        the longest catalogue name the words start with, then the time, then the own text."""
        studio = self.studio(studio_name)
        module, rest = await self.module_and_rest(studio, words)
        planner = self._planner()
        split = planner.split_time(rest)
        if split is None:
            raise CampaignRefused("staff_campaign_no_time", module=module.name)
        at, own_text = split
        return await planner.schedule(
            studio.name, module.id, module.name, at, actor=actor, text=own_text
        )

    async def list_campaigns(self, studio_name: str | None) -> CampaignList:
        """The studio's upcoming campaigns and the latest that went out or stopped."""
        return await self._planner().listing(self.studio(studio_name).name)

    async def cancel_campaign(
        self, studio_name: str | None, campaign_id: int, *, actor: str
    ) -> CampaignCancelation:
        """Cancel a campaign: not sent, or its queued messages stopped (audited)."""
        return await self._planner().cancel(self.studio(studio_name).name, campaign_id, actor=actor)

    def _planner(self) -> CampaignPlanner:
        if self.campaigns is None:
            raise RuntimeError("this desk was built without campaigns")
        return self.campaigns

    # --- notices for the staff feed ------------------------------------------------------

    def add_notice_sink(self, sink: NoticeSink) -> None:
        """Register where staff notices go (the Slack desk registers itself at start)."""
        self._notice_sinks.append(sink)

    async def post_notice(self, notice: StaffNotice) -> int:
        """Hand a notice to every registered sink; returns how many took it (0 = nobody).

        Sinks only queue; this never waits for Slack. A failing sink is logged and skipped.
        """
        taken = 0
        for sink in list(self._notice_sinks):
            try:
                await sink(notice)
            except Exception:
                log.exception("a staff notice sink failed")
            else:
                taken += 1
        if not taken:
            log.info("staff notice for %s (no sink): %s", notice.studio, notice.title)
        return taken

    async def _audit(
        self,
        actor: str,
        action: str,
        studio: str,
        *,
        subject: str | None = None,
        detail: dict[str, object] | None = None,
    ) -> None:
        await self.services.store.audit(
            actor,
            action,
            studio=studio,
            subject=subject,
            detail=detail,
            now=self.services.clock.now(),
        )

    async def _contract_view(self, studio: StudioRuntime, contract: Contract) -> ContractView:
        subs = contract.moduleContracts or []
        details = await asyncio.gather(
            *(self._details(studio, contract.id, sub.id) for sub in subs)
        )
        return contract_view(contract, list(details))

    async def _details(
        self, studio: StudioRuntime, contract_id: int, module_contract_id: int
    ) -> AdditionalModuleContractExtended | None:
        try:
            return await studio.client.module_contract(contract_id, module_contract_id)
        except PerfectGymError:
            return None
