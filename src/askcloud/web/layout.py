"""The web chat's components, by name, and their labels in the page's language (the selector relabels them all)."""

from __future__ import annotations

import gradio as gr

from askcloud.corpus.loaders import SUPPORTED
from askcloud.web.i18n import DEFAULT, LANGUAGES, lang_of, t, topic_choices

UPLOAD_TYPES = SUPPORTED  # the browser offers what the loaders read; upload.check refuses anything else


def layout(topics: list, examples: list[str]) -> dict:
    """Every component, by name; labels start in French and follow the language selector."""
    ui: dict = {"messages": gr.State([]), "history": gr.State([])}
    with gr.Row(equal_height=True):
        ui["title"] = gr.Markdown(t(DEFAULT, "title"), elem_id="askcloud-title")
        ui["lang"] = gr.Radio(LANGUAGES, value=DEFAULT, label=t(DEFAULT, "language"), scale=0, min_width=220)
    ui["status"] = gr.Markdown(elem_id="askcloud-status")
    with gr.Row():
        with gr.Column(scale=3):
            ui["chatbot"] = gr.Chatbot(label=t(DEFAULT, "chat"), height=560, elem_id="askcloud-chat",
                                       feedback_options=None, latex_delimiters=[], buttons=["copy"])
            with gr.Row():
                ui["box"] = gr.Textbox(placeholder=t(DEFAULT, "placeholder"), label=t(DEFAULT, "question"),
                                       scale=5, autofocus=True, max_length=2000, elem_id="askcloud-question")
                ui["send"] = gr.Button(t(DEFAULT, "send"), variant="primary", scale=1, elem_id="askcloud-send")
            with gr.Row():
                ui["clear"] = gr.Button(t(DEFAULT, "clear"), variant="secondary", size="sm", elem_id="askcloud-clear")
                ui["export_md"] = gr.DownloadButton(t(DEFAULT, "export_md"), size="sm", interactive=False,
                                                    elem_id="askcloud-export-md")
                ui["export_json"] = gr.DownloadButton(t(DEFAULT, "export_json"), size="sm", interactive=False,
                                                      elem_id="askcloud-export-json")
            ui["examples"] = gr.Examples([[q] for q in examples], inputs=[ui["box"]], label=t(DEFAULT, "examples"))
        with gr.Column(scale=1, min_width=260):
            ui["topics"] = gr.CheckboxGroup(topic_choices(DEFAULT, topics), label=t(DEFAULT, "topics"),
                                            visible=len(topics) > 1)
            ui["upload_note"] = gr.Markdown(t(DEFAULT, "upload"), elem_id="askcloud-upload-note")
            # An upload button rather than gr.File: its only text is ours, in the page's language (gr.File's drop
            # zone shows Gradio's own "Drop File Here", translated by the browser's locale, not by this page).
            ui["files"] = gr.UploadButton(t(DEFAULT, "upload_button"), file_count="multiple", type="filepath",
                                          size="sm", file_types=list(UPLOAD_TYPES), elem_id="askcloud-upload")
            ui["shared"] = gr.Checkbox(False, label=t(DEFAULT, "shared"), visible=False, elem_id="askcloud-shared")
            ui["mine"] = gr.CheckboxGroup([], label=t(DEFAULT, "mine"), info=t(DEFAULT, "mine_empty"),
                                          elem_id="askcloud-mine")
            ui["remove"] = gr.Button(t(DEFAULT, "remove"), size="sm", elem_id="askcloud-remove")
            ui["upload_status"] = gr.Textbox(label=t(DEFAULT, "upload_status"), show_label=False, interactive=False,
                                              lines=2, max_lines=8, elem_id="askcloud-upload-status")
    with gr.Accordion(t(DEFAULT, "details"), open=False, elem_id="askcloud-details") as ui["accordion"]:
        ui["details"] = gr.Markdown(t(DEFAULT, "details_empty"), label="details", show_label=False)
    return ui


def relabelled(ui: dict) -> list:
    """The components the language selector relabels, in the order `labels` gives their labels."""
    return [ui[k] for k in ("title", "lang", "chatbot", "box", "send", "clear", "export_md", "export_json", "topics",
                            "upload_note", "files", "shared", "remove", "upload_status", "accordion")] + [ui["examples"].dataset]


def labels(lang: str, topics: list) -> list:
    """The components of `relabelled`, labelled in `lang`."""
    lang = lang_of(lang)
    return [gr.Markdown(t(lang, "title")), gr.Radio(label=t(lang, "language")), gr.Chatbot(label=t(lang, "chat")),
            gr.Textbox(label=t(lang, "question"), placeholder=t(lang, "placeholder")),
            gr.Button(t(lang, "send")), gr.Button(t(lang, "clear")),
            gr.DownloadButton(t(lang, "export_md")), gr.DownloadButton(t(lang, "export_json")),
            gr.CheckboxGroup(choices=topic_choices(lang, topics), label=t(lang, "topics")),
            gr.Markdown(t(lang, "upload")), gr.UploadButton(t(lang, "upload_button")),
            gr.Checkbox(label=t(lang, "shared")), gr.Button(t(lang, "remove")),
            gr.Textbox(label=t(lang, "upload_status")), gr.Accordion(label=t(lang, "details")), gr.Dataset(label=t(lang, "examples"))]
