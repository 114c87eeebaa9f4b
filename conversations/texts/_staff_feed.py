"""The studio channel's feed: purchases, cancellations, withdrawals, problems, changes."""

FEED: dict[str, dict[str, str]] = {
    "feed_a_module": {"en": "a module", "de": "ein Modul"},
    "feed_who_number": {"en": "Customer {number}", "de": "Mitglied {number}"},
    "feed_who_id": {"en": "Customer id {id}", "de": "Mitglied (ID {id})"},
    "feed_who_unknown": {"en": "A member", "de": "Ein Mitglied"},
    "feed_concerns": {"en": "Concerns: {who}.", "de": "Betrifft: {who}."},
    "feed_purchase_title": {"en": "🛒 Purchase: {module}", "de": "🛒 Buchung: {module}"},
    "feed_purchase": {
        "en": "{who} booked *{module}* in the chat.",
        "de": "{who} hat *{module}* im Chat gebucht.",
    },
    "feed_payment_option": {"en": "Payment option: {option}", "de": "Zahlweise: {option}"},
    "feed_option_once": {"en": "one-off payment", "de": "Einmalzahlung"},
    "feed_option_daily": {"en": "daily", "de": "täglich"},
    "feed_option_weekly": {"en": "weekly", "de": "wöchentlich"},
    "feed_option_monthly": {"en": "monthly", "de": "monatlich"},
    "feed_option_yearly": {"en": "yearly", "de": "jährlich"},
    "feed_option_every": {"en": "every {term}", "de": "alle {term}"},
    "feed_price": {"en": "Price: {price}", "de": "Preis: {price}"},
    "feed_trial_until": {
        "en": "With a trial until {date}.",
        "de": "Mit Testphase bis {date}.",
    },
    "feed_no_trial": {"en": "Without a trial.", "de": "Ohne Testphase."},
    "feed_adds_monthly": {
        "en": "Adds {monthly} per month.",
        "de": "Bringt {monthly} pro Monat.",
    },
    "feed_adds_after_trial": {
        "en": "Adds {monthly} per month from {date}, its first paid day.",
        "de": "Bringt ab {date}, dem ersten kostenpflichtigen Tag, {monthly} pro Monat.",
    },
    "feed_cancel_pending_title": {
        "en": "⚠️ Staff decision needed: cancellation of {module}",
        "de": "⚠️ Entscheidung nötig: Kündigung von {module}",
    },
    "feed_cancel_pending": {
        "en": "{who} cancelled *{module}* in the chat. *Staff decision needed in PerfectGym:* "
        "confirm or reject this cancellation there (status PENDING_VERIFICATION).",
        "de": "{who} hat *{module}* im Chat gekündigt. *Bitte in PerfectGym entscheiden:* "
        "Bestätige oder lehne die Kündigung dort ab (Status PENDING_VERIFICATION).",
    },
    "feed_cancel_title": {"en": "✂️ Cancellation: {module}", "de": "✂️ Kündigung: {module}"},
    "feed_cancel": {
        "en": "{who} cancelled *{module}* in the chat (status {status}).",
        "de": "{who} hat *{module}* im Chat gekündigt (Status {status}).",
    },
    "feed_ends_on": {"en": "Ends on {date}.", "de": "Endet am {date}."},
    "feed_reason": {"en": "Reason: {reason}.", "de": "Grund: {reason}."},
    "feed_withdraw_pending_title": {
        "en": "⚠️ Staff decision needed: withdrawal for {module}",
        "de": "⚠️ Entscheidung nötig: Rücknahme der Kündigung von {module}",
    },
    "feed_withdraw_pending": {
        "en": "{who} took back the cancellation of *{module}*. *Staff decision needed in "
        "PerfectGym:* confirm the withdrawal there (status {status}).",
        "de": "{who} hat die Kündigung von *{module}* zurückgenommen. *Bitte in PerfectGym "
        "entscheiden:* Bestätige die Rücknahme dort (Status {status}).",
    },
    "feed_withdraw_title": {
        "en": "↩️ Cancellation withdrawn: {module}",
        "de": "↩️ Kündigung zurückgenommen: {module}",
    },
    "feed_withdraw": {
        "en": "{who} keeps *{module}*: the cancellation was withdrawn in the chat.",
        "de": "{who} behält *{module}*: Die Kündigung wurde im Chat zurückgenommen.",
    },
    "feed_problem_title": {"en": "Needs a person", "de": "Bitte prüfen"},
    "feed_problem": {
        "en": "Something needs a look: {detail}",
        "de": "Hier muss jemand nachsehen: {detail}",
    },
    "feed_problem_unclear_purchase_title": {
        "en": "Unclear purchase outcome",
        "de": "Buchung unklar",
    },
    "feed_problem_unclear_purchase": {
        "en": "PerfectGym did not say clearly whether the booking of *{module}* went through. "
        "Please check the member's contract in PerfectGym; the member was told we are "
        "checking, and the bot will not book it twice.",
        "de": "PerfectGym hat nicht eindeutig gemeldet, ob die Buchung von *{module}* "
        "durchging. Bitte prüfe den Vertrag des Mitglieds in PerfectGym; das Mitglied weiß, "
        "dass wir das klären, und der Bot bucht nicht doppelt.",
    },
    "feed_problem_unclear_cancel_title": {
        "en": "Unclear cancellation outcome",
        "de": "Kündigung unklar",
    },
    "feed_problem_unclear_cancel": {
        "en": "PerfectGym did not say clearly whether the cancellation of *{module}* went "
        "through. Please check the module contract in PerfectGym.",
        "de": "PerfectGym hat nicht eindeutig gemeldet, ob die Kündigung von *{module}* "
        "durchging. Bitte prüfe den Modulvertrag in PerfectGym.",
    },
    "feed_problem_unclear_withdraw_title": {
        "en": "Unclear withdrawal outcome",
        "de": "Rücknahme unklar",
    },
    "feed_problem_unclear_withdraw": {
        "en": "PerfectGym did not say clearly whether the withdrawal for *{module}* went "
        "through. Please check the module contract in PerfectGym.",
        "de": "PerfectGym hat nicht eindeutig gemeldet, ob die Rücknahme der Kündigung von "
        "*{module}* durchging. Bitte prüfe den Modulvertrag in PerfectGym.",
    },
    "feed_problem_api_access_title": {
        "en": "PerfectGym refused the bot's API key",
        "de": "PerfectGym lehnt den API-Schlüssel des Bots ab",
    },
    "feed_problem_api_access": {
        "en": "The bot could not act for members ({error}). Check the studio's API key and "
        "its scopes in PerfectGym.",
        "de": "Der Bot konnte nicht für Mitglieder handeln ({error}). Bitte prüfe den "
        "API-Schlüssel des Studios und seine Berechtigungen in PerfectGym.",
    },
    "feed_problem_receipt_not_logged_title": {
        "en": "Receipt not logged in PerfectGym",
        "de": "Beleg nicht in PerfectGym abgelegt",
    },
    "feed_problem_receipt_not_logged": {
        "en": "The member got the receipt for *{module}* in the chat, but PerfectGym did not "
        "take the copy for the customer's communication ({error}). Check the API key's "
        "scopes (COMMUNICATION_WRITE).",
        "de": "Das Mitglied hat den Beleg für *{module}* im Chat bekommen, aber PerfectGym hat "
        "die Kopie in der Kommunikation des Mitglieds nicht angenommen ({error}). Bitte prüfe "
        "die Berechtigungen des API-Schlüssels (COMMUNICATION_WRITE).",
    },
    "feed_problem_link_ceiling_title": {
        "en": "Unusually many link attempts",
        "de": "Auffällig viele Verknüpfungsversuche",
    },
    "feed_problem_link_ceiling": {
        "en": "More members tried to link with a customer number and date of birth than "
        "the ceiling allows ({error}), so further tries are refused for the rest of the "
        "minute. This can be someone guessing dates of birth. Link codes from the front "
        "desk keep working.",
        "de": "Mehr Mitglieder als erlaubt ({error}) wollten sich mit Kundennummer und "
        "Geburtsdatum verknüpfen, deshalb lehnt der Bot weitere Versuche für den Rest der "
        "Minute ab. Vielleicht rät jemand Geburtsdaten. Verknüpfungscodes vom Empfang "
        "funktionieren weiterhin.",
    },
    "feed_linked_title": {"en": "🔗 Chat linked", "de": "🔗 Chat verknüpft"},
    "feed_linked": {
        "en": "{who} linked a {platform} chat (via {via}).",
        "de": "{who} hat einen {platform}-Chat verknüpft (per {via}).",
    },
    "feed_via_code": {"en": "a staff link code", "de": "Verknüpfungscode vom Team"},
    "feed_via_self": {
        "en": "customer number and date of birth",
        "de": "Kundennummer und Geburtsdatum",
    },
    "feed_change_title": {"en": "📝 Change from PerfectGym", "de": "📝 Änderung aus PerfectGym"},
    "feed_change_date": {"en": "({date})", "de": "({date})"},
    "feed_change_added": {
        "en": "{who}: {module} added to the membership in PerfectGym",
        "de": "{who}: {module} in PerfectGym zur Mitgliedschaft hinzugefügt",
    },
    "feed_change_cancel_pending": {
        "en": "{who}: cancellation of {module} registered in PerfectGym, awaiting verification",
        "de": "{who}: Kündigung von {module} in PerfectGym erfasst, wartet auf Bestätigung",
    },
    "feed_change_canceled": {
        "en": "{who}: {module} cancelled in PerfectGym",
        "de": "{who}: {module} in PerfectGym gekündigt",
    },
    "feed_change_cancel_confirmed": {
        "en": "{who}: cancellation of {module} confirmed by the studio",
        "de": "{who}: Kündigung von {module} vom Studio bestätigt",
    },
    "feed_change_withdrawn": {
        "en": "{who}: cancellation of {module} taken back in PerfectGym",
        "de": "{who}: Kündigung von {module} in PerfectGym zurückgenommen",
    },
    "feed_change_withdraw_pending": {
        "en": "{who}: withdrawal for {module} registered, awaiting verification",
        "de": "{who}: Rücknahme der Kündigung von {module} erfasst, wartet auf Bestätigung",
    },
    "feed_change_withdraw_rejected": {
        "en": "{who}: withdrawal for {module} not accepted; the cancellation stands",
        "de": "{who}: Rücknahme für {module} nicht angenommen; die Kündigung bleibt",
    },
    "feed_change_date_changed": {
        "en": "{who}: cancellation date of {module} changed in PerfectGym",
        "de": "{who}: Kündigungsdatum von {module} in PerfectGym geändert",
    },
    "feed_change_ended": {
        "en": "{who}: module contract {module} ended",
        "de": "{who}: Modulvertrag {module} ist beendet",
    },
    "feed_change_removed": {
        "en": "{who}: module contract {module} no longer listed by PerfectGym",
        "de": "{who}: Modulvertrag {module} wird von PerfectGym nicht mehr geführt",
    },
    "feed_erased_deleted_title": {"en": "Member chat erased", "de": "Mitglieder-Chat gelöscht"},
    "feed_erased_deleted": {
        "en": "PerfectGym reported that customer id {id} was deleted ({event}); the bot erased "
        "the linked chats (count: {chats}) with their conversation and reminders.",
        "de": "PerfectGym meldet, dass Mitglied (ID {id}) gelöscht wurde ({event}); der Bot "
        "hat die verknüpften Chats (Anzahl: {chats}) samt Verlauf und Erinnerungen gelöscht.",
    },
    "feed_erased_disabled_title": {
        "en": "Member chat erased",
        "de": "Mitglieder-Chat gelöscht",
    },
    "feed_erased_disabled": {
        "en": "PerfectGym reported that customer id {id} can no longer be read ({event}); the "
        "bot erased the linked chats (count: {chats}) with their conversation and reminders.",
        "de": "PerfectGym meldet, dass Mitglied (ID {id}) nicht mehr abrufbar ist ({event}); "
        "der Bot hat die verknüpften Chats (Anzahl: {chats}) samt Verlauf und Erinnerungen "
        "gelöscht.",
    },
}
