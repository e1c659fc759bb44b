"""Entry point: parse arguments, set the offline environment, run one command behind the error boundary."""

from __future__ import annotations

import argparse
import importlib
import os
import sys

COMMANDS = {
    "index": ("askcloud.cli.index_cmd", "Build or update the index of the corpus (incremental)."),
    "ask": ("askcloud.cli.ask_cmd", "Ask one question; stream the answer and list its sources."),
    "chat": ("askcloud.cli.chat_cmd", "A conversation in the terminal (follow-up questions work)."),
    "eval": ("askcloud.cli.eval_cmd", "Run the question set and write JSON and Markdown reports."),
    "serve": ("askcloud.cli.serve_cmd", "Start the web chat (Gradio) on 127.0.0.1."),
    "models": ("askcloud.cli.models_cmd", "Assemble and check the packaged local model."),
    "show": ("askcloud.cli.show_cmd", "Print a document's text as indexed (what citation offsets refer to)."),
}
OFFLINE = {"HF_HUB_OFFLINE": "1", "TRANSFORMERS_OFFLINE": "1", "GRADIO_ANALYTICS_ENABLED": "False",
           "HF_HUB_DISABLE_PROGRESS_BARS": "1", "ANONYMIZED_TELEMETRY": "False", "TOKENIZERS_PARALLELISM": "false"}


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="askcloud", description="Ask questions about a folder of documents; answers cite their exact passages.")
    parser.add_argument("--corpus", metavar="DIR", help="corpus folder (default: ./corpus, or ASKCLOUD_CORPUS_DIR)")
    parser.add_argument("--data-dir", metavar="DIR", help="index and model folder (default: ./.askcloud)")
    parser.add_argument("--backend", choices=["llamacpp", "openai", "ollama", "extractive", "fake"],
                        help="LLM backend (default: llamacpp, or ASKCLOUD_LLM_BACKEND)")
    parser.add_argument("-v", "--verbose", action="store_true", help="show log messages")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)
    for name, (module, help_text) in COMMANDS.items():
        command = sub.add_parser(name, help=help_text, description=help_text)
        importlib.import_module(module).add_arguments(command)
    return parser


def main(argv: list[str] | None = None) -> int:
    for key, value in OFFLINE.items():
        os.environ.setdefault(key, value)
    args = build_parser().parse_args(argv)
    _logging(args.verbose)
    from askcloud.cli.common import run_guarded

    module = importlib.import_module(COMMANDS[args.command][0])
    return run_guarded(lambda: module.run(args))


def _logging(verbose: bool) -> None:
    import logging

    logging.basicConfig(level=logging.INFO if verbose else logging.WARNING, format="askcloud: %(message)s")
    if not verbose:
        for noisy in ("httpx", "chromadb", "sentence_transformers", "gradio"):
            logging.getLogger(noisy).setLevel(logging.ERROR)


if __name__ == "__main__":
    sys.exit(main())
