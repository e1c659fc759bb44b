"""Run the askcloud web chat: `python app.py` (settings from ASKCLOUD_* variables or askcloud.toml).

The same as `askcloud serve`; all the code lives in askcloud.web.
"""

if __name__ == "__main__":
    import os
    import sys

    from askcloud.cli.main import OFFLINE

    for key, value in OFFLINE.items():  # before Gradio or any model library is imported
        os.environ.setdefault(key, value)

    from askcloud.cli.common import run_guarded
    from askcloud.settings import load_settings
    from askcloud.web.app import launch

    sys.exit(run_guarded(lambda: launch(load_settings())))
