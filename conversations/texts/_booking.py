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
    "offers_contract_canceled": {
        "en": "Your membership “{rate}” has been cancelled and ends on {date}, so no modules "
        "can be added to it any more.",
        "de": "Deine Mitgliedschaft „{rate}“ ist gekündigt und endet am {date}. Deshalb "
        "kannst du keine Module mehr dazubuchen.",
    },
    "offers_contract_inactive": {
        "en": "Your membership “{rate}” is not active, so no modules can be added to it.",
        "de": "Deine Mitgliedschaft „{rate}“ ist nicht aktiv. Deshalb kannst du keine Module "
        "dazubuchen.",
    },
    "help_front_desk": {
        "en": "If you have questions, the front desk of {studio} is happy to help.",
        "de": "Bei Fragen hilft dir der Empfang von {studio} gern weiter.",
    },
    "help_front_desk_contact": {
        "en": "If you have questions, the front desk of {studio} is happy to help: {contact}",
        "de": "Bei Fragen hilft dir der Empfang von {studio} gern weiter: {contact}",
    },
    # --- what a booking commits the member to (§ 312j (2) BGB) ------------------------------
    "line_price": {"en": "Price: {price}", "de": "Preis: {price}"},
    "line_payment": {"en": "Payment: {how}", "de": "Zahlweise: {how}"},
    "line_start": {"en": "Start: {date}", "de": "Beginn: {date}"},
    "line_start_expected": {
        "en": "Start: expected on {date}",
        "de": "Beginn: voraussichtlich am {date}",
    },
    "line_trial_until": {
        "en": "Free trial: {term}, until {date}",
        "de": "Kostenlose Testphase: {term}, bis zum {date}",
    },
    "line_first_paid_day": {
        "en": "First paid day: {date}",
        "de": "Erster kostenpflichtiger Tag: {date}",
    },
    "line_term": {"en": "Minimum term: {term}", "de": "Mindestlaufzeit: {term}"},
    "line_term_after_trial": {
        "en": "Minimum term: {term} from the first paid day",
        "de": "Mindestlaufzeit: {term} ab dem ersten kostenpflichtigen Tag",
    },
    "line_term_dates": {
        "en": "Minimum term: {term}, from {start} to {end}",
        "de": "Mindestlaufzeit: {term}, vom {start} bis zum {end}",
    },
    "line_notice": {
        "en": "Notice period: {term} before the end of a term",
        "de": "Kündigungsfrist: {term} zum Ende einer Laufzeit",
    },
    "line_renews": {
        "en": "Renewal: automatically by {term} unless you cancel",
        "de": "Verlängerung: automatisch um {term}, wenn du nicht kündigst",
    },
    "line_renews_new": {
        "en": "Renewal: continues with a new module contract unless you cancel",
        "de": "Verlängerung: läuft mit einem neuen Modulvertrag weiter, wenn du nicht kündigst",
    },
    "line_no_renewal": {
        "en": "Renewal: none, it ends by itself after {term}",
        "de": "Verlängerung: keine, das Modul endet nach {term} von selbst",
    },
    "line_option": {"en": "If you pay {how}:", "de": "Wenn du {how} zahlst:"},
    "line_trial": {
        "en": "Free trial possible: {term}",
        "de": "Kostenlose Testphase möglich: {term}",
    },
    # --- the trial question -------------------------------------------------------------
    "ask_trial": {
        "en": "You can start {module} with a free trial of {term}: it is free until {date}, "
        "and from {paid_from} it costs {price}. Would you like to start with the trial?",
        "de": "Du kannst {module} mit einer kostenlosen Testphase von {term} beginnen: bis zum "
        "{date} ist es kostenlos, ab dem {paid_from} kostet es {price}. Möchtest du mit der "
        "Testphase starten?",
    },
    "trial_studio_words": {
        "en": "What the studio says about it: “{words}”",
        "de": "Das Studio schreibt dazu: „{words}“",
    },
    "btn_trial_with": {
        "en": "Yes, start with the free trial",
        "de": "Ja, mit kostenloser Testphase",
    },
    "btn_trial_without": {"en": "No, book without trial", "de": "Nein, ohne Testphase buchen"},
    # --- the summary and the order button (§ 312j (3) BGB) -----------------------------
    "summary_intro": {"en": "Please check your booking:", "de": "Bitte prüf deine Buchung:"},
    "summary_outro": {
        "en": "Nothing is booked until you tap the button below.",
        "de": "Gebucht wird erst, wenn du unten auf den Button tippst.",
    },
    "btn_order": {
        "en": "Book and pay · {price}",
        "de": "Zahlungspflichtig buchen · {price}",
    },
    "btn_order_trial": {
        "en": "Book and pay · {term} free, then {price}",
        "de": "Zahlungspflichtig buchen · {term} kostenlos, dann {price}",
    },
    "btn_order_free": {"en": "Book for free", "de": "Kostenlos buchen"},
    "status_ADDITIONAL_MODULE_CONTRACT_ALREADY_PURCHASED": {
        "en": "You already have {module} on your membership, so there is nothing to book.",
        "de": "{module} gehört schon zu deiner Mitgliedschaft; du musst nichts buchen.",
    },
    "status_ADDITIONAL_MODULE_CONTRACT_INVALID_STATUS": {
        "en": "{module} can't be added while your membership is in its current state (for "
        "example cancelled or paused). The front desk can help.",
        "de": "{module} kann im aktuellen Zustand deiner Mitgliedschaft (zum Beispiel "
        "gekündigt oder pausiert) nicht dazugebucht werden. Der Empfang hilft dir weiter.",
    },
    "status_ADDITIONAL_MODULE_NOT_FOUND": {
        "en": "{module} is no longer offered by your studio.",
        "de": "{module} gibt es in deinem Studio nicht mehr.",
    },
    "status_ADDITIONAL_MODULE_NOT_ONLINE_PURCHASABLE": {
        "en": "{module} can only be booked at the front desk, not online.",
        "de": "{module} kann nur am Empfang gebucht werden, nicht online.",
    },
    "status_ADDITIONAL_MODULE_TRIAL_PERIOD_NOT_BOOKABLE": {
        "en": "The free trial of {module} isn't available to you (perhaps you've had it "
        "before). You can still book {module} without a trial.",
        "de": "Die kostenlose Testphase für {module} steht dir nicht zur Verfügung "
        "(vielleicht hattest du sie schon einmal). Du kannst {module} aber ohne Testphase "
        "buchen.",
    },
    "btn_book_without_trial": {"en": "Book without trial", "de": "Ohne Testphase buchen"},
    "status_unknown": {
        "en": "{module} can't be booked online right now. The front desk can help.",
        "de": "{module} kann gerade nicht online gebucht werden. Der Empfang hilft dir weiter.",
    },
    "purchased": {
        "en": "Booked! {module} starts on {start}. You'll find it under “My modules”.",
        "de": "Gebucht! {module} beginnt am {start}. Du findest es unter „Meine Module“.",
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
        "Ergebnis, bevor du es noch einmal versuchst.",
    },
    "purchase_unclear": {
        "en": "I couldn't confirm yet whether {module} was booked. Please don't book it "
        "again: I'll check with the studio and tell you as soon as I know.",
        "de": "Ich konnte noch nicht bestätigen, ob {module} gebucht wurde. Bitte buch es "
        "nicht noch einmal: Ich kläre das mit dem Studio und sage dir Bescheid, sobald ich "
        "es weiß.",
    },
    "purchase_not_done": {
        "en": "Your booking of {module} did not go through, and nothing was booked. You "
        "can try again.",
        "de": "Deine Buchung von {module} hat nicht geklappt; es wurde nichts gebucht. Du "
        "kannst es noch einmal versuchen.",
    },
}
