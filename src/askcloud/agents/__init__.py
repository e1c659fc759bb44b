"""The agent graph: contextualize, route, topic specialists, grade, rewrite, write, fact-check, abstain."""
