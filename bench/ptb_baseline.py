"""The baseline: the booking dialog as most python-telegram-bot bots are written.

A ``ConversationHandler`` with ``PicklePersistence``, plain callback strings (``module:201``),
``user_data`` for what the dialog knows, f-strings for the texts, and the same PerfectGym
client on the same sandbox as our bot: link (customer number + date of birth), offers, the
module, without trial, the summary (validate) and the order (validate, purchase, read back).
No button tokens, no ledger, no dedupe, no receipts, no rate limiter; ``user_data`` keeps only
what the dialog still needs (the offered modules until one is chosen), so the pickle stays
small.

Two ways to persist:

- ``per_update=False``: PTB's default, the pickle file rewritten every ``update_interval``
  (60 s) by the application's own task, and at shutdown; a crash loses up to a minute.
- ``per_update=True``: after every update the conversation states and ``user_data`` go to
  the pickle file (``update_persistence`` + ``flush``), one whole-file rewrite per update
  (written to the OS, not fsynced: PTB never calls ``fsync``).
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Update
from telegram.ext import (
    Application,
    CallbackQueryHandler,
    CommandHandler,
    ContextTypes,
    ConversationHandler,
    MessageHandler,
    PersistenceInput,
    PicklePersistence,
    TypeHandler,
    filters,
)

from bot.perfectgym import AdditionalModule, NotFound, PerfectGymClient

NUMBER, BIRTH, MENU, MODULE, TRIAL, CONFIRM = range(6)
PURCHASABLE = "ADDITIONAL_MODULE_PURCHASABLE"

Context = ContextTypes.DEFAULT_TYPE
Keyboard = InlineKeyboardMarkup


def build_baseline(
    client: PerfectGymClient,
    token: str,
    base_url: str,
    pickle_path: Path,
    *,
    per_update: bool,
) -> Application:  # type: ignore[type-arg]
    """The baseline bot's ``Application`` (no updater: the bench feeds ``process_update``)."""
    persistence = PicklePersistence(
        pickle_path,
        store_data=PersistenceInput(bot_data=False, callback_data=False),
        on_flush=per_update,
        update_interval=60,
    )
    app = (
        Application.builder()
        .token(token)
        .base_url(base_url)
        .persistence(persistence)
        .concurrent_updates(128)
        .updater(None)
        .build()
    )
    bot = BaselineBot(client)
    start, number, birth = bot.start, bot.number, bot.birth
    offers, module, frequency = bot.offers, bot.module, bot.frequency
    trial, confirm = bot.trial, bot.confirm
    dialog = ConversationHandler(
        entry_points=[CommandHandler("start", start)],
        states={
            NUMBER: [MessageHandler(filters.TEXT & ~filters.COMMAND, number)],
            BIRTH: [MessageHandler(filters.TEXT & ~filters.COMMAND, birth)],
            MENU: [
                CallbackQueryHandler(offers, pattern="^offers$"),
                CallbackQueryHandler(module, pattern="^module:"),
            ],
            MODULE: [
                CallbackQueryHandler(frequency, pattern="^freq:"),
                CallbackQueryHandler(offers, pattern="^offers$"),
            ],
            TRIAL: [CallbackQueryHandler(trial, pattern="^trial:")],
            CONFIRM: [CallbackQueryHandler(confirm, pattern="^confirm$")],
        },
        fallbacks=[CommandHandler("start", start)],
        name="booking",
        persistent=True,
    )
    app.add_handler(dialog)
    if per_update:
        app.add_handler(TypeHandler(Update, persist), group=1)
    return app


async def persist(update: Update, context: Context) -> None:
    """After the dialog's handler: states and user_data to the pickle file, now."""
    await context.application.update_persistence()
    persistence = context.application.persistence
    assert persistence is not None
    await persistence.flush()


def _data(context: Context) -> dict[str, Any]:
    assert context.user_data is not None
    return context.user_data


def _menu() -> Keyboard:
    return Keyboard(
        [
            [
                InlineKeyboardButton("Discover modules", callback_data="offers"),
                InlineKeyboardButton("My modules", callback_data="mine"),
            ]
        ]
    )


def _price(module: dict[str, Any]) -> str:
    prices = []
    for frequency in module["paymentFrequencies"]:
        price = frequency.get("price") or {}
        amount = price.get("amount")
        prices.append("free of charge" if amount is None else f"€{float(amount):.2f}/month")
    return " or ".join(prices)


def _essentials(module: AdditionalModule) -> dict[str, Any]:
    return {
        "id": module.id,
        "name": module.name,
        "trial": module.trialPeriodConfig is not None,
        "paymentFrequencies": [
            {"id": f.id, "price": f.price.model_dump(mode="json") if f.price else None}
            for f in module.paymentFrequencies
        ],
    }


class BaselineBot:
    """The handlers, around the one PerfectGym client (kept out of the pickled data)."""

    def __init__(self, client: PerfectGymClient) -> None:
        self.client = client

    async def start(self, update: Update, context: Context) -> int:
        assert update.message is not None
        await update.message.reply_text("Please send me your customer number.")
        return NUMBER

    async def number(self, update: Update, context: Context) -> int:
        assert update.message is not None and update.message.text is not None
        _data(context)["number"] = update.message.text.strip()
        await update.message.reply_text("Thanks! Now please send your date of birth (DD.MM.YYYY).")
        return BIRTH

    async def birth(self, update: Update, context: Context) -> int:
        assert update.message is not None and update.message.text is not None
        data = _data(context)
        try:
            day, month, year = (int(part) for part in update.message.text.strip().split("."))
            born = date(year, month, day)
        except ValueError:
            await update.message.reply_text("Please send a date like 12.04.1990.")
            return BIRTH
        client = self.client
        try:
            customer = await client.customer_by_number(data["number"])
        except NotFound:
            customer = None
        if customer is None or customer.dateOfBirth != born:
            await update.message.reply_text("That did not match. Your customer number, please.")
            return NUMBER
        contracts = await client.customer_contracts(customer.id, status="ACTIVE")
        if not contracts:
            await update.message.reply_text("No active membership found.")
            return ConversationHandler.END
        data.update(customer_id=customer.id, contract_id=contracts[0].id)
        await update.message.reply_text(
            f"Done! This chat is now linked to your membership “{contracts[0].rateName}”.",
            reply_markup=_menu(),
        )
        return MENU

    async def offers(self, update: Update, context: Context) -> int:
        query = update.callback_query
        assert query is not None
        await query.answer()
        data = _data(context)
        modules = await self.client.purchasable_modules(data["contract_id"])
        data["modules"] = {m.id: _essentials(m) for m in modules}
        lines = ["You can add these modules to your membership:"]
        lines += [f"• {m.name} – {_price(data['modules'][m.id])}" for m in modules]
        rows = [[InlineKeyboardButton(m.name, callback_data=f"module:{m.id}")] for m in modules]
        await query.edit_message_text("\n".join(lines), reply_markup=Keyboard(rows))
        return MENU

    async def module(self, update: Update, context: Context) -> int:
        query = update.callback_query
        assert query is not None and query.data is not None
        await query.answer()
        data = _data(context)
        chosen = data.pop("modules")[int(query.data.split(":", 1)[1])]
        data["module"] = chosen  # only what the dialog still needs stays in user_data
        rows = [
            [InlineKeyboardButton(f"Book: {_price(chosen)}", callback_data=f"freq:{f['id']}")]
            for f in chosen["paymentFrequencies"]
        ]
        rows.append([InlineKeyboardButton("Other modules", callback_data="offers")])
        text = f"{chosen['name']}\n\nPrice: {_price(chosen)}"
        await query.edit_message_text(text, reply_markup=Keyboard(rows))
        return MODULE

    async def frequency(self, update: Update, context: Context) -> int:
        query = update.callback_query
        assert query is not None and query.data is not None
        await query.answer()
        data = _data(context)
        data["frequency_id"] = int(query.data.split(":", 1)[1])
        if not data["module"]["trial"]:
            return await self._summary(update, context, trial=False)
        rows = [
            [InlineKeyboardButton("Yes, start with the free trial", callback_data="trial:yes")],
            [InlineKeyboardButton("No, book without trial", callback_data="trial:no")],
        ]
        text = f"You can start {data['module']['name']} with a free trial. Start with the trial?"
        await query.edit_message_text(text, reply_markup=Keyboard(rows))
        return TRIAL

    async def trial(self, update: Update, context: Context) -> int:
        query = update.callback_query
        assert query is not None and query.data is not None
        await query.answer()
        return await self._summary(update, context, trial=query.data == "trial:yes")

    async def _summary(self, update: Update, context: Context, *, trial: bool) -> int:
        query = update.callback_query
        assert query is not None
        data = _data(context)
        chosen = data["module"]
        check = await self.client.validate_purchase(
            data["contract_id"], chosen["id"], data["frequency_id"], trial
        )
        if str(check.validationStatus) != PURCHASABLE:
            await query.edit_message_text("This module cannot be booked now.", reply_markup=_menu())
            return MENU
        data["trial"] = trial
        rows = [[InlineKeyboardButton(f"Book and pay · {_price(chosen)}", callback_data="confirm")]]
        text = f"Please check your booking:\n\n{chosen['name']}\nPrice: {_price(chosen)}"
        await query.edit_message_text(text, reply_markup=Keyboard(rows))
        return CONFIRM

    async def confirm(self, update: Update, context: Context) -> int:
        query = update.callback_query
        assert query is not None and query.message is not None
        await query.answer()
        data = _data(context)
        client = self.client
        chosen, contract_id = data["module"], data["contract_id"]
        arguments = (contract_id, chosen["id"], data["frequency_id"], data["trial"])
        check = await client.validate_purchase(*arguments)
        if str(check.validationStatus) != PURCHASABLE:
            await query.edit_message_text("This module cannot be booked now.", reply_markup=_menu())
            return MENU
        created = await client.purchase(*arguments)
        assert created.id is not None
        details = await client.module_contract(contract_id, created.id)
        await query.edit_message_text(f"Please check your booking:\n\n{chosen['name']}")
        assert update.effective_chat is not None
        await update.effective_chat.send_message(
            f"Booked! {chosen['name']} starts on {details.startDate:%d %b %Y}.",
            reply_markup=_menu(),
        )
        return MENU


__all__ = ["BaselineBot", "build_baseline"]
