"""Offers, module details, the booking dialog and its outcome."""

TEXTS: dict[str, dict[str, str]] = {
    # --- offers and booking -----------------------------------------------------------------
    "offers_intro": {
        "en": "You can add these modules to your membership:",
        "de": "Diese Module kannst du zu deiner Mitgliedschaft dazubuchen:",
    },
    "offers_empty": {
        "en": "There are no more modules you can book right now.",
        "de": "Im Moment gibt es keine weiteren Module, die du buchen kannst.",
    },
    "module_gone": {
        "en": "This module can't be booked any more. Have a look at the others:",
        "de": "Dieses Modul ist nicht mehr buchbar. Schau dir die anderen an:",
    },
    "line_price": {"en": "Price: {price}", "de": "Preis: {price}"},
    "line_term": {"en": "Minimum term: {term}", "de": "Mindestlaufzeit: {term}"},
    "line_notice": {"en": "Notice period: {term}", "de": "Kündigungsfrist: {term}"},
    "line_renews": {
        "en": "Renews automatically by {term} unless canceled",
        "de": "Verlängert sich automatisch um {term}, wenn du nicht kündigst",
    },
    "line_renews_new": {
        "en": "Continues with a new module contract unless canceled",
        "de": "Läuft mit einem neuen Modulvertrag weiter, wenn du nicht kündigst",
    },
    "line_trial": {"en": "Trial available: {term}", "de": "Probezeit möglich: {term}"},
    "line_trial_booked": {
        "en": "Starts with a trial ({term})",
        "de": "Beginnt mit Probezeit ({term})",
    },
    "ask_trial": {
        "en": "{module} can start with a trial of {term}. Would you like that?",
        "de": "{module} kann mit einer Probezeit von {term} beginnen. Möchtest du das?",
    },
    "summary_intro": {"en": "Please check your booking:", "de": "Bitte prüf deine Buchung:"},
    "summary_outro": {
        "en": "Nothing is booked until you tap the button below.",
        "de": "Gebucht wird erst, wenn du unten auf den Knopf tippst.",
    },
    "status_ADDITIONAL_MODULE_CONTRACT_ALREADY_PURCHASED": {
        "en": "You already have {module} on your membership, so there is nothing to book.",
        "de": "{module} ist schon Teil deiner Mitgliedschaft, du musst nichts buchen.",
    },
    "status_ADDITIONAL_MODULE_CONTRACT_INVALID_STATUS": {
        "en": "{module} can't be added while your membership is in its current state (for "
        "example canceled or paused). The front desk can help.",
        "de": "{module} kann im aktuellen Zustand deiner Mitgliedschaft (zum Beispiel "
        "gekündigt oder pausiert) nicht dazugebucht werden. Der Empfang hilft dir weiter.",
    },
    "status_ADDITIONAL_MODULE_NOT_FOUND": {
        "en": "{module} doesn't exist any more in your studio.",
        "de": "{module} gibt es in deinem Studio nicht mehr.",
    },
    "status_ADDITIONAL_MODULE_NOT_ONLINE_PURCHASABLE": {
        "en": "{module} can only be booked at the front desk, not online.",
        "de": "{module} kann nur am Empfang gebucht werden, nicht online.",
    },
    "status_ADDITIONAL_MODULE_TRIAL_PERIOD_NOT_BOOKABLE": {
        "en": "The trial for {module} isn't available to you (maybe you had it already). "
        "You can book it without a trial.",
        "de": "Die Probezeit für {module} ist für dich nicht verfügbar (vielleicht hattest "
        "du sie schon). Du kannst es ohne Probezeit buchen.",
    },
    "status_unknown": {
        "en": "{module} can't be booked online right now. The front desk can help.",
        "de": "{module} kann gerade nicht online gebucht werden. Der Empfang hilft dir weiter.",
    },
    "purchased": {
        "en": "Booked! {module} starts on {start}. Price: {price}. You'll find it under "
        "“My modules”.",
        "de": "Gebucht! {module} beginnt am {start}. Preis: {price}. Du findest es unter "
        "„Meine Module“.",
    },
    "purchased_trial": {
        "en": "Your trial starts on {start}.",
        "de": "Deine Probezeit beginnt am {start}.",
    },
    "purchased_short": {
        "en": "Booked! {module} is now part of your membership. Details are under “My modules”.",
        "de": "Gebucht! {module} gehört jetzt zu deiner Mitgliedschaft. Details findest du "
        "unter „Meine Module“.",
    },
    "purchase_failed": {
        "en": "{module} was not booked. {reason}",
        "de": "{module} wurde nicht gebucht. {reason}",
    },
    "purchase_in_progress": {
        "en": "A booking of {module} is already being processed. Please wait for its "
        "result before trying again.",
        "de": "Eine Buchung von {module} wird schon bearbeitet. Bitte warte auf das "
        "Ergebnis, bevor du es nochmal versuchst.",
    },
    "purchase_unclear": {
        "en": "I couldn't confirm yet whether {module} was booked. Please don't book it "
        "again: I'll check with the studio and tell you as soon as I know.",
        "de": "Ich konnte noch nicht bestätigen, ob {module} gebucht wurde. Bitte buch es "
        "nicht noch einmal: Ich kläre das mit dem Studio und sage dir Bescheid.",
    },
    "purchase_not_done": {
        "en": "Your booking of {module} did not go through, and nothing was booked. You "
        "can try again.",
        "de": "Deine Buchung von {module} hat nicht geklappt, es wurde nichts gebucht. Du "
        "kannst es noch einmal versuchen.",
    },
}
