"""Discovering modules and getting a booking ready: offers, details, frequency, trial, validate.

The summary right above the order button holds what § 312j (2) BGB lists (module, the whole
price schedule, payment option, start, trial end and first paid day, minimum term, notice
period, renewal); the button itself says that booking costs money (§ 312j (3)). The
purchase, after the member's tap, is in ``purchase``.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from bot.perfectgym import AdditionalModule, Contract, PaymentFrequency, PerfectGymError
from conversations.commitments import Commitment, Timeline, booking_lines, term_lines
from conversations.drafts import BookingDraft
from conversations.formatting import day, term
from conversations.payloads import BookingConfirmation, FrequencyChoice, ModuleChoice, TrialChoice
from conversations.pricing import Schedule, button_text, payment_text, schedule_text
from conversations.states import Action, State
from conversations.texts import has_text, text
from conversations.turn import StaleAnswer, Turn
from conversations.types import Button

PURCHASABLE = "ADDITIONAL_MODULE_PURCHASABLE"
TRIAL_NOT_BOOKABLE = "ADDITIONAL_MODULE_TRIAL_PERIOD_NOT_BOOKABLE"
MAX_OFFER_BUTTONS = 12


async def offers(turn: Turn) -> State:
    """The modules this member's contract can book; first, whether it can book any at all."""
    link = turn.membership
    client = turn.studio.client
    contracts = await client.customer_contracts(
        link.customer_id, language=turn.language, cached=True
    )
    turn.draft = None
    contract = next((c for c in contracts if c.id == link.contract_id), None)
    if contract is not None and not _accepts_modules(contract):
        await _cannot_book(turn, contract)
        return State.IDLE
    modules = await client.purchasable_modules(
        link.contract_id, language=turn.language, cached=True
    )
    turn.records.funnel("offers_shown", detail={"count": len(modules)})
    if not modules:
        turn.out.say(turn.t("offers_empty"), turn.out.menu_rows())
        return State.IDLE
    lines = [turn.t("offers_intro")]
    rows = []
    for module in modules[:MAX_OFFER_BUTTONS]:
        price = offer_price(module, turn.language)
        lines.append(f"• {module.name} – {price}" if price else f"• {module.name}")
        rows.append(
            [turn.out.button(module.name, Action.MODULE, ModuleChoice(module_id=module.id))]
        )
    rows.append([turn.out.button(turn.t("btn_menu"), Action.MENU)])
    turn.out.say("\n".join(lines), rows)
    return State.IDLE


async def module(turn: Turn) -> State:
    """One module's details, with a button per way to pay for it."""
    link = turn.membership
    module_id = turn.payload_as(ModuleChoice).module_id
    modules = await turn.studio.client.purchasable_modules(
        link.contract_id, language=turn.language, cached=True
    )
    found = next((m for m in modules if m.id == module_id), None)
    if found is None:
        turn.draft = None
        turn.out.say(
            turn.t("module_gone"), [[turn.out.button(turn.t("btn_offers"), Action.OFFERS)]]
        )
        return State.IDLE
    turn.records.funnel("module_viewed", module_id=found.id, module_name=found.name)
    turn.draft = BookingDraft(module=found)
    rows = []
    for frequency in found.paymentFrequencies:
        price = button_text(Schedule.of(frequency), turn.language)
        label = turn.t("btn_book_with", price=price)
        choice = FrequencyChoice(frequency_id=frequency.id)
        rows.append([turn.out.button(label, Action.FREQUENCY, choice)])
    rows.append(
        [
            turn.out.button(turn.t("btn_back_offers"), Action.OFFERS),
            turn.out.abort_button(),
        ]
    )
    turn.out.say(describe(turn, found), rows)
    return State.BOOK_CHOOSE_FREQUENCY


async def choose_frequency(turn: Turn) -> State:
    draft = turn.draft_as(BookingDraft)
    chosen = draft.module
    frequency_id = turn.payload_as(FrequencyChoice).frequency_id
    if all(f.id != frequency_id for f in chosen.paymentFrequencies):
        raise StaleAnswer("the module has no such payment option")
    draft.frequency_id = frequency_id
    trial = chosen.trialPeriodConfig
    if trial is None:
        return await validate(turn, chosen, frequency_id, trial=False)
    turn.out.say(ask_trial(turn, chosen, _frequency(chosen, frequency_id)), _trial_rows(turn))
    return State.BOOK_CHOOSE_TRIAL


async def choose_trial(turn: Turn) -> State:
    draft = turn.draft_as(BookingDraft)
    if draft.frequency_id is None:
        raise StaleAnswer("no payment option chosen yet")
    trial = turn.payload_as(TrialChoice).trial
    return await validate(turn, draft.module, draft.frequency_id, trial=trial)


async def validate(
    turn: Turn, chosen: AdditionalModule, frequency_id: int, *, trial: bool
) -> State:
    """Ask PerfectGym whether the booking would work; only then show the order button.

    Without a trial, a purchasable list and contract PerfectGym sent moments ago (the read
    cache) answer the same question, so the summary shows without asking again; the order
    itself is always validated right before the purchase. A trial is asked about each time:
    only validation knows whether this member has used it up.
    """
    link = turn.membership
    if not trial and listed_purchasable(turn, chosen.id):
        status, detail = PURCHASABLE, {"by": "purchasable list"}
    else:
        result = await turn.studio.client.validate_purchase(
            link.contract_id, chosen.id, frequency_id, trial, language=turn.language
        )
        status, detail = str(result.validationStatus), None
    turn.records.funnel(
        "validated",
        module_id=chosen.id,
        module_name=chosen.name,
        validation_status=status,
        detail=detail,
    )
    if status == TRIAL_NOT_BOOKABLE and trial:
        # Not a dead end: the module itself can still be booked, without the trial.
        no_trial = TrialChoice(trial=False)
        without = turn.out.button(turn.t("btn_book_without_trial"), Action.TRIAL, no_trial)
        turn.out.say(
            explain_status(turn, status, chosen.name), [[without], [turn.out.abort_button()]]
        )
        return State.BOOK_CHOOSE_TRIAL
    if status != PURCHASABLE:
        turn.draft = None
        turn.out.say(explain_status(turn, status, chosen.name), _after_refusal_rows(turn))
        return State.IDLE
    frequency = _frequency(chosen, frequency_id)
    turn.draft = BookingDraft(module=chosen, frequency_id=frequency_id, trial=trial)
    commitment = Commitment.of(chosen, frequency, trial=trial)
    timeline = commitment.timeline(expected_start(turn))
    schedule = Schedule.of(frequency)
    rows = [
        [
            turn.out.button(
                order_label(turn.language, schedule, commitment, timeline),
                Action.CONFIRM_BOOKING,
                BookingConfirmation(module_id=chosen.id, frequency_id=frequency_id, trial=trial),
            )
        ],
        [turn.out.abort_button()],
    ]
    lines = [turn.t("summary_intro"), "", chosen.name]
    lines += booking_lines(commitment, schedule, timeline, turn.language, confirmed=False)
    lines += ["", turn.t("summary_outro")]
    turn.out.say("\n".join(lines), rows)
    return State.BOOK_CONFIRM


def listed_purchasable(turn: Turn, module_id: int) -> bool:
    """Whether PerfectGym's recent answers (read cache, no request) say this contract can
    book the module now: it is in the purchasable list and the contract takes modules."""
    link = turn.membership
    cache = turn.studio.client.cache
    modules = cache.purchasable(link.contract_id, turn.language)
    contracts = cache.contracts(link.customer_id, turn.language)
    if modules is None or contracts is None:
        return False
    contract = next((c for c in contracts if c.id == link.contract_id), None)
    listed = any(module.id == module_id for module in modules)
    return listed and contract is not None and _accepts_modules(contract)


def order_label(
    language: str, schedule: Schedule, commitment: Commitment, timeline: Timeline
) -> str:
    """The order button: it says that booking costs money (§ 312j (3) BGB), and how much."""
    if schedule.free:
        return text("btn_order_free", language)
    price = button_text(schedule, language, when=timeline.first_paid_day)
    if commitment.trial is not None:
        length = term(commitment.trial.value, commitment.trial.unit, language)
        return text("btn_order_trial", language, term=length, price=price)
    return text("btn_order", language, price=price)


def expected_start(turn: Turn) -> date:
    """The day a booking made now is expected to start: tomorrow in the studio's zone.

    PerfectGym decides the real start date; the receipt shows the one it reports.
    """
    local = turn.now.astimezone(turn.studio.settings.zone)
    return local.date() + timedelta(days=1)


def ask_trial(turn: Turn, chosen: AdditionalModule, frequency: PaymentFrequency) -> str:
    """How long the trial is, the day it ends, the first paid day and the price from then on.

    The studio's own trial text is quoted on its own line, as the studio's words.
    """
    language = turn.language
    commitment = Commitment.of(chosen, frequency, trial=True)
    timeline = commitment.timeline(expected_start(turn))
    assert commitment.trial is not None and timeline.trial_end is not None
    price = schedule_text(Schedule.of(frequency), language, paid_from=timeline.first_paid_day)
    question = turn.t(
        "ask_trial",
        module=chosen.name,
        term=term(commitment.trial.value, commitment.trial.unit, language, dative=True),
        date=day(timeline.trial_end, language),
        paid_from=day(timeline.first_paid_day, language),
        price=price,
    )
    words = (chosen.trialPeriodConfig.description or "").strip() if chosen.trialPeriodConfig else ""
    if words:
        question += "\n\n" + turn.t("trial_studio_words", words=words)
    return question


def offer_price(module: AdditionalModule, language: str) -> str:
    """Every way to pay for a module, each with its whole schedule: ``€4.90/month or …``."""
    prices = [schedule_text(Schedule.of(f), language) for f in module.paymentFrequencies]
    return text("price_or_join", language).join(prices)


def describe(turn: Turn, chosen: AdditionalModule) -> str:
    """Name, description, every price with the terms that go with it, and the trial.

    When the payment options commit to different terms (towels paid monthly or every 12
    months), each option is shown with its own minimum term and renewal.
    """
    language = turn.language
    lines = [chosen.name]
    if chosen.description:
        lines.append(chosen.description)
    lines.append("")
    options = [(f, Commitment.of(chosen, f, trial=False)) for f in chosen.paymentFrequencies]
    if len({commitment for _, commitment in options}) <= 1:
        for frequency, _ in options:
            lines.append(
                turn.t("line_price", price=schedule_text(Schedule.of(frequency), language))
            )
        if options:
            lines.extend(term_lines(options[0][1], language))
    else:
        for frequency, commitment in options:
            schedule = Schedule.of(frequency)
            lines.append(turn.t("line_option", how=payment_text(schedule, language)))
            lines.append("  " + turn.t("line_price", price=schedule_text(schedule, language)))
            lines.extend("  " + line for line in term_lines(commitment, language))
    if chosen.trialPeriodConfig is not None:
        trial_term = chosen.trialPeriodConfig.term
        lines.append(turn.t("line_trial", term=term(trial_term.value, trial_term.unit, language)))
    return "\n".join(lines)


def explain_status(turn: Turn, status: str, module_name: str) -> str:
    """A human sentence for every validationStatus, including ones the vendor adds later."""
    key = f"status_{status}"
    if not has_text(key):
        key = "status_unknown"
    return turn.t(key, module=module_name)


def _accepts_modules(contract: Contract) -> bool:
    """Modules can be added to running main contracts nobody canceled (else INVALID_STATUS)."""
    running = str(contract.contractStatus) == "ACTIVE"
    return running and not contract.cancelled and contract.cancellationDate is None


async def _cannot_book(turn: Turn, contract: Contract) -> None:
    """Say why nothing can be booked on this contract, and where to get help."""
    if contract.cancelled or contract.cancellationDate is not None:
        ends = contract.cancellationDate or contract.endDate
        reason = turn.t(
            "offers_contract_canceled", rate=contract.rateName, date=day(ends, turn.language)
        )
    else:
        reason = turn.t("offers_contract_inactive", rate=contract.rateName)
    turn.out.say(f"{reason}\n\n{await front_desk(turn)}", turn.out.menu_rows())


async def front_desk(turn: Turn) -> str:
    """Where to get help: the studio's front desk, with its phone and email if known."""
    studio = turn.studio
    try:
        info = await studio.client.studio_information(language=turn.language)
    except PerfectGymError:
        info = None
    contact = " · ".join(x for x in ((info.telephone, info.email) if info else ()) if x)
    if contact:
        return turn.t("help_front_desk_contact", studio=studio.name, contact=contact)
    return turn.t("help_front_desk", studio=studio.name)


def _trial_rows(turn: Turn) -> list[list[Button]]:
    return [
        [turn.out.button(turn.t("btn_trial_with"), Action.TRIAL, TrialChoice(trial=True))],
        [turn.out.button(turn.t("btn_trial_without"), Action.TRIAL, TrialChoice(trial=False))],
        [turn.out.abort_button()],
    ]


def _frequency(chosen: AdditionalModule, frequency_id: int) -> PaymentFrequency:
    return next(f for f in chosen.paymentFrequencies if f.id == frequency_id)


def _after_refusal_rows(turn: Turn) -> list[list[Any]]:
    return [
        [
            turn.out.button(turn.t("btn_offers"), Action.OFFERS),
            turn.out.button(turn.t("btn_mine"), Action.MINE),
        ]
    ]
