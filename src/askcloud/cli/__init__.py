"""The `askcloud` command, split by sub-command; heavy imports happen only inside the commands."""
