"""The staff desk, platform-neutral: the Slack adapter (or the CLI) calls ``StaffDesk``.

Look-ups, link codes, the catalogue, personal offers, the upsell figures and notices for the
staff feed. What staff read is plain data here; adapters word it from the catalogue
(``conversations.texts``) in the studio's language.
"""

from conversations.flows.offer import OfferOutcome, OfferResult
from conversations.staff._campaigns import CampaignList, CampaignPlanner, CampaignResult
from conversations.staff._desk import MAX_STATS_DAYS, NoticeSink, StaffDesk
from conversations.staff._errors import (
    CampaignNotFound,
    CampaignRefused,
    CustomerNotFound,
    ModuleNotFound,
    StaffError,
    UnknownStudio,
)
from conversations.staff._export import figures_csv
from conversations.staff._figures import ModuleFigures, StudioStats, WeekFigures, kind_of
from conversations.staff._modules import loose
from conversations.staff._summary import summary_lines
from conversations.staff._views import (
    NEEDS_DECISION,
    Catalogue,
    ContractView,
    CustomerOverview,
    LinkCodeIssued,
    ModuleContractView,
    StaffNotice,
    full_name,
)

__all__ = [
    "MAX_STATS_DAYS",
    "NEEDS_DECISION",
    "CampaignList",
    "CampaignNotFound",
    "CampaignPlanner",
    "CampaignRefused",
    "CampaignResult",
    "Catalogue",
    "ContractView",
    "CustomerNotFound",
    "CustomerOverview",
    "LinkCodeIssued",
    "ModuleContractView",
    "ModuleFigures",
    "ModuleNotFound",
    "NoticeSink",
    "OfferOutcome",
    "OfferResult",
    "StaffDesk",
    "StaffError",
    "StaffNotice",
    "StudioStats",
    "UnknownStudio",
    "WeekFigures",
    "figures_csv",
    "full_name",
    "kind_of",
    "loose",
    "summary_lines",
]
