#!/usr/bin/env python3
"""Writes the seed corpora of the MQTT fuzz targets.

A handful of valid packets of every type, MQTT 3.1.1 and 5.0, encoded by
hand here (so the seeds do not depend on the codec under test):

- mqtt_decode: one packet per seed;
- mqtt_stream: a control byte (bit 0: version, bits 1-2: buffer size,
  the rest: split seed) and then several packets of that version;
- mqtt_roundtrip: takes structured input (an `Arbitrary` packet
  description), so its seeds are the same packet bytes read as
  `Unstructured` data: they only give the fuzzer a start.

Run from anywhere: python3 fuzz/gen_mqtt_corpus.py
"""

import pathlib

FUZZ = pathlib.Path(__file__).resolve().parent


def vbi(n: int) -> bytes:
    out = bytearray()
    while True:
        byte, n = n & 0x7F, n >> 7
        out.append(byte | (0x80 if n else 0))
        if not n:
            return bytes(out)


def s(text: str) -> bytes:
    raw = text.encode()
    return len(raw).to_bytes(2, "big") + raw


def b(raw: bytes) -> bytes:
    return len(raw).to_bytes(2, "big") + raw


def props(*items: bytes) -> bytes:
    body = b"".join(items)
    return vbi(len(body)) + body


def pkt(first: int, body: bytes) -> bytes:
    return bytes([first]) + vbi(len(body)) + body


U16 = lambda n: n.to_bytes(2, "big")  # noqa: E731
U32 = lambda n: n.to_bytes(4, "big")  # noqa: E731
MQTT = s("MQTT")

V3 = [
    pkt(0x10, MQTT + bytes([4, 0x02]) + U16(60) + s("c")),
    pkt(0x10, MQTT + bytes([4, 0xEE]) + U16(0) + s("dev-1") + s("a/will") + b(b"bye")
        + s("user") + b(b"pw")),
    pkt(0x20, bytes([0x01, 0x00])),
    pkt(0x20, bytes([0x00, 0x05])),
    pkt(0x30, s("a/b") + b"hi"),
    pkt(0x32, s("sensors/temp") + U16(7) + b"21.5"),
    pkt(0x3D, s("x") + U16(65535) + b""),
    pkt(0x40, U16(1)),
    pkt(0x50, U16(2)),
    pkt(0x62, U16(3)),
    pkt(0x70, U16(4)),
    pkt(0x82, U16(10) + s("a/+") + b"\x01" + s("b/#") + b"\x02"),
    pkt(0x90, U16(10) + bytes([0x01, 0x02, 0x80])),
    pkt(0xA2, U16(11) + s("a/+") + s("#")),
    pkt(0xB0, U16(11)),
    pkt(0xC0, b""),
    pkt(0xD0, b""),
    pkt(0xE0, b""),
]

V5 = [
    pkt(0x10, MQTT + bytes([5, 0x02]) + U16(60) + props() + s("c")),
    pkt(0x10, MQTT + bytes([5, 0xF6]) + U16(30)
        + props(b"\x11" + U32(3600), b"\x21" + U16(20), b"\x27" + U32(65536),
                b"\x22" + U16(10), b"\x19\x01", b"\x17\x00", b"\x26" + s("k") + s("v"),
                b"\x15" + s("PLAIN"), b"\x16" + b(b"x"))
        + s("device-1")
        + props(b"\x18" + U32(5), b"\x01\x01", b"\x03" + s("text/plain"),
                b"\x08" + s("reply/1"), b"\x09" + b(b"id"))
        + s("dev/1/status") + b(b"offline") + s("user") + b(b"secret")),
    pkt(0x20, bytes([0x00, 0x00]) + props()),
    pkt(0x20, bytes([0x01, 0x00])
        + props(b"\x11" + U32(10), b"\x21" + U16(100), b"\x24\x01", b"\x25\x01",
                b"\x27" + U32(1 << 20), b"\x12" + s("auto-1"), b"\x22" + U16(16),
                b"\x1f" + s("ok"), b"\x28\x01", b"\x29\x01", b"\x2a\x00", b"\x13" + U16(30),
                b"\x1a" + s("resp/"), b"\x1c" + s("other:1883"))),
    pkt(0x20, bytes([0x00, 0x87]) + props(b"\x1f" + s("no"))),
    pkt(0x30, s("a/b") + props() + b"hi"),
    pkt(0x3B, s("t") + U16(9)
        + props(b"\x01\x01", b"\x02" + U32(60), b"\x23" + U16(3), b"\x26" + s("k") + s("v"),
                b"\x26" + s("k") + s("w"), b"\x0b\x05", b"\x0b" + vbi(268435455))
        + b"payload"),
    pkt(0x30, s("") + props(b"\x23" + U16(3)) + b"aliased"),
    pkt(0x40, U16(7)),
    pkt(0x50, U16(7) + b"\x10"),
    pkt(0x62, U16(7) + b"\x92" + props(b"\x1f" + s("gone"))),
    pkt(0x70, U16(7) + b"\x00" + props(b"\x26" + s("a") + s("b"))),
    pkt(0x82, U16(1) + props(b"\x0b\x07") + s("$share/g/a/+") + b"\x19"
        + s("b/#") + b"\x2e"),
    pkt(0x90, U16(1) + props(b"\x1f" + s("r")) + bytes([0x00, 0x01, 0x02, 0x80, 0xA2])),
    pkt(0xA2, U16(2) + props(b"\x26" + s("k") + s("v")) + s("a/+") + s("$share/g/#")),
    pkt(0xB0, U16(2) + props() + bytes([0x00, 0x11])),
    pkt(0xC0, b""),
    pkt(0xD0, b""),
    pkt(0xE0, b""),
    pkt(0xE0, b"\x8e"),
    pkt(0xE0, b"\x04" + props(b"\x11" + U32(0), b"\x1f" + s("bye"), b"\x1c" + s("s2"))),
    pkt(0xF0, b""),
    pkt(0xF0, b"\x18" + props(b"\x15" + s("SCRAM-SHA-1"), b"\x16" + b(b"n,,n=u"))),
]


def write(target: str, seeds: list) -> None:
    assert len(seeds) <= 40, f"{target}: {len(seeds)} seeds"
    out = FUZZ / "corpus" / target
    out.mkdir(parents=True, exist_ok=True)
    for old in out.glob("seed-*"):
        old.unlink()
    for i, data in enumerate(seeds):
        (out / f"seed-{i:03}").write_bytes(data)


def main() -> None:
    # V3 and V5 share PINGREQ, PINGRESP and a bare DISCONNECT byte for byte.
    packets = list(dict.fromkeys(V3 + V5))
    write("mqtt_decode", packets)
    write("mqtt_roundtrip", packets)
    streams = []
    for i in range(16):
        for v5, table in ((0, V3), (1, V5)):
            # Bits 3-7: split seed; bits 1-2: buffer size (300 or 4096 bytes).
            control = (i << 3) | ((2 + i % 2) << 1) | v5
            start = (i * 5) % len(table)
            streams.append(bytes([control]) + b"".join(table[start:] + table[:start]))
    write("mqtt_stream", streams)
    print(f"wrote {len(packets)} seeds for mqtt_decode and mqtt_roundtrip, {len(streams)} for mqtt_stream")


if __name__ == "__main__":
    main()
