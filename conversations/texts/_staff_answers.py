"""What staff read in answers: the customer look-up, link codes, the catalogue, personal
offers and campaigns (and the member's line when a staff link code linked the chat)."""

ANSWERS: dict[str, dict[str, str]] = {
    # --- customer look-up --------------------------------------------------------------------
    "staff_id": {"en": "id {id}", "de": "ID {id}"},
    "staff_no_contracts": {"en": "No contracts.", "de": "Keine Verträge."},
    "staff_no_modules": {"en": "_no modules_", "de": "_keine Module_"},
    "staff_contract_line": {
        "en": "*{rate}* (contract {id}) · {status} · {since}",
        "de": "*{rate}* (Vertrag {id}) · {status} · {since}",
    },
    "staff_module_line": {
        "en": "• {module} · {status} · {price} · {since}",
        "de": "• {module} · {status} · {price} · {since}",
    },
    "staff_since": {"en": "since {date}", "de": "seit {date}"},
    "staff_starts": {"en": "starts on {date}", "de": "beginnt am {date}"},
    "staff_price_now": {"en": "(currently {price})", "de": "(derzeit {price})"},
    "staff_status_ACTIVE": {"en": "active", "de": "aktiv"},
    "staff_status_INACTIVE": {"en": "inactive", "de": "inaktiv"},
    "staff_status_MEMBER": {"en": "member", "de": "Mitglied"},
    "staff_status_PROSPECT": {"en": "prospect", "de": "Interessent"},
    "staff_status_FORMER_MEMBER": {"en": "former member", "de": "ehemaliges Mitglied"},
    "staff_cancelation_CANCELED": {
        "en": "cancelled, ends on {date}",
        "de": "gekündigt, endet am {date}",
    },
    "staff_cancelation_PENDING_VERIFICATION": {
        "en": "cancellation requested for {date}; the studio has yet to confirm it "
        "(PENDING_VERIFICATION)",
        "de": "Kündigung zum {date} beantragt; das Studio muss sie noch bestätigen "
        "(PENDING_VERIFICATION)",
    },
    "staff_cancelation_PENDING_WITHDRAWAL_VERIFICATION": {
        "en": "the member took back the cancellation for {date}; the studio has yet to confirm "
        "that (PENDING_WITHDRAWAL_VERIFICATION)",
        "de": "das Mitglied hat die Kündigung zum {date} zurückgenommen; das Studio muss das "
        "noch bestätigen (PENDING_WITHDRAWAL_VERIFICATION)",
    },
    "staff_cancelation_other": {
        "en": "cancellation {status} for {date}",
        "de": "Kündigung {status} zum {date}",
    },
    "staff_can_withdraw": {
        "en": "· the member can still withdraw it",
        "de": "· das Mitglied kann sie noch zurücknehmen",
    },
    "staff_decision_needed": {
        "en": "⚠️ *Staff decision needed in PerfectGym* for: {modules}. Confirm or reject the "
        "pending cancellation (or withdrawal) there.",
        "de": "⚠️ *Bitte in PerfectGym entscheiden:* {modules}. Bestätige oder lehne die offene "
        "Kündigung (oder ihre Rücknahme) dort ab.",
    },
    "staff_links_none": {
        "en": "💬 *Not linked* to any chat. `link` gives a code for the member.",
        "de": "💬 *Nicht verknüpft* mit einem Chat. `link` erstellt einen Code für das Mitglied.",
    },
    "staff_links": {"en": "💬 *Linked:* {links}", "de": "💬 *Verknüpft:* {links}"},
    "staff_link_chat": {
        "en": "{platform} since {date} ({flags})",
        "de": "{platform} seit {date} ({flags})",
    },
    "staff_link_unreachable": {
        "en": "unreachable (blocked the bot)",
        "de": "nicht erreichbar (hat den Bot blockiert)",
    },
    "staff_customer_footer": {
        "en": "customer id {id} · {status}",
        "de": "Mitglieds-ID {id} · {status}",
    },
    # --- link codes -------------------------------------------------------------------------
    "staff_link_code": {
        "en": "🔑 Link code for {who}: `{code}`",
        "de": "🔑 Verknüpfungscode für {who}: `{code}`",
    },
    "staff_link_code_plain": {
        "en": "Link code for {who}: {code}",
        "de": "Verknüpfungscode für {who}: {code}",
    },
    "staff_link_telegram": {
        "en": "Telegram: <{url}|open the bot with this code>",
        "de": "Telegram: <{url}|Bot mit diesem Code öffnen>",
    },
    "staff_link_start": {
        "en": "The member sends `/start {code}` to the Telegram bot.",
        "de": "Das Mitglied schickt dem Telegram-Bot `/start {code}`.",
    },
    "staff_link_told": {
        "en": "The member is told that {studio} linked the chat.",
        "de": "Das Mitglied erfährt, dass {studio} den Chat verknüpft hat.",
    },
    "staff_link_valid": {
        "en": "Valid until {until}, once. Only you can see this message.",
        "de": "Gültig bis {until}, einmal nutzbar. Nur du siehst diese Nachricht.",
    },
    "linked_by_studio": {
        "en": "Done! Your studio {studio} linked this chat to your membership “{rate}”.",
        "de": "Fertig! Dein Studio {studio} hat diesen Chat mit deiner Mitgliedschaft „{rate}“ "
        "verbunden.",
    },
    # --- catalogue --------------------------------------------------------------------------
    "staff_catalogue_title": {"en": "Modules · {studio}", "de": "Module · {studio}"},
    "staff_catalogue_empty": {
        "en": "No module is enabled for online booking.",
        "de": "Kein Modul ist für die Online-Buchung freigeschaltet.",
    },
    "staff_catalogue_module": {"en": "✅ *{module}* (id {id})", "de": "✅ *{module}* (ID {id})"},
    "staff_catalogue_price": {"en": "Price: {price}", "de": "Preis: {price}"},
    "staff_term": {"en": "minimum term {term}", "de": "Mindestlaufzeit {term}"},
    "staff_notice_period": {"en": "notice period {term}", "de": "Kündigungsfrist {term}"},
    "staff_trial": {"en": "free trial {term}", "de": "kostenlose Testphase {term}"},
    "staff_catalogue_note": {
        "en": "✅ = bookable online in the chat. PerfectGym lists only modules enabled for "
        "online booking; desk-only modules do not appear here.",
        "de": "✅ = im Chat online buchbar. PerfectGym listet nur Module, die für die "
        "Online-Buchung freigeschaltet sind; Module nur für den Empfang erscheinen hier nicht.",
    },
    # --- personal offers -------------------------------------------------------------------
    "staff_offer_sent": {
        "en": "Offer for *{module}* sent to {name} on {platform}.",
        "de": "Angebot für *{module}* an {name} auf {platform} gesendet.",
    },
    "staff_offer_not_linked": {
        "en": "Not sent: {name} has no chat linked to the bot yet.",
        "de": "Nicht gesendet: {name} hat noch keinen Chat mit dem Bot verknüpft.",
    },
    "staff_offer_no_consent": {
        "en": "Not sent: {name} has not said yes to offers in the chat.",
        "de": "Nicht gesendet: {name} hat im Chat nicht in Angebote eingewilligt.",
    },
    "staff_offer_opted_out": {
        "en": "Not sent: {name} has switched off chat messages in PerfectGym.",
        "de": "Nicht gesendet: {name} hat Chat-Nachrichten in PerfectGym abbestellt.",
    },
    "staff_offer_unreachable": {
        "en": "Not sent: {name} cannot be reached in the chat.",
        "de": "Nicht gesendet: {name} ist im Chat nicht erreichbar.",
    },
    "staff_offer_not_purchasable": {
        "en": "Not sent: *{module}* cannot be booked on {name}'s contract.",
        "de": "Nicht gesendet: *{module}* ist auf dem Vertrag von {name} nicht buchbar.",
    },
    "staff_offer_busy": {
        "en": "Not sent: {name} is in the middle of another step; try again later.",
        "de": "Nicht gesendet: {name} ist gerade mitten in einem anderen Schritt; versuch es "
        "später noch einmal.",
    },
    "staff_offer_failed": {
        "en": "Not sent: something failed on the way.",
        "de": "Nicht gesendet: Unterwegs ist etwas schiefgelaufen.",
    },
    # --- why an offer was not sent, or how consent was decided (``Phrase`` reasons) --------
    "staff_reason_no_chat": {
        "en": "no chat is linked to this customer",
        "de": "mit diesem Mitglied ist kein Chat verknüpft",
    },
    "staff_reason_blocked": {
        "en": "the member blocked the bot",
        "de": "das Mitglied hat den Bot blockiert",
    },
    "staff_reason_blocked_or_left": {
        "en": "the member blocked the bot or left the chat",
        "de": "das Mitglied hat den Bot blockiert oder den Chat verlassen",
    },
    "staff_reason_not_opted_in": {
        "en": "the member has not opted in to offers in the chat",
        "de": "das Mitglied hat im Chat nicht in Angebote eingewilligt",
    },
    "staff_reason_opted_out": {
        "en": "opted out of chat messages ({category}) in PerfectGym",
        "de": "hat in PerfectGym Chat-Nachrichten ({category}) abbestellt",
    },
    "staff_reason_preferences_unreadable": {
        "en": "communication preferences not readable in PerfectGym ({error}); the answer "
        "given in the chat decides",
        "de": "Kommunikationseinstellungen in PerfectGym nicht lesbar ({error}); es gilt die "
        "Antwort im Chat",
    },
    "staff_reason_preferences_failed": {
        "en": "could not read the communication preferences ({error}); please try again",
        "de": "Kommunikationseinstellungen nicht abrufbar ({error}); bitte versuch es noch einmal",
    },
    "staff_reason_already_booked": {
        "en": "already booked or not offered",
        "de": "schon gebucht oder nicht im Angebot",
    },
    "staff_reason_no_longer_offered": {
        "en": "no longer offered for this contract",
        "de": "für diesen Vertrag nicht mehr im Angebot",
    },
    "staff_reason_perfectgym_failed": {
        "en": "PerfectGym did not answer ({error})",
        "de": "PerfectGym hat nicht geantwortet ({error})",
    },
    "staff_reason_busy": {
        "en": "the member is in the middle of another step",
        "de": "das Mitglied ist gerade mitten in einem anderen Schritt",
    },
    "staff_reason_delivery_unknown": {
        "en": "{platform} did not confirm delivery; it most likely arrived, so do not send it "
        "again",
        "de": "{platform} hat die Zustellung nicht bestätigt; sie ist sehr wahrscheinlich "
        "angekommen, also bitte nicht noch einmal senden",
    },
    "staff_reason_not_taken": {
        "en": "{platform} did not take the message; please try again",
        "de": "{platform} hat die Nachricht nicht angenommen; bitte versuch es noch einmal",
    },
    # --- campaigns --------------------------------------------------------------------------
    "staff_campaign_past": {
        "en": "That time is in the past; please give a time from now on.",
        "de": "Dieser Zeitpunkt liegt in der Vergangenheit; bitte gib einen späteren an.",
    },
    "staff_campaign_too_long": {
        "en": "The text is too long ({length} characters, at most {most}).",
        "de": "Der Text ist zu lang ({length} Zeichen, höchstens {most}).",
    },
    "staff_campaign_language": {
        "en": "Unknown language “{language}” (use {known}).",
        "de": "Unbekannte Sprache „{language}“ (nutze {known}).",
    },
    "staff_campaign_bad_time": {
        "en": "I cannot read the time “{value}”; write e.g. `2026-12-01 18:00`, "
        "`01.12.2026 18:00`, a date, or `now`.",
        "de": "Den Zeitpunkt „{value}“ verstehe ich nicht; schreib z. B. `01.12.2026 18:00`, "
        "`2026-12-01 18:00`, ein Datum oder `now`.",
    },
    "staff_campaign_no_time": {
        "en": "When should the campaign for {module} go out? Add a time, e.g. "
        "`2026-12-01 18:00`, a date, or `now`.",
        "de": "Wann soll die Kampagne für {module} rausgehen? Ergänze einen Zeitpunkt, z. B. "
        "`01.12.2026 18:00`, ein Datum oder `now`.",
    },
    "staff_campaign_scheduled": {
        "en": "Campaign #{id} scheduled: *{module}* on {when} ({studio}).",
        "de": "Kampagne #{id} geplant: *{module}* am {when} ({studio}).",
    },
    "staff_campaign_quiet": {
        "en": "That time falls in the quiet hours, so it goes out when they end.",
        "de": "Der Zeitpunkt liegt in der Ruhezeit; die Kampagne geht raus, sobald die "
        "Ruhezeit vorbei ist.",
    },
    "staff_campaign_reach": {
        "en": "Members it could reach now: {members}. Each is checked right before sending: "
        "the contract can book the module and does not have it, and the member has said yes "
        "to offers in the chat.",
        "de": "Mitglieder, die sie jetzt erreichen könnte: {members}. Vor dem Senden wird "
        "jedes einzeln geprüft: Der Vertrag kann das Modul buchen und hat es noch nicht, und "
        "das Mitglied hat im Chat in Angebote eingewilligt.",
    },
    "staff_campaign_own_text": {"en": "Text: “{text}”", "de": "Text: „{text}“"},
    "staff_campaign_standard_text": {
        "en": "Text: the bot's standard offer",
        "de": "Text: das Standardangebot des Bots",
    },
    "staff_campaigns_title": {"en": "Campaigns · {studio}", "de": "Kampagnen · {studio}"},
    "staff_campaigns_none": {
        "en": "No campaign is scheduled.",
        "de": "Es ist keine Kampagne geplant.",
    },
    "staff_campaigns_recent": {"en": "Latest", "de": "Zuletzt"},
    "staff_campaigns_hint": {
        "en": "Cancel one with `{command} campaign cancel <number>`.",
        "de": "Absagen mit `{command} campaign cancel <Nummer>`.",
    },
    "staff_campaign_line": {
        "en": "#{id} · *{module}* · {when} · {state}",
        "de": "#{id} · *{module}* · {when} · {state}",
    },
    "staff_campaign_state_planned": {"en": "scheduled", "de": "geplant"},
    "staff_campaign_state_sent": {
        "en": "went out (recipients: {count})",
        "de": "gesendet (Empfänger: {count})",
    },
    "staff_campaign_state_canceled": {"en": "cancelled", "de": "abgesagt"},
    "staff_campaign_not_found": {
        "en": "There is no campaign #{id} in {studio}.",
        "de": "In {studio} gibt es keine Kampagne #{id}.",
    },
    "staff_campaign_canceled": {
        "en": "Campaign #{id} (*{module}*, {when}) cancelled; nothing of it will be sent.",
        "de": "Kampagne #{id} (*{module}*, {when}) abgesagt; davon wird nichts gesendet.",
    },
    "staff_campaign_canceled_partly": {
        "en": "Campaign #{id} (*{module}*, {when}) cancelled: messages stopped: {stopped}; "
        "already sent before: {sent}.",
        "de": "Kampagne #{id} (*{module}*, {when}) abgesagt: gestoppte Nachrichten: "
        "{stopped}; vorher schon gesendet: {sent}.",
    },
    "staff_campaign_was_canceled": {
        "en": "Campaign #{id} (*{module}*, {when}) was cancelled already.",
        "de": "Kampagne #{id} (*{module}*, {when}) ist schon abgesagt.",
    },
    "staff_campaign_gone_out": {
        "en": "Campaign #{id} (*{module}*, {when}) has gone out completely (recipients: "
        "{sent}); there is nothing left to cancel.",
        "de": "Kampagne #{id} (*{module}*, {when}) ist schon vollständig rausgegangen "
        "(Empfänger: {sent}); es gibt nichts mehr abzusagen.",
    },
}
