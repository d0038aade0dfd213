#!/usr/bin/python3
"""Stream a folder of labelled images into hdc's catalog.images topic from Python.

    /usr/bin/python3 examples/python/produce_catalog.py --bootstrap localhost:9092 --dir photos/
    # photos/<label>/<name>.png|.jpg  ->  item id "<label>-<name>", label "<label>"

Needs Debian's python3-confluent-kafka and python3-avro (apt-get install python3-confluent-kafka python3-avro).

The value is Avro's single-object encoding of schemas/CatalogImage.avsc: C3 01, the schema's 8-byte CRC-64-AVRO
fingerprint (little-endian), then the Avro binary body. The fingerprint must be that of the specification's Parsing
Canonical Form. python3-avro 1.11's `canonical_form` keeps {"type":"long"} for the timestamp-millis field where the
specification (and Java) write "long", so a fingerprint computed from it (-4987639923368601906) is one the service
does not know: every record would be dead-lettered as BAD_SCHEMA. This script removes the logical types before
taking the canonical form, and checks the header against the one schemas/README.md gives.
"""
import argparse
import datetime
import io
import json
import os
import struct
import sys

import avro.io
import avro.schema
from confluent_kafka import Producer

HERE = os.path.dirname(os.path.abspath(__file__))
SCHEMA_FILE = os.path.join(HERE, "..", "..", "schemas", "CatalogImage.avsc")
# schemas/README.md: the header of the current CatalogImage version. A mismatch means the schema file changed
# without this line, or the canonical form is computed wrongly: refuse to send records that would all be rejected.
EXPECTED_HEADER = "c301a659a4bc67e55a8d"
CONTENT_TYPES = {".png": "image/png", ".jpg": "image/jpeg", ".jpeg": "image/jpeg"}


def without_logical_types(schema):
    """The schema with {"type": "long", "logicalType": ...} replaced by "long": what canonical form asks for."""
    if isinstance(schema, list):
        return [without_logical_types(s) for s in schema]
    if isinstance(schema, dict):
        if "logicalType" in schema and isinstance(schema.get("type"), str):
            return schema["type"]
        return {k: without_logical_types(v) for k, v in schema.items()}
    return schema


def crc64_avro(data):
    empty = 0xC15D213AA4D7A795
    table = []
    for i in range(256):
        fp = i
        for _ in range(8):
            fp = (fp >> 1) ^ (empty & -(fp & 1))
        table.append(fp)
    fp = empty
    for b in data:
        fp = (fp >> 8) ^ table[(fp ^ b) & 0xFF]
    return fp


def single_object_header(schema_json):
    canonical = avro.schema.parse(json.dumps(without_logical_types(schema_json))).canonical_form
    return b"\xc3\x01" + struct.pack("<Q", crc64_avro(canonical.encode("utf-8")))


def images(folder):
    for label in sorted(os.listdir(folder)):
        sub = os.path.join(folder, label)
        if not os.path.isdir(sub):
            continue
        for name in sorted(os.listdir(sub)):
            stem, ext = os.path.splitext(name)
            if ext.lower() in CONTENT_TYPES:
                yield label + "-" + stem, label, os.path.join(sub, name), CONTENT_TYPES[ext.lower()]


def main():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--bootstrap", default="localhost:9092")
    p.add_argument("--topic", default="catalog.images")
    p.add_argument("--dir", required=True, help="folder of <label>/<name>.png|.jpg")
    args = p.parse_args()

    with open(SCHEMA_FILE) as f:
        schema_json = json.load(f)
    header = single_object_header(schema_json)
    if header.hex() != EXPECTED_HEADER:
        sys.exit("header %s differs from schemas/README.md's %s: records would be dead-lettered as BAD_SCHEMA"
                 % (header.hex(), EXPECTED_HEADER))
    print("header", header.hex(" "), flush=True)
    writer = avro.io.DatumWriter(avro.schema.parse(json.dumps(schema_json)))
    # acks=all and idempotence: a record counts as sent once the broker has it, never twice.
    producer = Producer({"bootstrap.servers": args.bootstrap, "acks": "all", "enable.idempotence": True,
                         "message.max.bytes": 16 << 20})
    failures = []

    def delivered(err, msg):
        if err is not None:
            failures.append("%s: %s" % (msg.key(), err))

    sent = 0
    for item_id, label, path, content_type in images(args.dir):
        with open(path, "rb") as f:
            image = f.read()
        body = io.BytesIO()
        writer.write({"itemId": item_id, "label": label, "category": None, "attributes": {}, "image": image,
                      "contentType": content_type,
                      "eventTime": datetime.datetime.now(datetime.timezone.utc)}, avro.io.BinaryEncoder(body))
        producer.produce(args.topic, key=item_id.encode("utf-8"), value=header + body.getvalue(), on_delivery=delivered)
        producer.poll(0)
        sent += 1
    left = producer.flush(30)
    if failures or left:
        sys.exit("not delivered: %d (%s)" % (len(failures) + left, "; ".join(failures[:5])))
    print("produced %d images to %s on %s" % (sent, args.topic, args.bootstrap), flush=True)


if __name__ == "__main__":
    main()
