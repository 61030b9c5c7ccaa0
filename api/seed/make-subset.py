#!/usr/bin/env python3
"""Cut the Dudley-area seed subset from the full reference data.

Usage: python3 api/seed/make-subset.py /path/to/shared/data api/seed

Keeps every selected line byte-for-byte (original format, original order):
- Code-Point Open rows whose position lies within RADIUS_M of DY1 1HF (Dudley town centre),
  written to files named like the originals (dy.csv, wv.csv, b.csv, ws.csv).
- ODS GP (epraccur) and dental (egdpprac) rows of every status whose postcode lies within
  RADIUS_M. A postcode missing from Code-Point (typically a terminated postcode of a closed
  practice) is placed at its outcode centroid instead, so such rows are kept too and the
  importer's handling of unknown postcodes is exercised.
- The outcode centroid file and all licence/metadata files are copied whole.
Only the Python standard library is used.
"""

import csv
import math
import shutil
import sys
from pathlib import Path

CENTRE = (394373, 290482)  # Code-Point position of DY1 1HF
RADIUS_M = 12_000
CODEPOINT_FILES = ["dy.csv", "wv.csv", "b.csv", "ws.csv"]


def near(easting, northing):
    return math.hypot(easting - CENTRE[0], northing - CENTRE[1]) <= RADIUS_M


def first_fields(line):
    return next(csv.reader([line.decode("utf-8")]))


def main(src, dst):
    src, dst = Path(src), Path(dst)
    cp_src, cp_dst = src / "postcodes/codepoint-open", dst / "postcodes/codepoint-open"
    cp_dst.mkdir(parents=True, exist_ok=True)

    positions = {}
    for name in CODEPOINT_FILES:
        kept = []
        for line in (cp_src / name).read_bytes().splitlines(keepends=True):
            pc, _pq, ea, no = first_fields(line)[:4]
            positions[pc] = (int(ea), int(no))
            if near(int(ea), int(no)):
                kept.append(line)
        (cp_dst / name).write_bytes(b"".join(kept))
    for name in ["Code-Point_Open_Column_Headers.csv", "licence.txt", "metadata.txt"]:
        shutil.copyfile(cp_src / name, cp_dst / name)

    oc_dst = dst / "postcodes/outcodes"
    oc_dst.mkdir(parents=True, exist_ok=True)
    centroids = {}
    with open(src / "postcodes/outcodes/postcodes.csv", newline="", encoding="utf-8") as f:
        for row in csv.DictReader(f):
            centroids[row["postcode"]] = (int(row["eastings"]), int(row["northings"]))
    for name in ["postcodes.csv", "LICENSE"]:
        shutil.copyfile(src / "postcodes/outcodes" / name, oc_dst / name)

    ods_dst = dst / "ods"
    ods_dst.mkdir(parents=True, exist_ok=True)
    for name in ["epraccur.csv", "egdpprac.csv"]:
        kept = []
        for line in (src / "ods" / name).read_bytes().splitlines(keepends=True):
            postcode = first_fields(line)[9]
            pos = positions.get(postcode) or centroids.get(postcode.split(" ")[0])
            if pos and near(*pos):
                kept.append(line)
        (ods_dst / name).write_bytes(b"".join(kept))


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
