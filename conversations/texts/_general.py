"""Greeting, linking, menu, help, generic buttons and failures."""

TEXTS: dict[str, dict[str, str]] = {
    # --- languages --------------------------------------------------------------------
    "language_name": {"en": "English", "de": "Deutsch"},
    # --- greeting and linking -----------------------------------------------------------
    "welcome_unlinked": {
        "en": "Hi! I'm your studio's assistant. I show you the modules you can add to your "
        "membership (sauna, towels, drinks…), book them for you, and help you manage or "
        "cancel them.\nFirst, let's connect this chat to your membership.",
        "de": "Hallo! Ich bin der Assistent deines Studios. Ich zeige dir Zusatzmodule für "
        "deine Mitgliedschaft (Sauna, Handtücher, Getränke …), buche sie für dich und helfe "
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
        "en": "Please send me your customer number. You'll find it on your membership card "
        "or in the studio app (for example 1-1001).",
        "de": "Bitte schick mir deine Kundennummer. Du findest sie auf deiner "
        "Mitgliedskarte oder in der Studio-App (zum Beispiel 1-1001).",
    },
    "ask_birthdate": {
        "en": "Thanks! Now please send your date of birth, for example 12.04.1990.",
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
        "de": "Diese Angaben konnte ich leider keiner Mitgliedschaft zuordnen. Schick mir "
        "deine Kundennummer bitte noch einmal oder frag am Empfang nach einem "
        "Verknüpfungscode.",
    },
    "link_throttled": {
        "en": "Too many attempts. Please try again in {minutes}, or ask at the front desk "
        "for a link code.",
        "de": "Zu viele Versuche. Bitte versuch es in {minutes} noch einmal oder frag am "
        "Empfang nach einem Verknüpfungscode.",
    },
    "link_busy": {
        "en": "Unusually many people are linking their chats right now, so I'm pausing for "
        "a minute. Please try again shortly, or ask at the front desk for a link code.",
        "de": "Gerade verknüpfen ungewöhnlich viele ihren Chat, deshalb pausiere ich kurz. "
        "Bitte versuch es in einer Minute noch einmal oder frag am Empfang nach einem "
        "Verknüpfungscode.",
    },
    "link_code_invalid": {
        "en": "This link code is invalid, expired or already used. Ask at the front desk "
        "for a new one, or link with your customer number.",
        "de": "Dieser Verknüpfungscode ist ungültig, abgelaufen oder schon benutzt. Frag am "
        "Empfang nach einem neuen oder verknüpfe den Chat mit deiner Kundennummer.",
    },
    "no_active_contract": {
        "en": "I found you, but no active membership. Please talk to the front desk.",
        "de": "Ich habe dich gefunden, aber keine aktive Mitgliedschaft. Bitte sprich mit "
        "dem Empfang.",
    },
    "choose_contract": {
        "en": "You have several memberships. Which one should your modules be added to?",
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
        "en": "I can show you the modules you can add to your membership, book one for you, "
        "list your modules, cancel one or take a cancellation back.\nCommands: /modules, "
        "/mine, /cancel (cancel a module), /settings, /stop (no more offers), /forget "
        "(delete your data), /help.",
        "de": "Ich zeige dir Zusatzmodule für deine Mitgliedschaft, buche eines für dich, "
        "zeige dir deine Module, kündige eines oder nehme eine Kündigung zurück.\nBefehle: "
        "/modules, "
        "/mine, /cancel (Modul kündigen), /settings, /stop (keine Angebote mehr), /forget "
        "(Daten löschen), /help.",
    },
    "help_unlinked": {
        "en": "I help you add modules such as sauna or towels to your gym membership. First "
        "link this chat: tap the button or send your customer number. If the front desk "
        "gave you a link code, send /start followed by the code.",
        "de": "Ich helfe dir, Zusatzmodule wie Sauna oder Handtücher zu deiner Mitgliedschaft "
        "hinzuzufügen. Verknüpfe zuerst diesen Chat: Tipp auf den Button oder schick deine "
        "Kundennummer. Hast du vom Empfang einen Verknüpfungscode bekommen, schick /start "
        "und den Code.",
    },
    "not_understood": {
        "en": "Sorry, I didn't get that. Here is what I can do:",
        "de": "Das habe ich leider nicht verstanden. Das kann ich für dich tun:",
    },
    "linked_already_same": {
        "en": "This chat is already linked to your membership (customer number {number} at "
        "{studio}). Here is what I can do:",
        "de": "Dieser Chat ist schon mit deiner Mitgliedschaft verknüpft (Kundennummer "
        "{number} bei {studio}). Das kann ich für dich tun:",
    },
    "linked_already_other": {
        "en": "This chat is linked to customer number {number} at {studio}. To link another "
        "membership here, delete this link under Settings (“Delete my data”) and link "
        "again, or ask at the front desk for a link code.",
        "de": "Dieser Chat ist mit der Kundennummer {number} bei {studio} verknüpft. Willst "
        "du hier eine andere Mitgliedschaft verknüpfen, lösch die Verknüpfung unter "
        "Einstellungen („Meine Daten löschen“) und verknüpfe den Chat neu oder frag am "
        "Empfang nach einem Verknüpfungscode.",
    },
    "slow_down": {
        "en": "A little slower, please: you're sending messages faster than I can answer, "
        "so I skipped some. Wait for my reply, then go on.",
        "de": "Bitte etwas langsamer: Du schickst mir Nachrichten schneller, als ich "
        "antworten kann, deshalb habe ich einige übersprungen. Warte kurz auf meine Antwort "
        "und mach dann weiter.",
    },
    "use_buttons": {
        "en": "Please tap one of the buttons above (or “Never mind”). /help shows what I can do.",
        "de": "Bitte tipp auf einen der Buttons oben (oder auf „Nichts ändern“). /help zeigt, "
        "was ich kann.",
    },
    "aborted": {
        "en": "Okay, nothing was changed.",
        "de": "Okay, es wurde nichts geändert.",
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
    "btn_abort": {"en": "Never mind", "de": "Nichts ändern"},
    "btn_no": {"en": "No", "de": "Nein"},
    "btn_retry": {"en": "Try again", "de": "Noch einmal versuchen"},
    "btn_back_offers": {"en": "Other modules", "de": "Andere Module"},
    "btn_book_with": {"en": "Book: {price}", "de": "Buchen: {price}"},
    "btn_forget": {"en": "Delete my data", "de": "Meine Daten löschen"},
    "btn_confirm_forget": {"en": "Yes, delete everything", "de": "Ja, alles löschen"},
    # --- buttons that cannot act ------------------------------------------------------------
    "button_unknown": {
        "en": "I don't know that button. Here is the menu:",
        "de": "Diesen Button kenne ich nicht. Hier ist das Menü:",
    },
    "button_used": {
        "en": "You've already tapped that button; it works only once.",
        "de": "Diesen Button hast du schon angetippt; er funktioniert nur einmal.",
    },
    "button_expired": {
        "en": "That button has expired. Here is the menu:",
        "de": "Dieser Button ist abgelaufen. Hier ist das Menü:",
    },
    "button_stale": {
        "en": "That button belongs to an earlier step. Here is the menu:",
        "de": "Dieser Button gehört zu einem früheren Schritt. Hier ist das Menü:",
    },
    "step_void": {
        "en": "This step has expired. Nothing was changed. Please start again:",
        "de": "Dieser Schritt ist abgelaufen. Es wurde nichts geändert. Bitte fang neu an:",
    },
    "confirmation_expired": {
        "en": "This confirmation has expired, and prices may have changed. Nothing was "
        "booked or changed. Please start again:",
        "de": "Diese Bestätigung ist abgelaufen, und die Preise können sich inzwischen geändert "
        "haben. Es wurde nichts gebucht oder geändert. Bitte fang neu an:",
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
        "en": "The studio system said no: {reason}",
        "de": "Das Studiosystem hat abgelehnt: {reason}",
    },
    # --- receipts ------------------------------------------------------------------------
    "receipt_title_purchase": {
        "en": "Receipt: booking of {module}",
        "de": "Bestätigung: Buchung von {module}",
    },
    "receipt_title_cancelation": {
        "en": "Receipt: cancellation of {module}",
        "de": "Bestätigung: Kündigung von {module}",
    },
    "receipt_title_withdrawal": {
        "en": "Receipt: cancellation of {module} taken back",
        "de": "Bestätigung: Rücknahme der Kündigung von {module}",
    },
    "receipt_contract_id": {"en": "Module contract no.: {id}", "de": "Modulvertrag Nr.: {id}"},
    "receipt_next": {
        "en": "What would you like to do next?",
        "de": "Was möchtest du als Nächstes tun?",
    },
    "receipt_received": {
        "en": "Your declaration was received on {at}.",
        "de": "Deine Erklärung ist am {at} Uhr eingegangen.",
    },
    # --- the command menu (Telegram's setMyCommands) ------------------------------------
    "command_start": {
        "en": "Link this chat to your membership",
        "de": "Diesen Chat mit deiner Mitgliedschaft verknüpfen",
    },
    "command_help": {"en": "What I can do", "de": "Was ich kann"},
    "command_modules": {
        "en": "Modules you can add",
        "de": "Zusatzmodule, die du buchen kannst",
    },
    "command_mine": {"en": "Your modules", "de": "Deine Module"},
    "command_cancel": {"en": "Cancel a module", "de": "Ein Modul kündigen"},
    "command_settings": {
        "en": "Language, offers, delete your data",
        "de": "Sprache, Angebote, deine Daten löschen",
    },
    "command_stop": {"en": "No more offers", "de": "Keine Angebote mehr"},
    "command_forget": {"en": "Delete your data", "de": "Deine Daten löschen"},
}
