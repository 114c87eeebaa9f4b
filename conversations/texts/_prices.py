"""Words of the price-schedule renderer (``conversations.pricing``)."""

TEXTS: dict[str, dict[str, str]] = {
    "price_free": {"en": "free of charge", "de": "kostenlos"},
    "price_once": {"en": "{price} once", "de": "{price} einmalig"},
    "price_on_request": {"en": "price on request", "de": "Preis auf Anfrage"},
    "price_per_unit": {"en": "{price}/{unit}", "de": "{price}/{unit}"},
    "price_every": {"en": "{price} every {term}", "de": "{price} alle {term}"},
    "price_for_term": {"en": "{price} for {term}", "de": "{price} für {term}"},
    "price_until_term": {
        "en": "{price} for the first {term}",
        "de": "{price} in den ersten {term}",
    },
    "price_until": {"en": "{price} until {date}", "de": "{price} bis {date}"},
    "price_or_join": {"en": " or ", "de": " oder "},
    "price_then_join": {"en": ", then ", "de": ", dann "},
    "price_then_more": {"en": "{price}, then …", "de": "{price}, dann …"},
    "price_season": {"en": "{price} from {start} to {end}", "de": "{price} vom {start} bis {end}"},
    "price_after_trial": {
        "en": "free trial until {date}, then {price}",
        "de": "kostenlose Testphase bis {date}, dann {price}",
    },
    # --- payment options: how often the member pays -----------------------------------------
    "pay_none": {"en": "none (free of charge)", "de": "keine (kostenlos)"},
    "pay_once": {"en": "once", "de": "einmalig"},
    "pay_daily": {"en": "daily", "de": "täglich"},
    "pay_weekly": {"en": "weekly", "de": "wöchentlich"},
    "pay_monthly": {"en": "monthly", "de": "monatlich"},
    "pay_yearly": {"en": "yearly", "de": "jährlich"},
    "pay_every": {"en": "every {term}", "de": "alle {term}"},
    "pay_unknown": {"en": "as agreed with the studio", "de": "wie mit dem Studio vereinbart"},
    "unit_day": {"en": "day", "de": "Tag"},
    "unit_week": {"en": "week", "de": "Woche"},
    "unit_month": {"en": "month", "de": "Monat"},
    "unit_year": {"en": "year", "de": "Jahr"},
}
