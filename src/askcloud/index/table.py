"""The index state's tables of chunks and tokens: each entry either held in memory or linked to a stored source
and read on first access, so that carrying an unchanged document to the next state reads none of its entries."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, MutableMapping


class Table(MutableMapping):
    """A dict whose entries are either held here or linked to a stored source and read on first access.

    Carrying an unchanged document to the next state links its entries (`link`) without reading them."""

    def __init__(self, source=None, linked: Iterable[str] = ()) -> None:
        self._held: dict = {}
        self._source = source
        self._linked: dict[str, None] = dict.fromkeys(linked)

    def __getitem__(self, key):
        if key in self._held:
            return self._held[key]
        if key in self._linked:
            return self._source.read(key)
        raise KeyError(key)

    def __setitem__(self, key, value) -> None:
        self._linked.pop(key, None)
        self._held[key] = value

    def __delitem__(self, key) -> None:
        if key in self._held:
            del self._held[key]
        else:
            del self._linked[key]

    def __contains__(self, key) -> bool:
        return key in self._held or key in self._linked

    def __iter__(self) -> Iterator[str]:
        yield from self._linked
        yield from self._held

    def __len__(self) -> int:
        return len(self._held) + len(self._linked)

    def values(self):
        return [v for _, v in self.items()]

    def items(self):
        """Every entry, the linked ones read in one go."""
        read = self._source.read_many(list(self._linked)) if self._linked else {}
        return [(k, read[k]) for k in self._linked] + list(self._held.items())

    def link(self, other, keys: Iterable[str]) -> None:
        """Take these entries of `other` over as they are: still linked if they were."""
        if not isinstance(other, Table):
            self.update((k, other[k]) for k in keys)
            return
        keys = list(keys)
        if other._held:
            for key in keys:
                if key in other._held:
                    self[key] = other._held[key]
            keys = [k for k in keys if k not in other._held]
        if not keys:
            return
        if self._source is not None and self._source is not other._source:
            for key in keys:
                self[key] = other[key]
            return
        self._source = other._source
        self._linked.update(dict.fromkeys(keys))  # in bulk: a run links every unchanged chunk
        if self._held:
            for key in keys:
                self._held.pop(key, None)

    def linked_to(self, source) -> tuple[list[str], dict]:
        """(keys linked to `source`, every other entry read)."""
        if self._source is source:
            return list(self._linked), dict(self._held)
        return [], dict(self.items())


def held_table(entries) -> Table:
    table = Table()
    table._held = dict(entries)
    return table
