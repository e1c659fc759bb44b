"""Style and script of the page, kept as Python strings so they ship inside any wheel without package-data."""

CSS = """
/* The answer, its linked markers and its numbered sources. Colours come from the theme's variables so dark
   mode stays readable. */
.askcloud-marker { text-decoration: none; font-weight: 600; cursor: pointer; }
.askcloud-standalone, .askcloud-notice { font-size: 0.9em; opacity: 0.85; }
.askcloud-abstained { font-style: italic; }
.askcloud-error { color: var(--error-text-color, #b91c1c); }
.askcloud-sources { margin-top: 0.6em; padding-top: 0.3em; border-top: 1px solid var(--border-color-primary);
  font-size: 0.92em; }
.askcloud-source { padding: 0.2em 0.5em; border-radius: 6px; scroll-margin: 2em;
  transition: background-color 0.6s ease; }
.askcloud-source p { margin: 0.2em 0; }
.askcloud-source blockquote { margin: 0.2em 0 0.5em; padding-left: 0.7em;
  border-left: 3px solid var(--color-accent, #6366f1); }
.askcloud-source mark { background: #fde68a; color: #1f2937; padding: 0 0.1em; border-radius: 2px; }
.askcloud-source:target, .askcloud-source.askcloud-flash { background: var(--color-accent-soft, #e0e7ff); }
#askcloud-status { font-size: 0.9em; opacity: 0.8; }
"""

HEAD = """
<script>
// A click on an answer's [n] scrolls to source n inside the chat and flashes it. Handled here (capture phase)
// rather than by the browser so the page URL never changes and the chat's own link handling never opens a tab.
document.addEventListener("click", function (event) {
  var link = event.target && event.target.closest ? event.target.closest("a.askcloud-marker") : null;
  if (!link) return;
  var target = document.getElementById((link.getAttribute("href") || "").slice(1));
  if (!target) return;
  event.preventDefault();
  event.stopPropagation();
  target.scrollIntoView({ behavior: "smooth", block: "center" });
  target.classList.remove("askcloud-flash");
  void target.offsetWidth;  // restart the flash when the same marker is clicked twice
  target.classList.add("askcloud-flash");
  setTimeout(function () { target.classList.remove("askcloud-flash"); }, 2000);
}, true);
</script>
"""
