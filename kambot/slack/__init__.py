"""The Slack door: the Bolt app factory, its listeners, Block Kit rendering and the runners."""
