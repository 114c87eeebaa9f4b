"""The member's own modules."""

TEXTS: dict[str, dict[str, str]] = {
    # --- my modules -----------------------------------------------------------------------
    "mine_intro": {"en": "Your modules on “{rate}”:", "de": "Deine Module zu „{rate}“:"},
    "mine_line": {
        "en": "• {module} – {price}, since {since}",
        "de": "• {module} – {price}, seit {since}",
    },
    "mine_empty": {
        "en": "You have no modules yet. Have a look at what you can add:",
        "de": "Du hast noch keine Module. Schau dir an, was du dazubuchen kannst:",
    },
    "module_contract_gone": {
        "en": "I can't find this module on your membership any more.",
        "de": "Dieses Modul finde ich nicht mehr in deiner Mitgliedschaft.",
    },
    "line_price_now": {"en": "Price: {price}", "de": "Preis: {price}"},
    "line_since": {"en": "Since: {date}", "de": "Seit: {date}"},
    "line_until": {"en": "Until: {date}", "de": "Bis: {date}"},
    "line_trial_since": {"en": "Trial since: {date}", "de": "Probezeit seit: {date}"},
    "line_cancel_by": {
        "en": "Can be canceled until {date}",
        "de": "Kündbar bis {date}",
    },
}
