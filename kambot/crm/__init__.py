"""The CRM adapter: a small port kambot's jobs call, and one implementation per CRM (Salesforce today)."""
