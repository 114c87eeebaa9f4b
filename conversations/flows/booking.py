"""Discovering modules and getting a booking ready: offers, details, frequency, trial, validate.

The purchase itself, after the member's explicit confirmation, is in ``purchase``.
"""

from __future__ import annotations

from typing import Any

from bot.perfectgym import AdditionalModule
from conversations.formatting import term
from conversations.pricing import Schedule, button_text, schedule_text
from conversations.states import Action, State
from conversations.texts import text
from conversations.turn import Turn

PURCHASABLE = "ADDITIONAL_MODULE_PURCHASABLE"
MAX_OFFER_BUTTONS = 12


async def offers(turn: Turn) -> State:
    """The modules this member's contract can book."""
    link = turn.require_link()
    modules = await turn.studio.client.purchasable_modules(link.contract_id, language=turn.language)
    turn.data = {}
    turn.funnel("offers_shown", detail={"count": len(modules)})
    if not modules:
        turn.say(turn.t("offers_empty"), turn.menu_rows())
        return State.IDLE
    lines = [turn.t("offers_intro")]
    rows = []
    for module in modules[:MAX_OFFER_BUTTONS]:
        price = offer_price(module, turn.language)
        lines.append(f"• {module.name} – {price}" if price else f"• {module.name}")
        rows.append([turn.button(module.name, Action.MODULE, module_id=module.id)])
    rows.append([turn.button(turn.t("btn_menu"), Action.MENU)])
    turn.say("\n".join(lines), rows)
    return State.IDLE


async def module(turn: Turn) -> State:
    """One module's details, with a button per way to pay for it."""
    link = turn.require_link()
    module_id = turn.payload.get("module_id")
    modules = await turn.studio.client.purchasable_modules(link.contract_id, language=turn.language)
    found = next((m for m in modules if m.id == module_id), None)
    if found is None:
        turn.data = {}
        turn.say(turn.t("module_gone"), [[turn.button(turn.t("btn_offers"), Action.OFFERS)]])
        return State.IDLE
    turn.funnel("module_viewed", module_id=found.id, module_name=found.name)
    turn.data = {"module": found.model_dump(mode="json")}
    rows = []
    for frequency in found.paymentFrequencies:
        price = button_text(Schedule.of(frequency), turn.language)
        label = turn.t("btn_book_with", price=price)
        rows.append([turn.button(label, Action.FREQUENCY, frequency_id=frequency.id)])
    rows.append(
        [
            turn.button(turn.t("btn_back_offers"), Action.OFFERS),
            turn.abort_button(),
        ]
    )
    turn.say(describe(turn, found), rows)
    return State.BOOK_CHOOSE_FREQUENCY


async def choose_frequency(turn: Turn) -> State:
    chosen = _module_in_progress(turn)
    frequency_id = turn.payload.get("frequency_id")
    if (
        chosen is None
        or not isinstance(frequency_id, int)
        or all(f.id != frequency_id for f in chosen.paymentFrequencies)
    ):
        return _start_over(turn)
    turn.data["frequency_id"] = frequency_id
    trial = chosen.trialPeriodConfig
    if trial is None:
        return await validate(turn, chosen, frequency_id, trial=False)
    length = term(trial.term.value, trial.term.unit, turn.language)
    rows = [
        [turn.button(turn.t("btn_trial_yes", term=length), Action.TRIAL, trial=True)],
        [turn.button(turn.t("btn_trial_no"), Action.TRIAL, trial=False)],
        [turn.abort_button()],
    ]
    question = turn.t("ask_trial", term=length, module=chosen.name)
    if trial.description:
        question += f"\n{trial.description}"
    turn.say(question, rows)
    return State.BOOK_CHOOSE_TRIAL


async def choose_trial(turn: Turn) -> State:
    chosen = _module_in_progress(turn)
    frequency_id = turn.data.get("frequency_id")
    if chosen is None or not isinstance(frequency_id, int):
        return _start_over(turn)
    return await validate(turn, chosen, frequency_id, trial=bool(turn.payload.get("trial")))


async def validate(
    turn: Turn, chosen: AdditionalModule, frequency_id: int, *, trial: bool
) -> State:
    """Ask PerfectGym whether the booking would work; only then show the confirm button."""
    link = turn.require_link()
    result = await turn.studio.client.validate_purchase(
        link.contract_id, chosen.id, frequency_id, trial, language=turn.language
    )
    status = str(result.validationStatus)
    turn.funnel("validated", module_id=chosen.id, module_name=chosen.name, validation_status=status)
    if status != PURCHASABLE:
        turn.data = {}
        turn.say(explain_status(turn, status, chosen.name), _after_refusal_rows(turn))
        return State.IDLE
    frequency = next(f for f in chosen.paymentFrequencies if f.id == frequency_id)
    turn.data.update({"frequency_id": frequency_id, "trial": trial})
    price = button_text(Schedule.of(frequency), turn.language)
    label = turn.t("btn_confirm_trial" if trial else "btn_confirm", price=price)
    rows = [
        [
            turn.button(
                label,
                Action.CONFIRM_BOOKING,
                module_id=chosen.id,
                frequency_id=frequency_id,
                trial=trial,
            )
        ],
        [turn.abort_button()],
    ]
    turn.say(summary(turn, chosen, frequency, trial=trial), rows)
    return State.BOOK_CONFIRM


def offer_price(module: AdditionalModule, language: str) -> str:
    """Every way to pay for a module, each with its whole schedule: ``€4.90/month or …``."""
    prices = [schedule_text(Schedule.of(f), language) for f in module.paymentFrequencies]
    return text("price_or_join", language).join(prices)


def describe(turn: Turn, chosen: AdditionalModule) -> str:
    """Name, description, every price, term, notice period and trial of a module."""
    language = turn.language
    lines = [chosen.name]
    if chosen.description:
        lines.append(chosen.description)
    lines.append("")
    for frequency in chosen.paymentFrequencies:
        lines.append(turn.t("line_price", price=schedule_text(Schedule.of(frequency), language)))
    lines.extend(_term_lines(turn, chosen))
    if chosen.trialPeriodConfig is not None:
        trial_term = chosen.trialPeriodConfig.term
        lines.append(turn.t("line_trial", term=term(trial_term.value, trial_term.unit, language)))
    return "\n".join(lines)


def summary(turn: Turn, chosen: AdditionalModule, frequency: Any, *, trial: bool) -> str:
    language = turn.language
    lines = [turn.t("summary_intro"), "", chosen.name]
    lines.append(turn.t("line_price", price=schedule_text(Schedule.of(frequency), language)))
    if trial and chosen.trialPeriodConfig is not None:
        trial_term = chosen.trialPeriodConfig.term
        lines.append(
            turn.t("line_trial_booked", term=term(trial_term.value, trial_term.unit, language))
        )
    lines.extend(_term_lines(turn, chosen))
    lines.extend(["", turn.t("summary_outro")])
    return "\n".join(lines)


def explain_status(turn: Turn, status: str, module_name: str) -> str:
    """A human sentence for every validationStatus, including ones the vendor adds later."""
    key = f"status_{status}"
    from conversations.texts import has_text

    if not has_text(key):
        key = "status_unknown"
    return turn.t(key, module=module_name)


def _term_lines(turn: Turn, chosen: AdditionalModule) -> list[str]:
    language = turn.language
    info = chosen.termInformation
    lines = [turn.t("line_term", term=term(info.term.value, info.term.unit, language))]
    if info.cancelationPeriod is not None:
        period = term(info.cancelationPeriod.value, info.cancelationPeriod.unit, language)
        lines.append(turn.t("line_notice", term=period))
    extension = info.extension
    if extension is not None:
        if str(extension.extensionType) == "TERM_EXTENSION" and extension.termExtension is not None:
            renews = term(extension.termExtension.value, extension.termExtension.unit, language)
            lines.append(turn.t("line_renews", term=renews))
        elif str(extension.extensionType) == "NEW":
            lines.append(turn.t("line_renews_new"))
    return lines


def _module_in_progress(turn: Turn) -> AdditionalModule | None:
    raw = turn.data.get("module")
    if not isinstance(raw, dict):
        return None
    return AdditionalModule.model_validate(raw)


def _start_over(turn: Turn) -> State:
    turn.data = {}
    turn.say(turn.t("button_stale"), turn.menu_rows())
    return State.IDLE


def _after_refusal_rows(turn: Turn) -> list[list[Any]]:
    return [
        [
            turn.button(turn.t("btn_offers"), Action.OFFERS),
            turn.button(turn.t("btn_mine"), Action.MINE),
        ]
    ]
