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
    "staff_stats_per_week": {
        "en": "Monthly recurring revenue added per week",
        "de": "Monatlicher Mehrumsatz je Woche",
    },
    "staff_chart_shown": {"en": "Offers shown", "de": "Angebote gezeigt"},
    "staff_chart_validated": {"en": "Validated", "de": "Buchbarkeit geprüft"},
    "staff_chart_booked": {"en": "Booked", "de": "Gebucht"},
    "staff_chart_funnel": {"en": "From offer to booking", "de": "Vom Angebot zur Buchung"},
    "staff_chart_weeks": {
        "en": "Monthly recurring revenue added per week ({currency})",
        "de": "Monatlicher Mehrumsatz je Woche ({currency})",
    },
    "staff_chart_week_axis": {"en": "week starting", "de": "Woche ab"},
    "staff_chart_no_revenue": {
        "en": "no recurring revenue added in this period",
        "de": "kein wiederkehrender Mehrumsatz in diesem Zeitraum",
    },
    "staff_chart_funnel_line": {
        "en": "Offers shown {shown} → validated {validated} → booked {booked}",
        "de": "Angebote gezeigt {shown} → Buchbarkeit geprüft {validated} → gebucht {booked}",
    },
    "staff_chart_net_line": {
        "en": "Monthly recurring revenue added: {net}",
        "de": "Monatlicher Mehrumsatz: {net}",
    },
    "staff_chart_week_line": {
        "en": "Week of {day}: {total} ({modules})",
        "de": "Woche ab {day}: {total} ({modules})",
    },
    "staff_file_upload_failed": {
        "en": "`{filename}` could not be posted in this channel (Slack said `{error}`): invite "
        "the app to the channel and make sure it has the `files:write` scope.",
        "de": "`{filename}` konnte in diesem Kanal nicht gepostet werden (Slack meldete "
        "`{error}`): lade die App in den Kanal ein und gib ihr den Scope `files:write`.",
    },
    "staff_export_posted": {
        "en": "The upsell figures of {studio} ({period}) as CSV: posted to this channel as "
        "`{filename}`.",
        "de": "Die Upsell-Zahlen von {studio} ({period}) als CSV: in diesem Kanal als "
        "`{filename}` gepostet.",
    },
    "staff_export_inline": {
        "en": "The upsell figures of {studio} ({period}) as CSV, to paste into a spreadsheet "
        "(with the `files:write` scope the app posts them as a file):",
        "de": "Die Upsell-Zahlen von {studio} ({period}) als CSV zum Einfügen in eine Tabelle "
        "(mit dem Scope `files:write` postet die App sie als Datei):",
    },
}
