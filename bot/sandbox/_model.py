"""The sandbox's state as plain data: studios, their module catalogue, customers, contracts."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

from bot.sandbox._terms import Term, TermEnd, TermPlan

FREQUENCY_TYPES = ("FREE", "NON_RECURRING", "RECURRING", "MONTH_DAY", "TERM_BASED")
PENDING_VERIFICATION = "PENDING_VERIFICATION"
CANCELED = "CANCELED"
ACTIVE = "ACTIVE"
INACTIVE = "INACTIVE"


@dataclass(frozen=True)
class MonthDayPrice:
    """Price that applies from a day of the year on (MONTH_DAY frequencies)."""

    month: int
    day: int
    amount: Decimal


@dataclass(frozen=True)
class TermPrice:
    """One step of a TERM_BASED price list."""

    term: Term
    amount: Decimal


@dataclass(frozen=True)
class PaymentFrequency:
    """One way to pay for a module; `id` is the vendor's `paymentFrequencyId`."""

    id: int
    type: str
    term: Term | None = None
    amount: Decimal | None = None
    month_day_prices: tuple[MonthDayPrice, ...] = ()
    term_prices: tuple[TermPrice, ...] = ()

    def __post_init__(self) -> None:
        if self.type not in FREQUENCY_TYPES:
            raise ValueError(f"unknown payment frequency type {self.type}")

    def price_on(self, day: date) -> Decimal:
        """What a module contract bought on `day` costs per billing period.

        RECURRING and NON_RECURRING: the frequency's price; FREE: 0; MONTH_DAY: the price of
        the latest month-day on or before `day` (wrapping to last year's final entry);
        TERM_BASED: the first term's price.
        """
        if self.type == "FREE":
            return Decimal("0")
        if self.type == "MONTH_DAY":
            ordered = sorted(self.month_day_prices, key=lambda p: (p.month, p.day))
            earlier = [p for p in ordered if (p.month, p.day) <= (day.month, day.day)]
            return (earlier or ordered)[-1].amount
        if self.type == "TERM_BASED":
            return self.term_prices[0].amount
        assert self.amount is not None
        return self.amount

    @property
    def base_amount(self) -> Decimal:
        """The list price before month-day or term steps apply."""
        if self.type == "FREE":
            return Decimal("0")
        if self.type == "TERM_BASED":
            return self.term_prices[0].amount
        if self.type == "MONTH_DAY":
            return sorted(self.month_day_prices, key=lambda p: (p.month, p.day))[0].amount
        assert self.amount is not None
        return self.amount


@dataclass(frozen=True)
class AdditionalModule:
    """A bookable add-on (sauna, towels...) in a studio's catalogue."""

    id: int
    name: str
    description: str
    plan: TermPlan | None
    payment_frequencies: tuple[PaymentFrequency, ...]
    extension_type: str | None = "TERM_EXTENSION"
    trial: Term | None = None
    trial_description: str | None = None
    active: bool = True
    online_bookable: bool = True
    rate_codes: tuple[tuple[str, str], ...] = ()

    @property
    def image_url(self) -> str:
        return f"https://images.sandbox.invalid/modules/{self.id}.jpg"

    @property
    def listed(self) -> bool:
        """The vendor lists only active, online-bookable modules with a term and a price."""
        return (
            self.active
            and self.online_bookable
            and self.plan is not None
            and bool(self.payment_frequencies)
        )

    def frequency(self, frequency_id: int) -> PaymentFrequency | None:
        return next((f for f in self.payment_frequencies if f.id == frequency_id), None)


@dataclass
class Studio:
    """One studio of the tenant; the API key tells which one a request is for."""

    id: int
    name: str
    api_key: str
    webhook_key: str
    cancelation_needs_verification: bool
    cancelation_reasons: dict[int, str]
    modules: dict[int, AdditionalModule] = field(default_factory=dict)
    time_zone: str = "Europe/Berlin"
    language: str = "de"
    currency: str = "EUR"
    street: str = ""
    house_number: str = ""
    zip_code: str = ""
    city: str = ""
    email: str = ""
    telephone: str = ""
    opening_date: date | None = None
    latitude: float = 0.0
    longitude: float = 0.0
    activation_confirmed: bool = False

    @property
    def zone(self) -> ZoneInfo:
        return ZoneInfo(self.time_zone)

    def today(self, now: datetime) -> date:
        """The calendar day in the studio's time zone."""
        return now.astimezone(self.zone).date()


@dataclass(frozen=True)
class ChannelPreference:
    channel: str
    active: bool
    customer_overridable: bool = True


@dataclass(frozen=True)
class CommunicationPreference:
    message_category: str
    channels: tuple[ChannelPreference, ...]


@dataclass
class Customer:
    """A studio's customer; `demo_note` says what the seeded one is good for."""

    id: int
    studio_id: int
    customer_number: str
    first_name: str
    last_name: str
    date_of_birth: date
    email: str
    created: datetime
    status: str = "MEMBER"
    gender: str = "FEMALE"
    street: str = ""
    house_number: str = ""
    zip_code: str = ""
    city: str = ""
    phone_mobile: str = ""
    card_number: str = ""  # decimal; also what the card's barcode encodes
    pin: str = ""
    debtor_id: str = ""
    language: str = "de"
    uuid: str = ""
    access_refusal: bool = False
    communication_preferences: tuple[CommunicationPreference, ...] = ()
    demo_note: str = ""
    deleted: bool = False
    access_disabled: bool = False

    @property
    def reachable(self) -> bool:
        """False once the customer was deleted or the integration lost access to them."""
        return not (self.deleted or self.access_disabled)


@dataclass
class Cancelation:
    """A cancelation amendment on a contract."""

    date: dt.date  # the field shadows the type's name in the class body, hence ``dt.date``
    reason: str
    receipt_date: dt.date
    status: str
    origin: str = "CUSTOMER"


@dataclass
class MainContract:
    """A membership contract; modules attach to it."""

    id: int
    customer_id: int
    rate_name: str
    start_date: date
    created_date: date
    plan: TermPlan
    frequency: PaymentFrequency
    ended_on: date | None = None
    cancelation: Cancelation | None = None

    def status(self, today: date) -> str:
        if self.ended_on is not None and self.ended_on < today:
            return INACTIVE
        if self.cancelation is not None and self.cancelation.date < today:
            return INACTIVE
        return ACTIVE

    def accepts_modules(self, today: date) -> bool:
        """Modules can be added to running contracts that are not being canceled."""
        return self.status(today) == ACTIVE and self.cancelation is None

    def end_date(self, today: date) -> date:
        if self.ended_on is not None:
            return self.ended_on
        if self.cancelation is not None:
            return self.cancelation.date
        return self.plan.current_term_end(self.start_date, today).end


@dataclass
class ModuleContract:
    """An additional module contract (the vendor's `additionalModuleContractId`)."""

    id: int
    contract_id: int
    customer_id: int
    module: AdditionalModule
    frequency: PaymentFrequency
    start_date: date
    amount: Decimal
    trial_start: date | None = None
    cancelation: Cancelation | None = None

    @property
    def plan(self) -> TermPlan:
        """The module's terms, by the payment period where that is longer."""
        assert self.module.plan is not None  # only modules with a term can be contracted
        return self.module.plan.paid_every(self.frequency.term)

    @property
    def trial_end(self) -> date | None:
        """The last free day of a booked trial."""
        if self.trial_start is None or self.module.trial is None:
            return None
        return self.module.trial.after(self.trial_start) - dt.timedelta(days=1)

    @property
    def paid_from(self) -> date:
        """The first paid day, where the minimum term starts: the day after the trial."""
        trial_end = self.trial_end
        return self.start_date if trial_end is None else trial_end + dt.timedelta(days=1)

    def end_date(self) -> date | None:
        """The last day: the cancelation date, or the end of a non-renewing contract."""
        if self.cancelation is not None:
            return self.cancelation.date
        return self.plan.final_end(self.paid_from)

    def status(self, today: date) -> str:
        end = self.end_date()
        if self.cancelation is not None and self.cancelation.status != CANCELED:
            end = self.plan.final_end(self.paid_from)
        return INACTIVE if end is not None and end < today else ACTIVE

    def can_be_withdrawn(self, today: date) -> bool:
        """A cancelation can be withdrawn until it takes effect."""
        return self.cancelation is not None and self.cancelation.date >= today

    def cancelation_options(self, today: date, limit: int = 5) -> list[TermEnd]:
        """Where a cancelation can end this contract; none once it is canceled or over.

        During a trial the first option is the trial's last day (notice until that day);
        then the ends of the terms counted from the first paid day.
        """
        if self.cancelation is not None or self.status(today) != ACTIVE:
            return []
        options: list[TermEnd] = []
        trial_end = self.trial_end
        if trial_end is not None and today <= trial_end:
            options.append(TermEnd(-1, trial_end, trial_end))
        options += self.plan.cancelation_options(self.paid_from, today, limit - len(options))
        return options


@dataclass(frozen=True)
class CommunicationThread:
    """A communication logged on a customer through the API."""

    thread_id: int
    communication_id: int
    customer_id: int
    fields: dict[str, object]
