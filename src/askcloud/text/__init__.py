"""Language packs: what French and English need (stop words, question words, refusals, messages) as data plus a
few small functions. No corpus knowledge: the pipeline code is the same for every language."""

from askcloud.text.packs import LANGUAGES, LanguagePack, detect_language, pack

__all__ = ["LANGUAGES", "LanguagePack", "detect_language", "pack"]
