#!/usr/bin/env python3
"""Writes the seed corpora of the CBOR fuzz targets from RFC 8949 Appendix A.

The 81 examples live in cbor/tests/data/appendix_a.rs as (diagnostic, hex)
pairs. The byte targets get each example's encoded bytes; cbor_diag_parse
gets each example's diagnostic notation. cbor_roundtrip takes structured
input (an `Arbitrary` value), so its seeds are the same bytes read as
`Unstructured` data: they only give the fuzzer a start.

Run from anywhere: python3 fuzz/gen_corpus.py
"""

import ast
import pathlib
import re

FUZZ = pathlib.Path(__file__).resolve().parent
TABLE = FUZZ.parent / "cbor" / "tests" / "data" / "appendix_a.rs"

BYTE_TARGETS = ["cbor_decode", "cbor_diagnostic", "cbor_deterministic", "cbor_roundtrip"]
TEXT_TARGETS = ["cbor_diag_parse"]

# ("diagnostic", "hex"): both Rust string literals, which for this table use
# only the escapes \" and \\ that Python literals read the same way.
PAIR = re.compile(r'\(\s*("(?:[^"\\]|\\.)*")\s*,\s*"([0-9a-f]*)"\s*,?\s*\)', re.S)


def main() -> None:
    pairs = [(ast.literal_eval(d), bytes.fromhex(h)) for d, h in PAIR.findall(TABLE.read_text())]
    assert len(pairs) == 81, f"expected 81 Appendix A examples, found {len(pairs)}"
    for target in BYTE_TARGETS + TEXT_TARGETS:
        out = FUZZ / "corpus" / target
        out.mkdir(parents=True, exist_ok=True)
        for old in out.glob("seed-*"):
            old.unlink()
        for i, (diag, encoded) in enumerate(pairs):
            data = diag.encode() if target in TEXT_TARGETS else encoded
            (out / f"seed-{i:03}").write_bytes(data)
    print(f"wrote {len(pairs)} seeds for each of {len(BYTE_TARGETS + TEXT_TARGETS)} targets")


if __name__ == "__main__":
    main()
