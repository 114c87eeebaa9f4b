"""The words of ``/upsell stats``: the upsell figures of a studio."""

FIGURES: dict[str, dict[str, str]] = {
    "staff_stats_title": {
        "en": "Upsell figures · {studio} · {period}",
        "de": "Upsell-Zahlen · {studio} · {period}",
    },
    "staff_stats_period": {"en": "last {days} days", "de": "letzte {days} Tage"},
    "staff_stats_period_day": {"en": "last 24 hours", "de": "letzte 24 Stunden"},
    "staff_stats_offers": {"en": "Offers shown", "de": "Angebotslisten gezeigt"},
    "staff_stats_personal": {
        "en": "(+{count} personal offers)",
        "de": "(+{count} persönliche Angebote)",
    },
    "staff_stats_validations": {"en": "Validations", "de": "Buchbarkeit geprüft"},
    "staff_stats_purchases": {"en": "Purchases", "de": "Buchungen"},
    "staff_stats_kinds": {
        "en": "paid {paid} · trial {trial} · free {free} · one-off {one_off}",
        "de": "kostenpflichtig {paid} · Testphase {trial} · kostenlos {free} · einmalig {one_off}",
    },
    "staff_stats_cancelations": {"en": "Cancellations", "de": "Kündigungen"},
    "staff_stats_withdrawals": {"en": "Withdrawals", "de": "Kündigungen zurückgenommen"},
    "staff_stats_conversion": {"en": "Conversion", "de": "Abschlussquote"},
    "staff_stats_recurring": {
        "en": "Monthly recurring revenue added",
        "de": "Monatlicher Mehrumsatz",
    },
    "staff_stats_recurring_parts": {
        "en": "+{paid} paid bookings, +{trials} trials turned paid, −{lost} cancellations",
        "de": "+{paid} kostenpflichtige Buchungen, +{trials} aus beendeten Testphasen, "
        "−{lost} Kündigungen",
    },
    "staff_stats_one_off": {"en": "One-off revenue", "de": "Einmalumsatz"},
    "staff_stats_after_trial": {"en": "After trials", "de": "Nach Testphasen"},
    "staff_stats_after_trial_value": {
        "en": "{amount} per month, once the running trials turn paid",
        "de": "{amount} pro Monat, sobald die laufenden Testphasen kostenpflichtig weiterlaufen",
    },
    "staff_stats_per_module": {"en": "Per module", "de": "Je Modul"},
    "staff_stats_col_module": {"en": "Module", "de": "Modul"},
    "staff_stats_col_shown": {"en": "Shown", "de": "Gezeigt"},
    "staff_stats_col_bought": {"en": "Bought", "de": "Gebucht"},
    "staff_stats_col_conversion": {"en": "Rate", "de": "Quote"},
    "staff_stats_col_monthly": {"en": "Per month", "de": "Pro Monat"},
    "staff_stats_reasons": {"en": "Cancellation reasons", "de": "Kündigungsgründe"},
    "staff_stats_no_reason": {"en": "no reason given", "de": "ohne Angabe"},
    "staff_stats_note": {
        "en": "Since {since}. Conversion = purchases / offer lists shown; per module = "
        "purchases / (module views + personal offers). Monthly recurring revenue counts paid "
        "recurring prices per month (a trial once it turns paid), less the monthly price of "
        "modules cancelled in the period; one-off and free bookings add nothing to it.",
        "de": "Seit {since}. Abschlussquote = Buchungen / gezeigte Angebotslisten; je Modul = "
        "Buchungen / (Modulansichten + persönliche Angebote). Der monatliche Mehrumsatz zählt "
        "kostenpflichtige wiederkehrende Preise pro Monat (eine Testphase erst, wenn sie "
        "kostenpflichtig weiterläuft), abzüglich des Monatspreises der im Zeitraum "
        "gekündigten Module; einmalige und kostenlose Buchungen zählen hier nicht.",
    },
    "staff_stats_plain": {
        "en": "{title}: {purchases} purchases, {net} monthly recurring revenue added",
        "de": "{title}: {purchases} Buchungen, {net} monatlicher Mehrumsatz",
    },
}
