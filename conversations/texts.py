"""Everything the bot says, in English and German.

Keys are stable names; values are ``str.format`` templates. Money and dates are formatted by
``conversations.formatting`` before they are put in. A test checks that every key exists in
every language with the same placeholders.
"""

from __future__ import annotations

from string import Formatter
from typing import Any

LANGUAGES = ("de", "en")

_TEXTS: dict[str, dict[str, str]] = {
    # --- languages --------------------------------------------------------------------
    "language_name": {"en": "English", "de": "Deutsch"},
    # --- greeting and linking -----------------------------------------------------------
    "welcome_unlinked": {
        "en": "Hi! I'm your studio's assistant. I show you the extras you can add to your "
        "membership (sauna, towels, drinks…), book them for you, and help you manage or "
        "cancel them.\nFirst, let's connect this chat to your membership.",
        "de": "Hallo! Ich bin der Assistent deines Studios. Ich zeige dir Zusatzmodule für "
        "deine Mitgliedschaft (Sauna, Handtücher, Getränke…), buche sie für dich und helfe "
        "dir, sie zu verwalten oder zu kündigen.\nZuerst verbinden wir diesen Chat mit "
        "deiner Mitgliedschaft.",
    },
    "relink_intro": {
        "en": "Let's connect this chat to a membership.",
        "de": "Verbinden wir diesen Chat mit einer Mitgliedschaft.",
    },
    "welcome_back": {
        "en": "Welcome back! This chat is linked to your membership at {studio}.",
        "de": "Willkommen zurück! Dieser Chat ist mit deiner Mitgliedschaft bei {studio} "
        "verbunden.",
    },
    "choose_studio": {
        "en": "Which studio are you a member of?",
        "de": "In welchem Studio bist du Mitglied?",
    },
    "ask_number": {
        "en": "Please send me your customer number. You find it on your membership card "
        "or in the studio app (for example 1-1001).",
        "de": "Bitte schick mir deine Kundennummer. Du findest sie auf deiner "
        "Mitgliedskarte oder in der Studio-App (zum Beispiel 1-1001).",
    },
    "ask_birthdate": {
        "en": "Thanks! Now your date of birth, for example 12.04.1990.",
        "de": "Danke! Jetzt noch dein Geburtsdatum, zum Beispiel 12.04.1990.",
    },
    "bad_number": {
        "en": "That doesn't look like a customer number. Please send it as it is printed "
        "on your card, for example 1-1001.",
        "de": "Das sieht nicht wie eine Kundennummer aus. Bitte schick sie so, wie sie auf "
        "deiner Karte steht, zum Beispiel 1-1001.",
    },
    "bad_birthdate": {
        "en": "I couldn't read that date. Please write it like 12.04.1990 or 1990-04-12.",
        "de": "Dieses Datum konnte ich nicht lesen. Bitte schreib es so: 12.04.1990 oder "
        "1990-04-12.",
    },
    "link_failed": {
        "en": "Sorry, I couldn't verify these details. Please send your customer number "
        "again, or ask at the front desk for a link code.",
        "de": "Leider konnte ich diese Angaben nicht bestätigen. Schick mir deine "
        "Kundennummer bitte noch einmal oder frag am Empfang nach einem Verknüpfungscode.",
    },
    "link_throttled": {
        "en": "Too many attempts. Please try again in {minutes} minutes, or ask at the "
        "front desk for a link code.",
        "de": "Zu viele Versuche. Bitte versuch es in {minutes} Minuten noch einmal oder "
        "frag am Empfang nach einem Verknüpfungscode.",
    },
    "link_code_invalid": {
        "en": "This link code is invalid, expired or already used. Ask at the front desk "
        "for a new one, or link with your customer number.",
        "de": "Dieser Verknüpfungscode ist ungültig, abgelaufen oder schon benutzt. Frag am "
        "Empfang nach einem neuen oder verknüpfe dich mit deiner Kundennummer.",
    },
    "no_active_contract": {
        "en": "I found you, but no active membership. Please talk to the front desk.",
        "de": "Ich habe dich gefunden, aber keine aktive Mitgliedschaft. Bitte sprich mit "
        "dem Empfang.",
    },
    "choose_contract": {
        "en": "You have several memberships. Which one should the extras go with?",
        "de": "Du hast mehrere Mitgliedschaften. Zu welcher sollen die Zusatzmodule gehören?",
    },
    "contract_label": {"en": "{rate} (since {since})", "de": "{rate} (seit {since})"},
    "linked": {
        "en": "Done! This chat is now linked to your membership “{rate}” at {studio}.",
        "de": "Fertig! Dieser Chat ist jetzt mit deiner Mitgliedschaft „{rate}“ bei "
        "{studio} verbunden.",
    },
    "contract_gone": {
        "en": "I can't find the membership this chat is linked to any more. Please link again.",
        "de": "Die Mitgliedschaft, mit der dieser Chat verbunden ist, finde ich nicht mehr. "
        "Bitte verknüpfe dich neu.",
    },
    # --- menu and help -------------------------------------------------------------------
    "menu": {"en": "What would you like to do?", "de": "Was möchtest du tun?"},
    "help_linked": {
        "en": "I can show you the extras you can add to your membership, book one, list "
        "your modules, cancel one or take a cancelation back.\nCommands: /modules, /mine, "
        "/settings, /stop (no more reminders), /forget (delete your data), /help.",
        "de": "Ich zeige dir Zusatzmodule für deine Mitgliedschaft, buche eines, zeige "
        "deine Module, kündige eines oder nehme eine Kündigung zurück.\nBefehle: /modules, "
        "/mine, /settings, /stop (keine Erinnerungen mehr), /forget (Daten löschen), /help.",
    },
    "help_unlinked": {
        "en": "I help you add extras like sauna or towels to your gym membership. First "
        "link this chat: tap the button or send your customer number. If the front desk "
        "gave you a link code, send /start followed by the code.",
        "de": "Ich helfe dir, Extras wie Sauna oder Handtücher zu deiner Mitgliedschaft "
        "hinzuzufügen. Verknüpfe zuerst diesen Chat: tippe auf den Knopf oder schick deine "
        "Kundennummer. Hast du vom Empfang einen Code bekommen, schick /start und den Code.",
    },
    "not_understood": {
        "en": "Sorry, I didn't get that. Here is what I can do:",
        "de": "Das habe ich leider nicht verstanden. Das kann ich für dich tun:",
    },
    "use_buttons": {
        "en": "Please choose one of the buttons above (or “Stop”). /help shows what I can do.",
        "de": "Bitte wähl einen der Knöpfe oben (oder „Abbrechen“). /help zeigt, was ich kann.",
    },
    "aborted": {
        "en": "Okay, stopped. Nothing was changed.",
        "de": "Okay, abgebrochen. Es wurde nichts geändert.",
    },
    "too_long": {
        "en": "That message is too long for me. Please keep it short.",
        "de": "Diese Nachricht ist mir zu lang. Bitte fass dich kürzer.",
    },
    "step_expired": {
        "en": "That took a while, so I stopped the previous step.",
        "de": "Das hat etwas gedauert, deshalb habe ich den vorherigen Schritt beendet.",
    },
    "internal_error": {
        "en": "Sorry, something went wrong on our side. Please try again in a moment.",
        "de": "Entschuldige, bei uns ist etwas schiefgelaufen. Bitte versuch es gleich "
        "noch einmal.",
    },
    # --- buttons -------------------------------------------------------------------------
    "btn_link": {"en": "Link my membership", "de": "Mitgliedschaft verknüpfen"},
    "btn_offers": {"en": "Discover modules", "de": "Module entdecken"},
    "btn_mine": {"en": "My modules", "de": "Meine Module"},
    "btn_settings": {"en": "Settings", "de": "Einstellungen"},
    "btn_menu": {"en": "Menu", "de": "Menü"},
    "btn_abort": {"en": "Stop", "de": "Abbrechen"},
    "btn_no": {"en": "No", "de": "Nein"},
    "btn_retry": {"en": "Try again", "de": "Nochmal versuchen"},
    "btn_back_offers": {"en": "Other modules", "de": "Andere Module"},
    "btn_book_with": {"en": "Book: {price}", "de": "Buchen: {price}"},
    "btn_trial_yes": {"en": "Yes, start with a trial ({term})", "de": "Ja, mit Probezeit ({term})"},
    "btn_trial_no": {"en": "No, book without trial", "de": "Nein, ohne Probezeit buchen"},
    "btn_confirm": {"en": "Book for {price}", "de": "Für {price} buchen"},
    "btn_confirm_trial": {
        "en": "Book trial, then {price}",
        "de": "Probezeit buchen, danach {price}",
    },
    "btn_cancel_module": {"en": "Cancel this module", "de": "Dieses Modul kündigen"},
    "btn_confirm_cancel": {"en": "Yes, cancel to {date}", "de": "Ja, zum {date} kündigen"},
    "btn_keep": {"en": "No, keep it", "de": "Nein, behalten"},
    "btn_withdraw": {"en": "Keep {module} after all", "de": "{module} doch behalten"},
    "btn_confirm_withdraw": {
        "en": "Yes, keep {module}",
        "de": "Ja, {module} behalten",
    },
    "btn_reminders_off": {"en": "Turn reminders off", "de": "Erinnerungen ausschalten"},
    "btn_reminders_on": {"en": "Turn reminders on", "de": "Erinnerungen einschalten"},
    "btn_forget": {"en": "Delete my data", "de": "Meine Daten löschen"},
    "btn_confirm_forget": {"en": "Yes, delete everything", "de": "Ja, alles löschen"},
    # --- buttons that cannot act ------------------------------------------------------------
    "button_unknown": {
        "en": "I don't know that button. Here is the menu:",
        "de": "Diesen Knopf kenne ich nicht. Hier ist das Menü:",
    },
    "button_used": {
        "en": "You already pressed that button; it works only once.",
        "de": "Diesen Knopf hast du schon gedrückt; er funktioniert nur einmal.",
    },
    "button_expired": {
        "en": "That button has expired. Here is the menu:",
        "de": "Dieser Knopf ist abgelaufen. Hier ist das Menü:",
    },
    "button_stale": {
        "en": "That button belongs to an earlier step. Here is the menu:",
        "de": "Dieser Knopf gehört zu einem früheren Schritt. Hier ist das Menü:",
    },
    "confirmation_expired": {
        "en": "This confirmation has expired, and prices may have changed. Nothing was "
        "booked or changed. Please start again:",
        "de": "Diese Bestätigung ist abgelaufen, und Preise können sich geändert haben. Es "
        "wurde nichts gebucht oder geändert. Bitte fang neu an:",
    },
    # --- studio system failures -------------------------------------------------------------
    "api_busy": {
        "en": "The studio system is busy right now. Please try again in about {seconds} seconds.",
        "de": "Das Studiosystem ist gerade ausgelastet. Bitte versuch es in etwa {seconds} "
        "Sekunden noch einmal.",
    },
    "api_unreachable": {
        "en": "I can't reach the studio system right now. Please try again in a moment.",
        "de": "Ich erreiche das Studiosystem gerade nicht. Bitte versuch es gleich noch einmal.",
    },
    "api_misconfigured": {
        "en": "I'm not allowed to do that in the studio system right now. The staff have "
        "been told.",
        "de": "Das darf ich im Studiosystem gerade nicht. Das Team ist informiert.",
    },
    "api_not_found": {
        "en": "I couldn't find that in the studio system (any more).",
        "de": "Das habe ich im Studiosystem nicht (mehr) gefunden.",
    },
    "api_invalid": {
        "en": "The studio system gave an answer I don't understand. Please try again later.",
        "de": "Das Studiosystem hat unverständlich geantwortet. Bitte versuch es später "
        "noch einmal.",
    },
    "api_refused": {
        "en": "The studio system refused: {reason}",
        "de": "Das Studiosystem hat abgelehnt: {reason}",
    },
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
    "price_free": {"en": "free of charge", "de": "kostenlos"},
    "price_once": {"en": "{price} once", "de": "einmalig {price}"},
    "price_from_day": {"en": "{price} from {day}", "de": "{price} ab {day}"},
    "price_from_start": {"en": "{price} at first", "de": "zunächst {price}"},
    "price_after_term": {"en": "{price} after {term}", "de": "{price} nach {term}"},
    "price_on_request": {"en": "price on request", "de": "Preis auf Anfrage"},
    "per_day": {"en": "per day", "de": "pro Tag"},
    "per_week": {"en": "per week", "de": "pro Woche"},
    "per_month": {"en": "per month", "de": "pro Monat"},
    "per_year": {"en": "per year", "de": "pro Jahr"},
    "every_term": {"en": "every {term}", "de": "alle {term}"},
    "unit_day": {"en": "day", "de": "Tag"},
    "unit_week": {"en": "week", "de": "Woche"},
    "unit_month": {"en": "month", "de": "Monat"},
    "unit_year": {"en": "year", "de": "Jahr"},
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
    "status_ends": {"en": "ends {date}", "de": "endet am {date}"},
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
    "cancel_status_CANCELED": {
        "en": "Canceled, ends on {date}",
        "de": "Gekündigt, endet am {date}",
    },
    "cancel_status_PENDING_VERIFICATION": {
        "en": "Cancelation to {date} received; the studio still has to confirm it",
        "de": "Kündigung zum {date} eingegangen; das Studio muss sie noch bestätigen",
    },
    "cancel_status_PENDING_WITHDRAWAL_VERIFICATION": {
        "en": "Taking back the cancelation to {date}: the studio still has to confirm it",
        "de": "Rücknahme der Kündigung zum {date}: das Studio muss sie noch bestätigen",
    },
    "cancel_status_other": {
        "en": "Cancelation to {date} on file",
        "de": "Kündigung zum {date} vorgemerkt",
    },
    # --- cancel ------------------------------------------------------------------------
    "cancel_choose_date": {
        "en": "To which date do you want to cancel {module}? (earliest first)",
        "de": "Zu welchem Datum möchtest du {module} kündigen? (frühestes zuerst)",
    },
    "cancel_not_online": {
        "en": "{module} can't be canceled online right now. Please contact the front desk.",
        "de": "{module} kann gerade nicht online gekündigt werden. Bitte wende dich an den "
        "Empfang.",
    },
    "cancel_no_reasons": {
        "en": "Canceling online isn't set up in your studio yet. Please contact the front desk.",
        "de": "Online-Kündigungen sind in deinem Studio noch nicht eingerichtet. Bitte wende "
        "dich an den Empfang.",
    },
    "cancel_choose_reason": {
        "en": "What's the reason? (This helps your studio.)",
        "de": "Was ist der Grund? (Das hilft deinem Studio.)",
    },
    "cancel_confirm": {
        "en": "Cancel {module} to {date}?",
        "de": "{module} zum {date} kündigen?",
    },
    "cancel_reason_line": {"en": "Reason: {reason}", "de": "Grund: {reason}"},
    "cancel_failed": {
        "en": "The cancelation didn't go through. {reason}",
        "de": "Die Kündigung hat nicht geklappt. {reason}",
    },
    "cancel_in_progress": {
        "en": "This cancelation is already being processed. Please wait for its result.",
        "de": "Diese Kündigung wird schon bearbeitet. Bitte warte auf das Ergebnis.",
    },
    "canceled_CANCELED": {
        "en": "Done: {module} is canceled and ends on {date}. Changed your mind? You can "
        "take it back below.",
        "de": "Erledigt: {module} ist gekündigt und endet am {date}. Doch anders überlegt? "
        "Unten kannst du die Kündigung zurücknehmen.",
    },
    "canceled_PENDING_VERIFICATION": {
        "en": "Your cancelation of {module} to {date} was received. The studio still has "
        "to confirm it; I'll let you know.",
        "de": "Deine Kündigung von {module} zum {date} ist eingegangen. Das Studio muss sie "
        "noch bestätigen; ich sage dir Bescheid.",
    },
    "canceled_SENT": {
        "en": "Your cancelation of {module} was sent to the studio. Details are under “My "
        "modules”.",
        "de": "Deine Kündigung von {module} ist beim Studio. Details findest du unter "
        "„Meine Module“.",
    },
    "cancel_unclear": {
        "en": "I couldn't confirm yet whether {module} was canceled. I'll check with the "
        "studio and tell you.",
        "de": "Ich konnte noch nicht bestätigen, ob {module} gekündigt wurde. Ich kläre das "
        "mit dem Studio und sage dir Bescheid.",
    },
    "cancel_not_done": {
        "en": "The cancelation of {module} did not go through; it continues as before. You "
        "can try again.",
        "de": "Die Kündigung von {module} hat nicht geklappt; es läuft weiter wie bisher. "
        "Du kannst es noch einmal versuchen.",
    },
    # --- withdraw ----------------------------------------------------------------------------
    "withdraw_confirm": {
        "en": "Keep {module} and take back your cancelation to {date}?",
        "de": "{module} behalten und die Kündigung zum {date} zurücknehmen?",
    },
    "withdraw_nothing": {
        "en": "{module} isn't canceled, so there is nothing to take back.",
        "de": "{module} ist nicht gekündigt, es gibt nichts zurückzunehmen.",
    },
    "withdraw_not_allowed": {
        "en": "The cancelation of {module} can't be taken back online any more. Please "
        "contact the front desk.",
        "de": "Die Kündigung von {module} kann online nicht mehr zurückgenommen werden. "
        "Bitte wende dich an den Empfang.",
    },
    "withdraw_failed": {
        "en": "Taking back the cancelation didn't work. {reason}",
        "de": "Die Rücknahme der Kündigung hat nicht geklappt. {reason}",
    },
    "withdraw_in_progress": {
        "en": "This is already being processed. Please wait for its result.",
        "de": "Das wird schon bearbeitet. Bitte warte auf das Ergebnis.",
    },
    "withdrawn": {
        "en": "Great, {module} continues as before. Your cancelation is taken back.",
        "de": "Super, {module} läuft weiter wie bisher. Deine Kündigung ist zurückgenommen.",
    },
    "withdrawn_pending": {
        "en": "Your request to keep {module} was received. The studio still has to confirm "
        "it; I'll let you know.",
        "de": "Dein Wunsch, {module} zu behalten, ist eingegangen. Das Studio muss ihn noch "
        "bestätigen; ich sage dir Bescheid.",
    },
    "withdraw_unclear": {
        "en": "I couldn't confirm yet whether your cancelation of {module} was taken back. "
        "I'll check and tell you.",
        "de": "Ich konnte noch nicht bestätigen, ob deine Kündigung von {module} "
        "zurückgenommen wurde. Ich kläre das und sage dir Bescheid.",
    },
    "withdraw_not_done": {
        "en": "Taking back the cancelation of {module} did not go through; the cancelation "
        "stands. You can try again.",
        "de": "Die Rücknahme der Kündigung von {module} hat nicht geklappt; die Kündigung "
        "bleibt bestehen. Du kannst es noch einmal versuchen.",
    },
    # --- personal offers from staff ------------------------------------------------------
    "staff_offer_intro": {
        "en": "{studio} picked an offer for you:",
        "de": "{studio} hat ein Angebot für dich ausgesucht:",
    },
    "staff_offer_footer": {
        "en": "You get offers like this because reminders are on. /stop turns them off.",
        "de": "Du bekommst solche Angebote, weil Erinnerungen an sind. /stop schaltet sie aus.",
    },
    # --- settings --------------------------------------------------------------------------
    "settings_intro": {"en": "Your settings:", "de": "Deine Einstellungen:"},
    "settings_language": {"en": "Language: {language}", "de": "Sprache: {language}"},
    "settings_reminders_on": {"en": "Reminders: on", "de": "Erinnerungen: an"},
    "settings_reminders_off": {"en": "Reminders: off", "de": "Erinnerungen: aus"},
    "reminders_now_on": {
        "en": "Reminders are on. You can turn them off any time with /stop.",
        "de": "Erinnerungen sind an. Mit /stop kannst du sie jederzeit ausschalten.",
    },
    "reminders_now_off": {
        "en": "Reminders are off. I'll only answer when you write to me.",
        "de": "Erinnerungen sind aus. Ich melde mich nur noch, wenn du mir schreibst.",
    },
    "forget_confirm": {
        "en": "Delete the link to your membership and everything this chat told me? Your "
        "membership and modules stay as they are.",
        "de": "Die Verknüpfung zu deiner Mitgliedschaft und alles aus diesem Chat löschen? "
        "Deine Mitgliedschaft und Module bleiben, wie sie sind.",
    },
    "forgotten": {
        "en": "Done. I've deleted the link and this chat's data. Send /start to link again.",
        "de": "Erledigt. Ich habe die Verknüpfung und die Daten dieses Chats gelöscht. "
        "Schick /start, um dich neu zu verknüpfen.",
    },
    # --- notices the bot starts itself (reminders, campaigns, contract news) ----------
    "notice_cancelation": {
        "en": "Your {module} ends on {date}. Changed your mind? You can still keep it.",
        "de": "Dein Modul {module} endet am {date}. Doch anders überlegt? Du kannst es noch "
        "behalten.",
    },
    "notice_trial": {
        "en": "Your free trial of {module} ends on {date}. After that it continues at the regular "
        "price. Keep it, or cancel it with one tap.",
        "de": "Dein kostenloser Test von {module} endet am {date}. Danach läuft es zum regulären "
        "Preis weiter. Behalte es oder kündige es mit einem Tipp.",
    },
    "notice_viewed": {
        "en": "You recently looked at {module}. It is still available for your membership.",
        "de": "Du hast dir neulich {module} angesehen. Es ist für deine Mitgliedschaft weiterhin "
        "buchbar.",
    },
    "notice_campaign": {
        "en": "{studio} has an offer for you: {module}.",
        "de": "{studio} hat ein Angebot für dich: {module}.",
    },
    "notice_added": {
        "en": "{module} was added to your membership at {studio}.",
        "de": "{module} wurde bei {studio} zu deiner Mitgliedschaft hinzugefügt.",
    },
    "notice_cancel_pending": {
        "en": "A cancelation of {module} to {date} was registered. The studio still has to "
        "confirm it.",
        "de": "Eine Kündigung von {module} zum {date} ist eingegangen. Das Studio muss sie noch "
        "bestätigen.",
    },
    "notice_canceled": {
        "en": "{module} was canceled and ends on {date}.",
        "de": "{module} wurde gekündigt und endet am {date}.",
    },
    "notice_cancel_confirmed": {
        "en": "The studio confirmed your cancelation of {module}. It ends on {date}.",
        "de": "Das Studio hat deine Kündigung von {module} bestätigt. Es endet am {date}.",
    },
    "notice_withdrawn": {
        "en": "The cancelation of {module} was taken back. It continues as before.",
        "de": "Die Kündigung von {module} wurde zurückgenommen. Es läuft weiter wie bisher.",
    },
    "notice_withdraw_pending": {
        "en": "Your wish to keep {module} was registered. The studio still has to confirm it.",
        "de": "Dein Wunsch, {module} zu behalten, ist eingegangen. Das Studio muss ihn noch "
        "bestätigen.",
    },
    "notice_withdraw_rejected": {
        "en": "The studio could not take back the cancelation of {module}. It ends on {date}.",
        "de": "Das Studio konnte die Kündigung von {module} nicht zurücknehmen. Es endet am "
        "{date}.",
    },
    "notice_date_changed": {
        "en": "The cancelation date of {module} is now {date}.",
        "de": "Das Kündigungsdatum von {module} ist jetzt der {date}.",
    },
    "notice_footer": {
        "en": "You get these messages because reminders are on. /stop turns them off.",
        "de": "Du bekommst diese Nachrichten, weil Erinnerungen an sind. /stop schaltet sie aus.",
    },
    "notice_btn_keep": {
        "en": "Keep {module}",
        "de": "{module} behalten",
    },
    "notice_btn_cancel": {
        "en": "Cancel {module}",
        "de": "{module} kündigen",
    },
    "notice_btn_show": {
        "en": "{module}: details and booking",
        "de": "{module}: Details und Buchung",
    },
}


def text(key: str, language: str, /, **values: Any) -> str:
    """The text for ``key`` in ``language`` (English if the language is unknown)."""
    entry = _TEXTS[key]
    template = entry.get(language) or entry["en"]
    return template.format(**values) if values else template


def has_text(key: str) -> bool:
    return key in _TEXTS


def placeholders(key: str, language: str) -> set[str]:
    return {name for _, name, _, _ in Formatter().parse(_TEXTS[key][language]) if name}


def keys() -> list[str]:
    return list(_TEXTS)


def language_from_hint(hint: str | None, default: str) -> str:
    """``de``, ``de-AT``, ``de_CH`` -> ``de``; other known languages as they are."""
    if hint:
        base = hint.replace("_", "-").split("-")[0].lower()
        if base in LANGUAGES:
            return base
        return "en"
    return default
