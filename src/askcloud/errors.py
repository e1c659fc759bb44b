"""Exceptions meant for users. They become one-line messages only at the CLI and web boundaries."""


class AskcloudError(Exception):
    """Base class: the message is written for the user."""


class ConfigError(AskcloudError):
    """A setting or a configuration file is invalid."""


class CorpusError(AskcloudError):
    """The corpus folder is missing, empty, or holds nothing readable."""


class IndexNotBuilt(AskcloudError):
    """The index is missing or belongs to another configuration: run `askcloud index`."""


class BackendUnavailable(AskcloudError):
    """A model, a Chroma server or an LLM endpoint cannot be reached or loaded."""


class StoreCorrupted(BackendUnavailable):
    """The embedded Chroma folder cannot be opened: `askcloud index --rebuild` sets it aside and builds a new one."""


class BadQuestion(AskcloudError):
    """The question (or its history) cannot be answered as given."""
