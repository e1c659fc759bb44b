"""Prompt files under prompts/, loaded by name and rendered with strict variables."""

from __future__ import annotations

import string
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from askcloud.errors import ConfigError


@dataclass(frozen=True)
class Prompt:
    name: str
    system: str
    user: str

    def variables(self) -> set[str]:
        found: set[str] = set()
        for text in (self.system, self.user):
            for _, named, braced, _ in string.Template.pattern.findall(text):
                found.add(named or braced)
        return found - {""}

    def render(self, **values: str) -> tuple[str, str]:
        """(system, user). Missing or unexpected variables are errors, never empty strings."""
        expected = self.variables()
        if set(values) != expected:
            raise ConfigError(f"prompt {self.name}: expected variables {sorted(expected)}, got {sorted(values)}")
        return string.Template(self.system).substitute(values), string.Template(self.user).substitute(values)


@lru_cache(maxsize=64)
def load_prompt(prompts_dir: Path, name: str) -> Prompt:
    import yaml

    path = prompts_dir / f"{name}.yaml"
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as exc:
        raise ConfigError(f"cannot read prompt {path}: {exc}") from exc
    if not isinstance(data, dict) or set(data) != {"system", "user"}:
        raise ConfigError(f"prompt {path} must have exactly the keys system and user")
    return Prompt(name, data["system"], data["user"])
