"""Build the Salesforce client of one team from its stored connection and the process settings."""
from __future__ import annotations

from kambot.config import SalesforceSettings
from kambot.crm.salesforce.calls import Connection
from kambot.crm.salesforce.client import SalesforceClient
from kambot.crm.salesforce.login import Credentials


def salesforce_client(creds: Credentials, settings: SalesforceSettings) -> SalesforceClient:
    """A client for one org (nothing is asked of Salesforce until the first call)."""
    conn = Connection(creds, api_version=settings.api_version, ca_bundle=settings.ca_bundle,
                      timeout=settings.timeout_seconds)
    return SalesforceClient(conn, tier_field=settings.tier_field, renewal_source=settings.renewal_source,
                            external_id_field=settings.external_id_field)
