"""A team's CRM client, from its stored connection and the process's Salesforce settings."""
from __future__ import annotations

from kambot.config import SalesforceSettings
from kambot.crm.salesforce.client import SalesforceClient
from kambot.crm.salesforce.connect import salesforce_client
from kambot.crm.salesforce.login import Credentials
from kambot.storage.crm_models import CrmConnection


def credentials_from(settings: SalesforceSettings) -> Credentials:
    """The login the settings describe (for `salesforce connect`)."""
    return Credentials(login_url=settings.login_url, client_id=settings.client_id or "",
                       client_secret=settings.client_secret, username=settings.username,
                       private_key_file=settings.private_key_file)


def client_for(connection: CrmConnection, settings: SalesforceSettings) -> SalesforceClient:
    """The client of one team's org (each workspace connects its own)."""
    creds = Credentials(login_url=connection.login_url, client_id=connection.client_id or "",
                        client_secret=connection.client_secret, username=connection.username,
                        private_key_file=connection.private_key_file)
    return salesforce_client(creds, settings)
