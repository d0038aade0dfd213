#!/usr/bin/python3
"""Writes the bad-input corpus beside this script: cases.json plus one file per record value and per image.

Run from anywhere:  /usr/bin/python3 src/test/resources/badinput/generate.py
Needs Debian's python3-pil. Seeded: the same run writes the same bytes (except the eventTime, fixed too).
BadInputCorpusTest drives every case through Kafka (and the image cases through POST /api/search).

Each case: name, what it is (doc), the record's key (hex, so that invalid UTF-8 and control characters survive;
null for no key), the value file (null for a tombstone), and what must happen: "searchable" (with label), "deleted"
(a tombstone: nothing searchable, nothing dead-lettered), "refused" (the broker refuses the record at produce time:
a compacted topic takes no record without a key) or "dead-letter" with a reason code. Image cases also name
the image file and the answer POST /api/search must give. The Avro bodies are written by hand here (no Avro library),
with the schema fingerprint computed from the specification's Parsing Canonical Form: this is also a check that a
producer outside Java can match the service's fingerprints.
"""
import io
import json
import os
import random
import struct
import zlib

from PIL import Image, ImageDraw

HERE = os.path.dirname(os.path.abspath(__file__))
SCHEMAS = os.path.join(HERE, "..", "..", "..", "..", "schemas")
SEED = 12
EVENT_TIME = 1_764_547_200_000  # 2025-12-01T00:00:00Z, fixed so that the corpus is reproducible
# The limits the corpus test runs with (as the Quarkus test profile): 64 KiB per image, 16,777,216 pixels.
MAX_IMAGE_BYTES = 65536
MAX_IMAGE_PIXELS = 16_777_216
MAX_LABEL_CHARS = 1000


# --- Avro: Parsing Canonical Form, CRC-64-AVRO, single-object encoding ------------------------------------------
def canonical(schema, namespace=None, seen=None):
    """The specification's Parsing Canonical Form (python3-avro 1.11's canonical_form keeps {"type":"long"} for a
    logical type, so its fingerprint differs from Java's; this one follows the specification)."""
    seen = set() if seen is None else seen
    if isinstance(schema, str):
        if schema in ("null", "boolean", "int", "long", "float", "double", "bytes", "string"):
            return json.dumps(schema)
        full = schema if "." in schema or namespace is None else namespace + "." + schema
        return json.dumps(full)
    if isinstance(schema, list):
        return "[" + ",".join(canonical(s, namespace, seen) for s in schema) + "]"
    kind = schema["type"]
    if kind in ("record", "enum", "fixed"):
        name = schema["name"]
        ns = schema.get("namespace", namespace)
        full = name if "." in name or ns is None else ns + "." + name
        if full in seen:
            return json.dumps(full)
        seen.add(full)
        inner_ns = full.rsplit(".", 1)[0] if "." in full else None
        parts = ['"name":' + json.dumps(full), '"type":' + json.dumps(kind)]
        if kind == "record":
            fields = ",".join('{"name":' + json.dumps(f["name"]) + ',"type":' + canonical(f["type"], inner_ns, seen)
                              + "}" for f in schema["fields"])
            parts.append('"fields":[' + fields + "]")
        elif kind == "enum":
            parts.append('"symbols":' + json.dumps(schema["symbols"], separators=(",", ":")))
        else:
            parts.append('"size":' + str(schema["size"]))
        return "{" + ",".join(parts) + "}"
    if kind == "array":
        return '{"type":"array","items":' + canonical(schema["items"], namespace, seen) + "}"
    if kind == "map":
        return '{"type":"map","values":' + canonical(schema["values"], namespace, seen) + "}"
    return canonical(kind, namespace, seen)  # {"type": "long", "logicalType": ...} is just "long"


def _crc64_table():
    empty = 0xC15D213AA4D7A795
    table = []
    for i in range(256):
        fp = i
        for _ in range(8):
            fp = (fp >> 1) ^ (empty & -(fp & 1))
        table.append(fp)
    return empty, table


def fingerprint(schema):
    empty, table = _crc64_table()
    fp = empty
    for b in canonical(schema).encode("utf-8"):
        fp = (fp >> 8) ^ table[(fp ^ b) & 0xFF]
    return fp


def header(schema):
    """C3 01, then the 8-byte fingerprint little-endian: Avro's single-object encoding."""
    return b"\xc3\x01" + struct.pack("<Q", fingerprint(schema))


def zigzag(n):
    n = (n << 1) ^ (n >> 63)
    out = bytearray()
    while n & ~0x7F:
        out.append((n & 0x7F) | 0x80)
        n >>= 7
    out.append(n)
    return bytes(out)


def avro_bytes(b):
    return zigzag(len(b)) + b


def avro_string(s):
    return avro_bytes(s if isinstance(s, bytes) else s.encode("utf-8"))


def optional_string(s):
    return zigzag(0) if s is None else zigzag(1) + avro_string(s)


def catalog_v2(item_id, label, image, content_type="image/png", extra=b""):
    """A CatalogImage body in field order: itemId, label, category, attributes, image, contentType, eventTime."""
    return (avro_string(item_id) + optional_string(label) + optional_string(None) + zigzag(0) + avro_bytes(image)
            + avro_string(content_type) + zigzag(EVENT_TIME) + extra)


def catalog_v1(item_id, label, image):
    return avro_string(item_id) + optional_string(label) + avro_bytes(image) + zigzag(EVENT_TIME)


def load(name):
    with open(os.path.join(SCHEMAS, name)) as f:
        return json.load(f)


V2 = load("CatalogImage.avsc")
V1 = load(os.path.join("history", "CatalogImage-v1.avsc"))
# A version the service has never seen: what a producer deployed before the service's upgrade would send.
FUTURE = json.loads(json.dumps(V2))
FUTURE["fields"].append({"name": "colourSpace", "type": "string", "default": "sRGB"})


def record(item_id, label, image, content_type="image/png"):
    return header(V2) + catalog_v2(item_id, label, image, content_type)


# --- images ----------------------------------------------------------------------------------------------------
rng = random.Random(SEED)


def drawing(size=(32, 32), mode="RGB"):
    """A seeded picture of a few shapes: small, real, decodable."""
    img = Image.new("RGB", size, (255, 255, 255))
    d = ImageDraw.Draw(img)
    for _ in range(4):
        x0, y0 = rng.randrange(size[0]), rng.randrange(size[1])
        x1, y1 = x0 + rng.randrange(1, max(2, size[0] // 2)), y0 + rng.randrange(1, max(2, size[1] // 2))
        d.rectangle([x0, y0, x1, y1], fill=tuple(rng.randrange(256) for _ in range(3)))
    return img.convert(mode) if mode != "RGB" else img


def encode(img, fmt, **kw):
    buf = io.BytesIO()
    img.save(buf, fmt, **kw)
    return buf.getvalue()


def png_chunk(kind, data):
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)


PNG_SIG = b"\x89PNG\r\n\x1a\n"


def png_raw(width, height, bit_depth, colour_type, idat):
    ihdr = struct.pack(">IIBBBBB", width, height, bit_depth, colour_type, 0, 0, 0)
    return PNG_SIG + png_chunk(b"IHDR", ihdr) + png_chunk(b"IDAT", idat) + png_chunk(b"IEND", b"")


def bomb(side):
    """A 1-bit black PNG of side x side pixels: a few KB that would decode to side^2 pixels of ARGB."""
    row = b"\x00" + b"\x00" * ((side + 7) // 8)
    comp = zlib.compressobj(9)
    idat = b"".join(comp.compress(row) for _ in range(side)) + comp.flush()
    return png_raw(side, side, 1, 0, idat)


def solid_png(width, height):
    row = b"\x00" + b"\xff" * width
    comp = zlib.compressobj(9)
    idat = b"".join(comp.compress(row) for _ in range(height)) + comp.flush()
    return png_raw(width, height, 8, 0, idat)


def over_bytes_png():
    """A valid PNG just over the byte limit: noise does not compress."""
    side = 150
    img = Image.frombytes("RGB", (side, side), bytes(rng.randrange(256) for _ in range(side * side * 3)))
    data = encode(img, "PNG")
    assert data.__len__() > MAX_IMAGE_BYTES, len(data)
    return data


base_png = encode(drawing(), "PNG")
base_jpeg = encode(drawing(), "JPEG", quality=90)
sixteen = Image.new("I;16", (24, 24))
sixteen.putdata([(x * 2731) % 65536 for x in range(24 * 24)])

IMAGES = {
    "png-rgb": base_png,
    "jpeg-baseline": base_jpeg,
    "empty": b"",
    "truncated-jpeg": base_jpeg[: len(base_jpeg) // 2],
    "truncated-png": base_png[: len(base_png) // 2],
    "png-signature-only": PNG_SIG,
    "png-no-iend": base_png[:-12],
    "png-corrupt-idat": png_raw(16, 16, 8, 0, bytes(rng.randrange(256) for _ in range(64))),
    "png-zero-width": png_raw(0, 16, 8, 0, zlib.compress(b"\x00" * 16)),
    "png-huge-header": png_raw(100_000, 100_000, 8, 0, zlib.compress(b"\x00" * 16)),
    "gif": encode(drawing(mode="P"), "GIF"),
    "bmp": encode(drawing(), "BMP"),
    "webp": encode(drawing(), "WEBP"),
    "tiff": encode(drawing(), "TIFF"),
    "svg": b'<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg" width="8" height="8">'
           b'<rect width="8" height="8" fill="red"/></svg>',
    "html": b"<!DOCTYPE html><html><body><img src=x onerror=alert(1)></body></html>",
    "random-bytes": bytes(rng.randrange(256) for _ in range(256)),
    "decompression-bomb": bomb(16_000),
    "too-many-pixels": solid_png(5000, 4000),
    "too-many-bytes": over_bytes_png(),
    "png-16bit-grey": encode(sixteen, "PNG"),
    "png-palette": encode(drawing().convert("P", palette=Image.ADAPTIVE, colors=16), "PNG"),
    "png-grey-alpha": encode(drawing(mode="LA"), "PNG"),
    "png-rgba": encode(drawing(mode="RGBA"), "PNG"),
    "jpeg-cmyk": encode(drawing(mode="CMYK"), "JPEG", quality=90),
    "jpeg-progressive": encode(drawing((48, 48)), "JPEG", quality=90, progressive=True),
    "jpeg-grey": encode(drawing(mode="L"), "JPEG", quality=90),
    "one-pixel": encode(drawing((1, 1)), "PNG"),
    "wide-4000x2": encode(drawing((4000, 2)), "PNG"),
}
assert len(IMAGES["decompression-bomb"]) < MAX_IMAGE_BYTES and len(IMAGES["too-many-pixels"]) < MAX_IMAGE_BYTES

# image name -> (expected reason or None for valid, POST /api/search status, content type to post)
IMAGE_EXPECT = {
    "png-rgb": (None, 200, "image/png"),
    "jpeg-baseline": (None, 200, "image/jpeg"),
    "empty": ("EMPTY_IMAGE", 400, "image/png"),
    "truncated-jpeg": ("TRUNCATED_IMAGE", 400, "image/jpeg"),
    "truncated-png": ("TRUNCATED_IMAGE", 400, "image/png"),
    "png-signature-only": ("TRUNCATED_IMAGE", 400, "image/png"),
    "png-no-iend": ("TRUNCATED_IMAGE", 400, "image/png"),
    "png-corrupt-idat": ("UNDECODABLE_IMAGE", 400, "image/png"),
    "png-zero-width": ("UNDECODABLE_IMAGE", 400, "image/png"),
    "png-huge-header": ("TOO_MANY_PIXELS", 413, "image/png"),
    "gif": ("UNSUPPORTED_TYPE", 415, "image/png"),
    "bmp": ("UNSUPPORTED_TYPE", 415, "image/png"),
    "webp": ("UNSUPPORTED_TYPE", 415, "image/png"),
    "tiff": ("UNSUPPORTED_TYPE", 415, "image/png"),
    "svg": ("UNSUPPORTED_TYPE", 415, "image/png"),
    "html": ("UNSUPPORTED_TYPE", 415, "image/png"),
    "random-bytes": ("UNSUPPORTED_TYPE", 415, "image/jpeg"),
    "decompression-bomb": ("TOO_MANY_PIXELS", 413, "image/png"),
    "too-many-pixels": ("TOO_MANY_PIXELS", 413, "image/png"),
    "too-many-bytes": ("TOO_MANY_BYTES", 413, "image/png"),
    "png-16bit-grey": (None, 200, "image/png"),
    "png-palette": (None, 200, "image/png"),
    "png-grey-alpha": (None, 200, "image/png"),
    "png-rgba": (None, 200, "image/png"),
    "jpeg-cmyk": (None, 200, "image/jpeg"),
    "jpeg-progressive": (None, 200, "image/jpeg"),
    "jpeg-grey": (None, 200, "image/jpeg"),
    "one-pixel": (None, 200, "image/png"),
    "wide-4000x2": (None, 200, "image/png"),
}


def hexkey(s):
    return None if s is None else (s if isinstance(s, bytes) else s.encode("utf-8")).hex()


CASES = []


def case(name, doc, key, value, expect, reason=None, label=None, image=None):
    entry = {"name": name, "doc": doc, "keyHex": hexkey(key), "value": None, "expect": expect}
    if value is not None:
        entry["value"] = "records/" + name + ".bin"
        with open(os.path.join(HERE, entry["value"]), "wb") as f:
            f.write(value)
    if reason:
        entry["reason"] = reason
    if label:
        entry["label"] = label
    if image:
        entry["image"] = image
    CASES.append(entry)


def main():
    os.makedirs(os.path.join(HERE, "records"), exist_ok=True)
    os.makedirs(os.path.join(HERE, "images"), exist_ok=True)
    good = record("bad-schema", "x", base_png)
    # Record-level cases: the value or key is wrong, whatever the image.
    case("not-avro", "random bytes", "not-avro", bytes(rng.randrange(256) for _ in range(64)), "dead-letter",
         "BAD_SCHEMA")
    case("empty-value", "a value of zero bytes (not a tombstone)", "empty-value", b"", "dead-letter", "BAD_SCHEMA")
    case("unknown-fingerprint", "the single-object marker with a fingerprint of no schema version",
         "unknown-fingerprint", b"\xc3\x01" + struct.pack("<Q", 0x1122334455667788)
         + catalog_v2("unknown-fingerprint", "x", base_png), "dead-letter", "BAD_SCHEMA")
    case("python-avro-fingerprint", "the fingerprint python3-avro 1.11 computes (its canonical form keeps "
         "{\"type\":\"long\"} for timestamp-millis)", "python-avro-fingerprint",
         b"\xc3\x01" + struct.pack("<q", -4987639923368601906) + catalog_v2("python-avro-fingerprint", "x", base_png),
         "dead-letter", "BAD_SCHEMA")
    case("registry-wire-format", "Confluent's schema-registry framing (magic 0, schema id 42) instead of "
         "single-object encoding", "registry-wire-format",
         b"\x00" + struct.pack(">I", 42) + catalog_v2("registry-wire-format", "x", base_png), "dead-letter",
         "BAD_SCHEMA")
    case("truncated-avro", "a valid record cut in half", "truncated-avro",
         record("truncated-avro", "x", base_png)[: len(good) // 2], "dead-letter", "BAD_SCHEMA")
    case("header-only", "the 10-byte header and no body", "header-only", header(V2), "dead-letter", "BAD_SCHEMA")
    case("bad-marker", "a wrong single-object marker (C3 02)", "bad-marker", b"\xc3\x02" + good[2:], "dead-letter",
         "BAD_SCHEMA")
    case("future-schema", "a schema version the service does not know (one more field)", "future-schema",
         header(FUTURE) + catalog_v2("future-schema", "x", base_png, extra=avro_string("sRGB")), "dead-letter",
         "BAD_SCHEMA")
    case("json-value", "JSON instead of Avro", "json-value",
         json.dumps({"itemId": "json-value", "label": "x", "image": ""}).encode(), "dead-letter", "BAD_SCHEMA")
    case("null-key", "no record key: the broker refuses it (catalog.images is compacted)", None,
         record("null-key", "x", base_png), "refused")
    case("empty-key", "an empty key", "", record("", "x", base_png), "dead-letter", "MISSING_KEY")
    case("key-mismatch", "key and itemId differ", "key-mismatch", record("another-id", "x", base_png),
         "dead-letter", "KEY_MISMATCH")
    case("missing-label", "label null", "missing-label", record("missing-label", None, base_png), "dead-letter",
         "MISSING_LABEL")
    case("empty-label", "label empty", "empty-label", record("empty-label", "", base_png), "dead-letter",
         "MISSING_LABEL")
    case("blank-label", "label of spaces only", "blank-label", record("blank-label", "   ", base_png),
         "dead-letter", "MISSING_LABEL")
    case("long-label", "a label of 10,000 characters", "long-label", record("long-label", "l" * 10_000, base_png),
         "dead-letter", "BAD_LABEL")
    case("control-label", "a label with control characters", "control-label",
         record("control-label", "shoe\x00\x1b[31m", base_png), "dead-letter", "BAD_LABEL")
    case("control-id", "control characters in the id", "item\x00\x07\x1b", record("item\x00\x07\x1b", "x", base_png),
         "dead-letter", "BAD_ID")
    lone = b"item-\xed\xa0\x80"  # a lone UTF-16 surrogate (U+D800) as CESU-8 bytes: not valid UTF-8
    case("invalid-utf16-id", "an id holding a lone UTF-16 surrogate (bytes ED A0 80)", lone,
         header(V2) + catalog_v2(lone, "x", base_png), "dead-letter", "BAD_ID")
    case("long-id", "an id of 2,000 characters", "i" * 2000, record("i" * 2000, "x", base_png), "dead-letter",
         "BAD_ID")
    case("v1-record", "a record of schema version 1 (valid: old versions still read)", "v1-record",
         header(V1) + catalog_v1("v1-record", "old-label", base_png), "searchable", label="old-label")
    case("unicode-label", "a label in Japanese with an emoji (valid)", "unicode-label",
         record("unicode-label", "靴 👟", base_png), "searchable", label="靴 👟")
    case("tombstone-unknown-id", "a tombstone for an id that was never sent", "never-sent", None, "deleted")
    case("same-id-twice-1", "the same id twice in one batch: first", "same-id-twice",
         record("same-id-twice", "first", base_png), "replaced")
    case("same-id-twice-2", "the same id twice in one batch: second wins", "same-id-twice",
         record("same-id-twice", "second", base_jpeg, "image/jpeg"), "searchable", label="second")
    # Image cases: a well-formed record around each image.
    for name, data in IMAGES.items():
        reason, status, content_type = IMAGE_EXPECT[name]
        ext = "jpg" if content_type == "image/jpeg" else "png" if content_type == "image/png" else "bin"
        file = "images/" + name + "." + ext
        with open(os.path.join(HERE, file), "wb") as f:
            f.write(data)
        key = "img-" + name
        value = record(key, "shapes", data, content_type)
        if reason:
            case(key, "image: " + name, key, value, "dead-letter", reason,
                 image={"file": file, "contentType": content_type, "status": status, "error": reason})
        else:
            case(key, "image: " + name, key, value, "searchable", label="shapes",
                 image={"file": file, "contentType": content_type, "status": status})
    out = {"generatedBy": "generate.py", "seed": SEED, "maxImageBytes": MAX_IMAGE_BYTES,
           "maxImagePixels": MAX_IMAGE_PIXELS,
           "fingerprints": {"CatalogImage-v2": header(V2)[2:].hex(), "CatalogImage-v1": header(V1)[2:].hex()},
           "cases": CASES}
    with open(os.path.join(HERE, "cases.json"), "w") as f:
        json.dump(out, f, indent=1, ensure_ascii=True)
        f.write("\n")
    print("wrote %d cases (%d kinds of image) to %s" % (len(CASES), len(IMAGES), HERE))


if __name__ == "__main__":
    main()
