"""``loganalyzer patterns list``: what each pack pairs, reads and recognises, as plain text."""

from __future__ import annotations

from collections.abc import Iterable

from loganalyzer.extract.packs import Pack


def describe_packs(packs: Iterable[Pack]) -> list[str]:
    """Lines describing each pack: its noun, events, signatures and spec mappings.

    Deterministic: built-in packs are named ``built-in``, never by where they were installed.

    >>> from loganalyzer.extract.packs import load_packs
    >>> print("\\n".join(describe_packs(load_packs(only=["infrastructure"]))[:5]))
    infrastructure (built-in)
      pairs: file
      about: Kind cluster, image build and image load failures seen in E2E suite setup
      events: none
      signatures: 5
    """
    lines: list[str] = []
    for pack in packs:
        if lines:
            lines.append("")
        lines.append(f"{pack.name} ({'built-in' if pack.builtin else pack.path})")
        known = " (identity: path)" if pack.identity == "path" else ""
        lines.append(f"  pairs: {pack.artifact}{known}")
        if pack.description:
            lines.append(f"  about: {pack.description}")
        lines.append(f"  events: {len(pack.events) or 'none'}")
        width = max((len(e.id) for e in pack.events), default=0)
        kinds = max((len(e.kind) for e in pack.events), default=0)
        roles = max((len(e.role) for e in pack.events), default=0)
        lines += [
            f"    {e.id:<{width}}  {e.kind:<{kinds}}  role={e.role:<{roles}}  "
            f"contains {e.contains!r}"
            for e in pack.events
        ]
        lines.append(f"  signatures: {len(pack.signatures) or 'none'}")
        width = max((len(s.id) for s in pack.signatures), default=0)
        lines += [
            f"    {s.id:<{width}}  contains {s.contains!r}"
            + (f"  ({s.description})" if s.description else "")
            for s in pack.signatures
        ]
        lines.append(f"  spec mappings: {len(pack.specs) or 'none'}")
    return lines
