"""The reminder rules and the outbox key of each occurrence.

A key names the rule, the member (studio + customer) and the occurrence, so that planning the
same thing again, from another process or after a restart, never queues a second row:

  cancelation:<studio>:<customer>:<module contract>:<cancelation date>
  trial:<studio>:<customer>:<module contract>:<trial end>
  viewed:<studio>:<customer>:<module>                    (one follow-up per module, ever)
  campaign:<campaign id>:<studio>:<customer>
  change:<platform>:<chat>:<module contract>:<change>:<date>@<previous look>
                                     (news, per linked chat and per transition seen)
"""

from __future__ import annotations

from datetime import date
from enum import StrEnum

from conversations.consent import Purpose, purpose_of


class Rule(StrEnum):
    """What an outbox row is for."""

    CANCELATION = "cancelation"
    TRIAL = "trial"
    VIEWED = "viewed"
    CAMPAIGN = "campaign"
    CONTRACT_CHANGE = "contract_change"

    @property
    def purpose(self) -> Purpose:
        """Marketing (viewed follow-ups, campaigns: only with the member's yes) or service
        (cancelation and trial notices, contract news: to every reachable linked member);
        ``conversations.consent`` decides who may get which."""
        return purpose_of(self.value)


def cancelation_key(studio: str, customer_id: int, module_contract_id: int, on: date) -> str:
    return f"cancelation:{studio}:{customer_id}:{module_contract_id}:{on.isoformat()}"


def trial_key(studio: str, customer_id: int, module_contract_id: int, ends: date) -> str:
    return f"trial:{studio}:{customer_id}:{module_contract_id}:{ends.isoformat()}"


def viewed_key(studio: str, customer_id: int, module_id: int) -> str:
    return f"viewed:{studio}:{customer_id}:{module_id}"


def campaign_key(campaign_id: int, studio: str, customer_id: int) -> str:
    return f"campaign:{campaign_id}:{studio}:{customer_id}"


def change_key(
    platform: str, chat_id: str, module_contract_id: int, change: str, state: str
) -> str:
    return f"change:{platform}:{chat_id}:{module_contract_id}:{change}:{state}"
