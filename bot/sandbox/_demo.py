"""The seeded demo tenant: two studios, their module catalogues and customers.

Dates are relative to the sandbox clock's "today" (Europe/Berlin), so the data makes
sense on any day.

Berlin Mitte (studioId 1): module cancelations need staff verification (PENDING_VERIFICATION).
Hamburg Altona (studioId 2): module cancelations take effect directly (CANCELED).

Berlin catalogue (EUR), paymentFrequencyId in brackets:
  201 Sauna                     RECURRING 9.90 / month [2011], 14-day trial
  202 Handtuch-Flat             RECURRING 4.90 / month [2021] or 49.00 / 12 months [2022]
  203 Getränke-Flat             TERM_BASED 19.90 first 3 months, then 24.90 [2031]
  204 Personal-Training Start   NON_RECURRING 49.00 once [2041], 1 month, no renewal
  205 Trainingsplan-App Premium FREE [2051]
  206 Solarium                  MONTH_DAY 12.00 from Jan 1, 8.00 from Apr 1, 12.00 from Oct 1
  207 Aqua-Fitness              inactive (never listed; validate -> NOT_FOUND)
  208 Kinderbetreuung           not online-bookable (desk only; validate -> NOT_ONLINE_PURCHASABLE)
  209 Boxkurs                   no payment method yet (never listed)
Hamburg catalogue: 301 Sauna 11.90/month (7-day trial), 302 Handtuch-Flat 5.90/month,
  303 Getränke-Flat 22.90/month.

Customers: see `CUSTOMER_NOTES` and `demo_text()`.
"""

from __future__ import annotations

import uuid
from datetime import UTC, date, datetime, time, timedelta
from decimal import Decimal
from typing import TYPE_CHECKING

from bot.sandbox._model import (
    CANCELED,
    PENDING_VERIFICATION,
    AdditionalModule,
    Cancelation,
    ChannelPreference,
    CommunicationPreference,
    Customer,
    MainContract,
    ModuleContract,
    MonthDayPrice,
    PaymentFrequency,
    Studio,
    TermPrice,
)
from bot.sandbox._terms import Term, TermPlan, add_months

if TYPE_CHECKING:
    from bot.sandbox._sandbox import Sandbox

BERLIN_MITTE_API_KEY = "sandbox-berlin-mitte-api-key"
BERLIN_MITTE_WEBHOOK_KEY = "sandbox-berlin-mitte-webhook-key"
HAMBURG_ALTONA_API_KEY = "sandbox-hamburg-altona-api-key"
HAMBURG_ALTONA_WEBHOOK_KEY = "sandbox-hamburg-altona-webhook-key"

MONTH = Term(1, "MONTH")
_D = Decimal


def _monthly(frequency_id: int, amount: str) -> PaymentFrequency:
    return PaymentFrequency(frequency_id, "RECURRING", MONTH, _D(amount))


def _renewing(term: Term, cancelation_period: Term | None) -> TermPlan:
    return TermPlan(term, MONTH, cancelation_period, cancelation_period)


def berlin_modules() -> list[AdditionalModule]:
    two_weeks = Term(14, "DAY")
    return [
        AdditionalModule(
            201, "Sauna", "Unbegrenzter Zugang zur Saunalandschaft mit drei Saunen.",
            _renewing(MONTH, two_weeks), (_monthly(2011, "9.90"),),
            trial=Term(14, "DAY"), trial_description="14 Tage kostenlos testen",
            rate_codes=(("Wellness", "WELLNESS"),),
        ),
        AdditionalModule(
            202, "Handtuch-Flat", "Bei jedem Besuch ein frisches Handtuch.",
            _renewing(MONTH, Term(1, "WEEK")),
            (_monthly(2021, "4.90"),
             PaymentFrequency(2022, "RECURRING", Term(12, "MONTH"), _D("49.00"))),
        ),
        AdditionalModule(
            203, "Getränke-Flat", "Wasser und isotonische Getränke an der Bar.",
            _renewing(Term(3, "MONTH"), MONTH),
            (PaymentFrequency(2031, "TERM_BASED", MONTH, term_prices=(
                # The vendor's rule: a price becomes active AFTER its term has passed.
                TermPrice(Term(0, "MONTH"), _D("19.90")),
                TermPrice(Term(3, "MONTH"), _D("24.90")),
            )),),
        ),
        AdditionalModule(
            204, "Personal-Training Start", "Zwei Stunden Einführung mit einem Trainer.",
            TermPlan(MONTH), (PaymentFrequency(2041, "NON_RECURRING", None, _D("49.00")),),
            extension_type=None,
        ),
        AdditionalModule(
            205, "Trainingsplan-App Premium", "Persönliche Trainingspläne in der App.",
            _renewing(MONTH, None), (PaymentFrequency(2051, "FREE", MONTH),),
        ),
        AdditionalModule(
            206, "Solarium", "Solarium-Nutzung ohne Limit, Preis je nach Saison.",
            _renewing(MONTH, two_weeks),
            (PaymentFrequency(2061, "MONTH_DAY", MONTH, month_day_prices=(
                MonthDayPrice(1, 1, _D("12.00")),
                MonthDayPrice(4, 1, _D("8.00")),
                MonthDayPrice(10, 1, _D("12.00")),
            )),),
        ),
        AdditionalModule(
            207, "Aqua-Fitness", "Kurse im Bewegungsbecken (eingestellt).",
            _renewing(MONTH, two_weeks), (_monthly(2071, "7.90"),), active=False,
        ),
        AdditionalModule(
            208, "Kinderbetreuung", "Betreuung für Kinder während des Trainings.",
            _renewing(MONTH, two_weeks), (_monthly(2081, "15.00"),), online_bookable=False,
        ),
        AdditionalModule(
            209, "Boxkurs", "Boxtraining in Kleingruppen (Preis folgt).",
            _renewing(MONTH, two_weeks), (),
        ),
    ]  # fmt: skip


def hamburg_modules() -> list[AdditionalModule]:
    two_weeks = Term(14, "DAY")
    return [
        AdditionalModule(
            301, "Sauna", "Finnische Sauna und Dampfbad.", _renewing(MONTH, two_weeks),
            (_monthly(3011, "11.90"),), trial=Term(7, "DAY"),
            trial_description="Eine Woche kostenlos testen",
        ),
        AdditionalModule(
            302, "Handtuch-Flat", "Frische Handtücher bei jedem Besuch.",
            _renewing(MONTH, Term(1, "WEEK")), (_monthly(3021, "5.90"),),
        ),
        AdditionalModule(
            303, "Getränke-Flat", "Getränke an der Bar inklusive.",
            _renewing(Term(3, "MONTH"), MONTH), (_monthly(3031, "22.90"),),
        ),
    ]  # fmt: skip


def _preferences(chat_opt_out: bool = False) -> tuple[CommunicationPreference, ...]:
    return (
        CommunicationPreference(
            "CONTRACT", (ChannelPreference("EMAIL", True, False), ChannelPreference("LETTER", True))
        ),
        CommunicationPreference(
            "GENERAL",
            (
                ChannelPreference("EMAIL", True),
                ChannelPreference("CHAT", not chat_opt_out),
                ChannelPreference("TEXT_MESSAGE", False),
            ),
        ),
        CommunicationPreference("NEWSLETTER", (ChannelPreference("EMAIL", not chat_opt_out),)),
    )


# customer id -> what the seeded customer is good for in the demo
CUSTOMER_NOTES: dict[int, str] = {
    1001: "new member, one active contract, no modules: book the sauna (with trial)",
    1002: "two active main contracts (pick one); had a sauna trial before (sauna bookable,"
    " trial not); opted out of CHAT for GENERAL messages",
    1003: "sauna already booked (validate: ALREADY_PURCHASED); cancel it",
    1004: "towel flat-rate cancelation PENDING_VERIFICATION: withdraw it",
    1005: "former member (inactive contract): nothing purchasable",
    1006: "main contract canceled: validate gives CONTRACT_INVALID_STATUS",
    2001: "Hamburg: new member, no modules",
    2002: "Hamburg: sauna booked; cancelation takes effect directly (CANCELED)",
}


def seed(sandbox: Sandbox) -> None:
    """Fill an empty sandbox with the demo tenant."""
    berlin = Studio(
        1,
        "Berlin Mitte",
        BERLIN_MITTE_API_KEY,
        BERLIN_MITTE_WEBHOOK_KEY,
        cancelation_needs_verification=True,
        cancelation_reasons={
            11: "Umzug",
            12: "Finanzielle Gründe",
            13: "Gesundheitliche Gründe",
            14: "Unzufrieden mit dem Angebot",
            15: "Sonstiges",
        },
        modules={m.id: m for m in berlin_modules()},
        street="Rosenthaler Straße",
        house_number="40",
        zip_code="10178",
        city="Berlin",
        email="mitte@sandbox.invalid",
        telephone="+49 30 1234567",
        opening_date=date(2015, 3, 1),
        latitude=52.5262,
        longitude=13.4020,
    )
    hamburg = Studio(
        2, "Hamburg Altona", HAMBURG_ALTONA_API_KEY, HAMBURG_ALTONA_WEBHOOK_KEY,
        cancelation_needs_verification=False,
        cancelation_reasons={21: "Umzug", 22: "Finanzielle Gründe", 23: "Sonstiges"},
        modules={m.id: m for m in hamburg_modules()},
        street="Große Bergstraße", house_number="160", zip_code="22767", city="Hamburg",
        email="altona@sandbox.invalid", telephone="+49 40 7654321",
        opening_date=date(2018, 9, 15), latitude=53.5508, longitude=9.9350,
    )  # fmt: skip
    sandbox.studios = {berlin.id: berlin, hamburg.id: hamburg}
    today = berlin.today(sandbox.now())
    _Seeder(sandbox, today).run(berlin, hamburg)


def seed_members(sandbox: Sandbox, count: int, *, first_id: int = 100_000) -> list[Customer]:
    """Add ``count`` newcomers to the first studio (one contract, no modules) for load tests.

    Customer numbers are ``1-<id>``, every date of birth is 1990-01-01, contract ids are the
    customer ids plus 1,000,000.
    """
    studio = next(iter(sandbox.studios.values()))
    seeder = _Seeder(sandbox, studio.today(sandbox.now()))
    members = []
    for customer_id in range(first_id, first_id + count):
        person = seeder.customer(
            studio, customer_id, "Load", f"Test{customer_id}", date(1990, 1, 1), "UNISEX", 3
        )
        seeder.contract(
            person, 1_000_000 + customer_id, "Premium 12", seeder.months_ago(3),
            seeder.premium, "39.90",
        )  # fmt: skip
        members.append(person)
    return members


class _Seeder:
    """Builds customers and contracts around one "today"."""

    def __init__(self, sandbox: Sandbox, today: date) -> None:
        self.sandbox = sandbox
        self.today = today
        self.premium = TermPlan(Term(12, "MONTH"), MONTH, MONTH, MONTH)
        self.flex = TermPlan(MONTH, MONTH, Term(14, "DAY"), Term(14, "DAY"))
        self.courses = TermPlan(Term(6, "MONTH"), MONTH, MONTH, MONTH)

    def months_ago(self, months: int) -> date:
        return add_months(self.today.replace(day=1), -months)

    def run(self, berlin: Studio, hamburg: Studio) -> None:
        anna = self.customer(berlin, 1001, "Anna", "Neumann", date(1994, 3, 12), "FEMALE", 2)
        self.contract(anna, 5001, "Premium 12", self.months_ago(2), self.premium, "39.90")

        ben = self.customer(berlin, 1002, "Ben", "Schröder", date(1988, 7, 30), "MALE", 14,
                            chat_opt_out=True)  # fmt: skip
        self.contract(ben, 5002, "Premium 12", self.months_ago(14), self.premium, "39.90")
        self.contract(ben, 5003, "Kurs-Flat", self.months_ago(4), self.courses, "19.90")
        old_sauna = self.module(berlin, 9004, 5002, ben, 201, 2011, self.months_ago(6), trial=True)
        assert old_sauna.trial_end is not None  # canceled during the trial, to its last day
        old_sauna.cancelation = Cancelation(
            old_sauna.trial_end, "Sonstiges", self.months_ago(6) + timedelta(days=5), CANCELED
        )

        clara = self.customer(berlin, 1003, "Clara", "Weber", date(1979, 11, 5), "FEMALE", 10)
        self.contract(clara, 5004, "Premium 12", self.months_ago(10), self.premium, "39.90")
        self.module(berlin, 9001, 5004, clara, 201, 2011, self.months_ago(3))

        david = self.customer(berlin, 1004, "David", "Krüger", date(1985, 1, 20), "MALE", 7)
        self.contract(david, 5005, "Basic Flex", self.months_ago(7), self.flex, "24.90")
        towels = self.module(berlin, 9002, 5005, david, 202, 2021, self.months_ago(5))
        first_date = towels.cancelation_options(self.today)[0].end
        towels.cancelation = Cancelation(
            first_date, "Umzug", self.today - timedelta(days=2), PENDING_VERIFICATION
        )

        eva = self.customer(berlin, 1005, "Eva", "Hoffmann", date(1990, 6, 18), "FEMALE", 26,
                            status="FORMER_MEMBER")  # fmt: skip
        ended = self.months_ago(1) - timedelta(days=1)
        eva_contract = self.contract(eva, 5006, "Premium 12", self.months_ago(26), self.premium,
                                     "39.90", ended_on=ended)  # fmt: skip
        eva_contract.cancelation = Cancelation(ended, "Umzug", ended - timedelta(days=45), CANCELED)
        drinks = self.module(berlin, 9003, 5006, eva, 203, 2031, self.months_ago(12))
        drinks.cancelation = Cancelation(ended, "Umzug", ended - timedelta(days=45), CANCELED)

        felix = self.customer(berlin, 1006, "Felix", "Wagner", date(1982, 9, 9), "MALE", 18)
        felix_contract = self.contract(felix, 5007, "Premium 12", self.months_ago(18),
                                       self.premium, "39.90")  # fmt: skip
        last_day = self.premium.cancelation_options(felix_contract.start_date, self.today)[0].end
        felix_contract.cancelation = Cancelation(
            last_day, "Finanzielle Gründe", self.today - timedelta(days=10), CANCELED
        )

        greta = self.customer(hamburg, 2001, "Greta", "Hansen", date(1996, 2, 14), "FEMALE", 3)
        self.contract(greta, 6001, "Basic Flex", self.months_ago(3), self.flex, "29.90")

        hannes = self.customer(hamburg, 2002, "Hannes", "Petersen", date(1975, 12, 1), "MALE", 9)
        self.contract(hannes, 6002, "Premium 12", self.months_ago(9), self.premium, "44.90")
        self.module(hamburg, 9101, 6002, hannes, 301, 3011, self.months_ago(2))

    def customer(
        self,
        studio: Studio,
        customer_id: int,
        first: str,
        last: str,
        born: date,
        gender: str,
        member_for_months: int,
        *,
        status: str = "MEMBER",
        chat_opt_out: bool = False,
    ) -> Customer:
        joined = self.months_ago(member_for_months) - timedelta(days=3)
        local = datetime.combine(joined, time(9, 15), tzinfo=studio.zone)
        person = Customer(
            id=customer_id,
            studio_id=studio.id,
            customer_number=f"{studio.id}-{customer_id}",
            first_name=first,
            last_name=last,
            date_of_birth=born,
            email=f"{first.lower()}.{last.lower().replace('ö', 'oe').replace('ü', 'ue')}"
            "@example.com",
            created=local.astimezone(UTC),
            status=status,
            gender=gender,
            street="Musterstraße",
            house_number=str(customer_id % 97),
            zip_code=studio.zip_code,
            city=studio.city,
            phone_mobile=f"+49 170 {customer_id:07d}",
            card_number=f"4711{customer_id:06d}",
            pin=f"{customer_id:06d}",
            debtor_id=str(70_000_000 + customer_id),
            uuid=str(uuid.uuid5(uuid.NAMESPACE_URL, f"sandbox-customer-{customer_id}")),
            communication_preferences=_preferences(chat_opt_out),
            demo_note=CUSTOMER_NOTES.get(customer_id, ""),
        )
        self.sandbox.customers[person.id] = person
        return person

    def contract(
        self,
        person: Customer,
        contract_id: int,
        rate_name: str,
        start: date,
        plan: TermPlan,
        monthly: str,
        *,
        ended_on: date | None = None,
    ) -> MainContract:
        main = MainContract(
            id=contract_id,
            customer_id=person.id,
            rate_name=rate_name,
            start_date=start,
            created_date=start - timedelta(days=3),
            plan=plan,
            frequency=_monthly(contract_id * 10 + 1, monthly),
            ended_on=ended_on,
        )
        self.sandbox.contracts[main.id] = main
        return main

    def module(
        self,
        studio: Studio,
        module_contract_id: int,
        contract_id: int,
        person: Customer,
        module_id: int,
        frequency_id: int,
        start: date,
        *,
        trial: bool = False,
    ) -> ModuleContract:
        module = studio.modules[module_id]
        frequency = module.frequency(frequency_id)
        assert frequency is not None
        module_contract = ModuleContract(
            id=module_contract_id,
            contract_id=contract_id,
            customer_id=person.id,
            module=module,
            frequency=frequency,
            start_date=start,
            amount=frequency.price_on(start),
            trial_start=start if trial else None,
        )
        self.sandbox.module_contracts[module_contract.id] = module_contract
        return module_contract
