"""The member's own modules."""

TEXTS: dict[str, dict[str, str]] = {
    # --- my modules -----------------------------------------------------------------------
    "mine_intro": {
        "en": "Your modules on your membership “{rate}”:",
        "de": "Deine Module zur Mitgliedschaft „{rate}“:",
    },
    "mine_line": {"en": "{module} – {price}", "de": "{module} – {price}"},
    "mine_since": {"en": "since {date}", "de": "seit {date}"},
    "mine_starts": {"en": "starts on {date}", "de": "beginnt am {date}"},
    "mine_status_CANCELED": {"en": "ends on {date}", "de": "endet am {date}"},
    "mine_status_PENDING_VERIFICATION": {
        "en": "cancellation requested for {date}; the studio has yet to confirm it",
        "de": "Kündigung zum {date} beantragt; das Studio muss sie noch bestätigen",
    },
    "mine_status_PENDING_WITHDRAWAL_VERIFICATION": {
        "en": "cancellation for {date} taken back; the studio has yet to confirm it",
        "de": "Kündigung zum {date} zurückgenommen; das Studio muss das noch bestätigen",
    },
    "mine_empty": {
        "en": "You have no modules yet. Have a look at what you can add:",
        "de": "Du hast noch keine Module. Schau dir an, was du dazubuchen kannst:",
    },
    "module_contract_gone": {
        "en": "I can't find this module on your membership any more.",
        "de": "Dieses Modul finde ich nicht mehr in deiner Mitgliedschaft.",
    },
    "line_since": {"en": "Since: {date}", "de": "Seit: {date}"},
    "line_starts": {"en": "Starts on: {date}", "de": "Beginnt am: {date}"},
    "line_until": {"en": "Until: {date}", "de": "Bis: {date}"},
    "line_trial_ends": {
        "en": "Free trial until: {date}",
        "de": "Kostenlose Testphase bis: {date}",
    },
    "line_notice_by": {
        "en": "To end it on {end}, give notice by {deadline}.",
        "de": "Kündigst du bis zum {deadline}, endet es am {end}.",
    },
    "line_notice_by_next": {
        "en": "If you give notice by {deadline}, it ends on the next possible date.",
        "de": "Kündigst du bis zum {deadline}, endet es zum nächstmöglichen Termin.",
    },
}
