"""The evaluation suite (evals/suite.yaml): the question sets `askcloud eval` runs, each on its own corpus.

A set names its questions file, its corpus folder, its role (`dev`: read freely while developing; `frozen`: scored
at most once per session and read only as aggregates) and its thresholds (a file or the same object inline).
Paths are relative to the working directory, like every other path askcloud takes.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

from askcloud.errors import ConfigError

ROLES = ("dev", "frozen")
MODES = ("retrieval", "full")
DEFAULT_SUITE = "evals/suite.yaml"
_KEYS = {"name", "questions", "corpus", "role", "thresholds", "baseline", "modes"}
_REQUIRED = {"name", "questions", "corpus", "role", "thresholds"}


@dataclass(frozen=True)
class EvalSet:
    name: str
    questions: Path
    corpus: Path
    role: str
    thresholds: Path | Mapping = field(default_factory=dict)  # a thresholds file, or its content inline
    baseline: Path | None = None
    modes: tuple[str, ...] = MODES  # which runs score it: `eval --retrieval-only`, the full `eval`, or both

    @property
    def frozen(self) -> bool:
        return self.role == "frozen"

    def missing(self) -> str | None:
        """Why this set cannot run now (a file or folder absent), or None."""
        if not self.questions.is_file():
            return f"its question file {self.questions} does not exist"
        if not self.corpus.is_dir():
            return f"its corpus folder {self.corpus} does not exist"
        return None

    def load_thresholds(self) -> dict:
        from askcloud.evaluation.report import check_threshold_config, load_thresholds

        if isinstance(self.thresholds, Path):
            return load_thresholds(self.thresholds)
        return check_threshold_config(dict(self.thresholds), f"inline thresholds of set {self.name}")


def load_suite(path: str | Path = DEFAULT_SUITE) -> list[EvalSet]:
    """Every set of the suite file, validated; a problem raises ConfigError naming the set and the key."""
    import yaml

    path = Path(path)
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise ConfigError(f"cannot read the evaluation suite {path}: {exc.strerror or exc}") from None
    except yaml.YAMLError as exc:
        raise ConfigError(f"{path} is not valid YAML: {str(exc).splitlines()[0] if str(exc) else exc}") from None
    if not isinstance(data, dict) or not isinstance(data.get("sets"), list) or not data["sets"]:
        raise ConfigError(f"{path}: expected a mapping with a non-empty list `sets`")
    sets = [_parse_set(entry, i, path) for i, entry in enumerate(data["sets"])]
    names = [s.name for s in sets]
    doubles = sorted({n for n in names if names.count(n) > 1})
    if doubles:
        raise ConfigError(f"{path}: set name(s) used twice: {', '.join(doubles)}")
    return sets


def _parse_set(entry: object, index: int, path: Path) -> EvalSet:
    if not isinstance(entry, dict):
        raise ConfigError(f"{path}: sets[{index}] must be a mapping")
    label = entry.get("name") if isinstance(entry.get("name"), str) else f"sets[{index}]"
    missing, unknown = _REQUIRED - set(entry), set(map(str, entry)) - _KEYS
    if missing or unknown:
        parts = ([f"missing {', '.join(sorted(missing))}"] if missing else []) + \
                ([f"unknown {', '.join(sorted(unknown))}"] if unknown else [])
        raise ConfigError(f"{path}: set {label}: {'; '.join(parts)}")
    for key in ("name", "questions", "corpus"):
        if not isinstance(entry[key], str) or not entry[key].strip():
            raise ConfigError(f"{path}: set {label}: {key} must be a non-empty string")
    if entry["role"] not in ROLES:
        raise ConfigError(f"{path}: set {label}: role must be one of {', '.join(ROLES)}, not {entry['role']!r}")
    thresholds = entry["thresholds"]
    if isinstance(thresholds, str):
        thresholds = Path(thresholds)
    elif not isinstance(thresholds, dict):
        raise ConfigError(f"{path}: set {label}: thresholds must be a file name or a mapping")
    baseline = entry.get("baseline")
    if baseline is not None and not isinstance(baseline, str):
        raise ConfigError(f"{path}: set {label}: baseline must be a file name")
    modes = entry.get("modes", list(MODES))
    if not isinstance(modes, list) or not modes or any(m not in MODES for m in modes):
        raise ConfigError(f"{path}: set {label}: modes must be a non-empty list of {', '.join(MODES)}")
    return EvalSet(name=entry["name"], questions=Path(entry["questions"]), corpus=Path(entry["corpus"]),
                   role=entry["role"], thresholds=thresholds, baseline=Path(baseline) if baseline else None,
                   modes=tuple(dict.fromkeys(modes)))


def select_sets(sets: list[EvalSet], names: Iterable[str] | None = None, role: str | None = None,
                mode: str | None = None) -> list[EvalSet]:
    """The sets named (in the suite's order; an unknown name raises ConfigError), then only those of `role` and
    (without names) only those scored in `mode`: a set named explicitly runs in any mode asked for."""
    names = list(names or [])
    known = {s.name for s in sets}
    unknown = [n for n in names if n not in known]
    if unknown:
        raise ConfigError(f"unknown set(s) {', '.join(unknown)}; the suite has {', '.join(s.name for s in sets)}")
    chosen = [s for s in sets if (s.name in names if names else mode is None or mode in s.modes)
              and (role is None or s.role == role)]
    if not chosen:
        raise ConfigError("no set of the suite matches the --set/--role given")
    return chosen


def set_settings(settings, eval_set: EvalSet):
    """The settings for one set: unchanged when the set's corpus is the configured one; otherwise a copy whose
    corpus_dir is the set's folder and whose data_dir (index, embedding cache, collection) is
    <data_dir>/sets/<folder name>, the local model still read from the configured data_dir."""
    if _same_dir(eval_set.corpus, settings.corpus_dir):
        return settings
    from askcloud.llm.model_file import default_model_path

    model = settings.llm_model_path
    if model is None and default_model_path(settings.data_dir).exists():
        model = default_model_path(settings.data_dir)
    name = corpus_name(eval_set.corpus)
    return settings.model_copy(update={
        "corpus_dir": eval_set.corpus, "data_dir": settings.data_dir / "sets" / name, "llm_model_path": model,
        "collection_prefix": f"{settings.collection_prefix}-{name}",
    })


def corpus_name(folder: Path) -> str:
    """A folder name usable in a path and a Chroma collection name."""
    name = folder.resolve().name or "corpus"
    return "".join(c if c.isalnum() or c in "-_" else "-" for c in name)


def _same_dir(a: Path, b: Path) -> bool:
    try:
        return Path(a).resolve() == Path(b).resolve()
    except OSError:
        return False
