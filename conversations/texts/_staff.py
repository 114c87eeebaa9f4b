"""What the staff desk says (Slack answers, help, refusals, figures, the feed), in the
studio's language (its ``locale``). Slack mrkdwn: ``*bold*``, ``_italic_``, ```code```.

The ``/upsell`` keywords (customer, link, modules, stats, export, offer, campaign, campaigns,
help) are the same in both languages. Answers, figures and the feed have modules of their own.
"""

from conversations.texts._staff_answers import ANSWERS
from conversations.texts._staff_feed import FEED
from conversations.texts._staff_figures import FIGURES

_DESK: dict[str, dict[str, str]] = {
    # --- who may use the desk --------------------------------------------------------------
    "staff_refused_workspace": {
        "en": "Sorry, this staff desk belongs to another Slack workspace.",
        "de": "Tut mir leid, dieser Zugang gehört zu einem anderen Slack-Workspace.",
    },
    "staff_refused_channel": {
        "en": "Sorry, staff commands work only in the studio team's staff channels.",
        "de": "Tut mir leid, diese Befehle funktionieren nur in den Team-Kanälen des Studios.",
    },
    "staff_refused_not_staff": {
        "en": "Sorry, the staff desk is only open to the studio team. If you should have "
        "access, please ask your Slack admin to add you to the allowed users or user groups.",
        "de": "Tut mir leid, diese Befehle sind nur für das Studioteam freigegeben. Wenn du "
        "Zugriff haben solltest, bitte deinen Slack-Admin, dich bei den erlaubten Nutzern "
        "oder Nutzergruppen einzutragen.",
    },
    "staff_refused_closed": {
        "en": "Sorry, the staff desk stays closed until the operator names the studio team "
        "(SLACK_ALLOWED_USERS or SLACK_ALLOWED_USERGROUPS).",
        "de": "Tut mir leid, diese Befehle bleiben gesperrt, bis der Betreiber das Studioteam "
        "einträgt (SLACK_ALLOWED_USERS oder SLACK_ALLOWED_USERGROUPS).",
    },
    "staff_restarting": {
        "en": "The bot is restarting; please try again shortly.",
        "de": "Der Bot startet gerade neu, bitte versuch es gleich noch einmal.",
    },
    "staff_button_broken": {
        "en": "That button does not work; please use the command.",
        "de": "Dieser Button funktioniert nicht, bitte nutze den Befehl.",
    },
    "staff_btn_lookup": {"en": "Look up customer", "de": "Mitglied anzeigen"},
    # --- while it works ----------------------------------------------------------------------
    "staff_working": {"en": "One moment…", "de": "Einen Moment …"},
    "staff_working_customer": {"en": "Looking up {arg}…", "de": "Ich suche {arg} …"},
    "staff_working_link": {
        "en": "Issuing a link code for {arg}…",
        "de": "Ich erstelle einen Verknüpfungscode für {arg} …",
    },
    "staff_working_modules": {
        "en": "Loading the catalogue…",
        "de": "Ich lade den Modulkatalog …",
    },
    "staff_working_offer": {
        "en": "Checking consent and sending the offer to {arg}…",
        "de": "Ich prüfe die Einwilligung und sende das Angebot an {arg} …",
    },
    "staff_working_campaign": {
        "en": "Scheduling the campaign…",
        "de": "Ich plane die Kampagne …",
    },
    # --- what went wrong -------------------------------------------------------------------
    "staff_failed": {
        "en": "Something went wrong on our side; it has been logged.",
        "de": "Bei uns ist etwas schiefgelaufen; es wurde protokolliert.",
    },
    "staff_api_busy": {
        "en": "PerfectGym is busy right now (rate limit). Please try again in a minute.",
        "de": "PerfectGym ist gerade ausgelastet (Anfragelimit). Bitte versuch es in einer "
        "Minute noch einmal.",
    },
    "staff_api_trouble": {
        "en": "PerfectGym did not answer as expected ({error}). Please try again.",
        "de": "PerfectGym hat nicht wie erwartet geantwortet ({error}). Bitte versuch es noch "
        "einmal.",
    },
    "staff_several_studios": {
        "en": "Several studios are configured ({studios}); please name one.",
        "de": "Es sind mehrere Studios eingerichtet ({studios}); bitte nenne eines.",
    },
    "staff_unknown_studio": {
        "en": "There is no studio “{name}” (configured: {studios}).",
        "de": "Es gibt kein Studio „{name}“ (eingerichtet: {studios}).",
    },
    "staff_which_studio": {
        "en": 'Which studio? Add `--studio "NAME"` (one of {studios}), or use the command in '
        "a studio's staff channel.",
        "de": 'Welches Studio? Ergänze `--studio "NAME"` (eines von {studios}) oder nutze den '
        "Befehl im Team-Kanal eines Studios.",
    },
    "staff_no_reference": {
        "en": "Please give a customer number or id.",
        "de": "Bitte gib eine Kundennummer oder ID an.",
    },
    "staff_no_customer": {
        "en": "There is no customer “{reference}” in {studio}.",
        "de": "In {studio} gibt es kein Mitglied „{reference}“.",
    },
    "staff_no_module": {
        "en": "There is no single module “{module}” in {studio}. Modules: {modules}.",
        "de": "In {studio} gibt es kein eindeutiges Modul „{module}“. Module: {modules}.",
    },
    "staff_days_range": {
        "en": "`stats` covers 1 to {most} days.",
        "de": "`stats` umfasst 1 bis {most} Tage.",
    },
    # --- what is wrong with a command --------------------------------------------------------
    "staff_unknown_subcommand": {
        "en": "I don't know the subcommand `{word}`.",
        "de": "Den Unterbefehl `{word}` kenne ich nicht.",
    },
    "staff_studio_needs_name": {
        "en": "`--studio` needs a studio name.",
        "de": "`--studio` braucht den Namen eines Studios.",
    },
    "staff_needs_customer": {
        "en": "`{name}` needs one customer number or id, e.g. `{name} 1-1001`.",
        "de": "`{name}` braucht genau eine Kundennummer oder ID, z. B. `{name} 1-1001`.",
    },
    "staff_no_arguments": {
        "en": "`{name}` takes no arguments.",
        "de": "`{name}` braucht keine weiteren Angaben.",
    },
    "staff_stats_days": {
        "en": "`stats` takes a number of days, e.g. `stats 7`.",
        "de": "`stats` erwartet eine Anzahl von Tagen, z. B. `stats 7`.",
    },
    "staff_offer_args": {
        "en": "`offer` needs a customer and a module, e.g. `offer 1-1001 Sauna`.",
        "de": "`offer` braucht ein Mitglied und ein Modul, z. B. `offer 1-1001 Sauna`.",
    },
    "staff_campaign_args": {
        "en": "`campaign` needs a module and a time, e.g. `campaign Sauna 2026-12-01 18:00` "
        "(or a date, or `now`), optionally followed by your text.",
        "de": "`campaign` braucht ein Modul und einen Zeitpunkt, z. B. `campaign Sauna "
        "01.12.2026 18:00` (oder nur ein Datum oder `now`), auf Wunsch gefolgt von deinem "
        "Text.",
    },
    "staff_campaign_cancel_args": {
        "en": "`campaign cancel` needs the campaign's number, e.g. `campaign cancel 3`.",
        "de": "`campaign cancel` braucht die Nummer der Kampagne, z. B. `campaign cancel 3`.",
    },
    # --- help -----------------------------------------------------------------------------
    "staff_help_title": {
        "en": "*{command}*: the studio staff desk of the upsell bot",
        "de": "*{command}*: die Team-Befehle des Upsell-Bots",
    },
    "staff_help_customer": {
        "en": "`{command} customer <number or id>`: chat links, contracts, modules with status "
        "and price, pending cancellations",
        "de": "`{command} customer <Nummer oder ID>`: Chat-Verknüpfungen, Verträge, Module mit "
        "Status und Preis, offene Kündigungen",
    },
    "staff_help_link": {
        "en": "`{command} link <number or id>`: a one-time link code and Telegram link for the "
        "member (only you see it; single use, it expires)",
        "de": "`{command} link <Nummer oder ID>`: ein einmaliger Verknüpfungscode mit "
        "Telegram-Link für das Mitglied (nur du siehst ihn; einmal nutzbar, er läuft ab)",
    },
    "staff_help_modules": {
        "en": "`{command} modules`: the catalogue with prices",
        "de": "`{command} modules`: der Modulkatalog mit Preisen",
    },
    "staff_help_stats": {
        "en": "`{command} stats [days]`: purchases (paid, trial, free, one-off), monthly "
        "recurring revenue added, one-off revenue, conversion per module, cancellation "
        "reasons (default {days} days)",
        "de": "`{command} stats [Tage]`: Buchungen (kostenpflichtig, Testphase, kostenlos, "
        "einmalig), "
        "monatlicher Mehrumsatz, Einmalumsatz, Abschlussquote je Modul, Kündigungsgründe "
        "(ohne Angabe {days} Tage)",
    },
    "staff_help_export": {
        "en": "`{command} export [days]`: the same figures as CSV for a spreadsheet",
        "de": "`{command} export [Tage]`: dieselben Zahlen als CSV für eine Tabellenkalkulation",
    },
    "staff_help_offer": {
        "en": "`{command} offer <customer> <module>`: send a linked member a personal offer in "
        "their chat (only with their consent)",
        "de": "`{command} offer <Mitglied> <Modul>`: einem verknüpften Mitglied ein "
        "persönliches Angebot in den Chat schicken (nur mit seiner Einwilligung)",
    },
    "staff_help_campaign": {
        "en": "`{command} campaign <module> <when> [text]`: offer a module to every linked "
        "member who can book it and does not have it, at a time (`2026-12-01 18:00`, a date, "
        "or `now`; studio time, never in quiet hours, only with consent), with your own text "
        'if you like: `campaign Sauna 2026-12-20 18:00 "Winter special: …"`',
        "de": "`{command} campaign <Modul> <wann> [Text]`: ein Modul allen verknüpften "
        "Mitgliedern anbieten, die es buchen können und noch nicht haben, zu einem Zeitpunkt "
        "(`01.12.2026 18:00`, ein Datum oder `now`; Studiozeit, nie in der Ruhezeit, nur mit "
        'Einwilligung), auf Wunsch mit eigenem Text: `campaign Sauna 20.12.2026 18:00 "Winter-'
        'Special: …"`',
    },
    "staff_help_campaigns": {
        "en": "`{command} campaigns`: the campaigns still to go out, and the latest ones",
        "de": "`{command} campaigns`: die geplanten und die letzten Kampagnen",
    },
    "staff_help_campaign_cancel": {
        "en": "`{command} campaign cancel <number>`: cancel a campaign (messages not yet sent "
        "are stopped)",
        "de": "`{command} campaign cancel <Nummer>`: eine Kampagne absagen (noch nicht "
        "gesendete Nachrichten werden gestoppt)",
    },
    "staff_help_help": {
        "en": "`{command} help`: this help",
        "de": "`{command} help`: diese Hilfe",
    },
    "staff_help_studios": {
        "en": "Studios: {studios}. In a studio's staff channel that studio is used; elsewhere "
        'add `--studio "{example}"` or `studio:{short}`. Module names with spaces work as they '
        "are or in quotes.",
        "de": "Studios: {studios}. Im Team-Kanal eines Studios gilt dieses Studio; sonst ergänze "
        '`--studio "{example}"` oder `studio:{short}`. Modulnamen mit Leerzeichen gehen so oder '
        "in Anführungszeichen.",
    },
}


def _merge(*parts: dict[str, dict[str, str]]) -> dict[str, dict[str, str]]:
    merged: dict[str, dict[str, str]] = {}
    for part in parts:
        twice = merged.keys() & part.keys()
        if twice:
            raise RuntimeError(f"staff text keys defined twice: {sorted(twice)}")
        merged.update(part)
    return merged


TEXTS = _merge(_DESK, ANSWERS, FIGURES, FEED)
