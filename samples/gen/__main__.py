"""python -m samples.gen [ROOT]: regenerate every scenario under ROOT (default: samples/)."""

from __future__ import annotations

import sys
from pathlib import Path

from samples.gen.engine import generate_all, write


def main(argv: list[str]) -> None:
    root = Path(argv[0]) if argv else Path(__file__).resolve().parents[1]
    files = generate_all()
    write(root, files)
    print(f"wrote {len(files)} files under {root}")


if __name__ == "__main__":
    main(sys.argv[1:])
