"""The Gradio web chat. `askcloud.web.app.build_app` builds it; `askcloud serve` and app.py launch it."""
