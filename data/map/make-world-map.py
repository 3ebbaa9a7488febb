#!/usr/bin/env python3
# make-world-map.py DCW_NC COUNTRIES_TXT OUT [NCDUMP]: the countries of the world,
# simplified for a map a few hundred pixels wide, as TuneMantra draws it.
#
# Source: DCW-GMT, the Digital Chart of the World for the Generic Mapping
# Tools (Paul Wessel and the GMT Team; LGPL-3.0-or-later), as Debian's gmt-dcw
# package installs it: /usr/share/gmt-dcw/dcw-gmt.nc and dcw-countries.txt.
# The geometry of the DCW itself is in the public domain.
#
# Each country's polygons are read from the netCDF file through ncdump (Debian's
# netcdf-bin), simplified (Douglas-Peucker, 0.08 degrees), and islands smaller
# than about 0.02 square degrees are left out unless they are all a country has.
#
# The output, one country after another:
#   C <ISO 3166 alpha-2> <name>
#   <lon> <lat> <lon> <lat> ...      one line per polygon, tenths of a degree
# Longitudes may pass 180 (a polygon across the date line is kept whole); the
# map draws it again 360 degrees to the west.
#
# SPDX-License-Identifier: GPL-3.0-or-later

import re
import subprocess
import sys

TOLERANCE = 0.08
SMALLEST = 0.02


def read_countries(path):
    countries = []
    with open(path, encoding='utf-8') as f:
        for line in f:
            if line.startswith('#') or not line.strip():
                continue
            parts = line.rstrip('\n').split(' ', 2)
            if len(parts) == 3 and len(parts[1]) == 2:
                countries.append((parts[1], parts[2]))
    return countries


def header(ncdump, nc):
    text = subprocess.run([ncdump, '-h', nc], check=True, capture_output=True,
                          text=True).stdout
    attributes = {}
    for m in re.finditer(r'^\s+(\w+):(min|max|scale) = ([-0-9.e+]+) ;', text, re.M):
        attributes.setdefault(m.group(1), {})[m.group(2)] = float(m.group(3))
    return attributes


def values(ncdump, nc, names):
    """Each variable's values, None for the fill value (a polygon's end)."""
    text = subprocess.run([ncdump, '-v', ','.join(names), nc], check=True,
                          capture_output=True, text=True).stdout
    data = text[text.index('\ndata:') + 6:]
    result = {}
    for m in re.finditer(r'(\w+) = ([^;]*);', data):
        cells = [c.strip() for c in m.group(2).replace('\n', ' ').split(',')]
        result[m.group(1)] = [None if c == '_' else int(c) for c in cells if c]
    return result


def thin(points, step):
    """Points closer than @step to the last one kept are dropped (the first
    and last are kept): Douglas-Peucker then has far fewer to look at."""
    kept = [points[0]]
    for x, y in points[1:-1]:
        px, py = kept[-1]
        if abs(x - px) + abs(y - py) >= step:
            kept.append((x, y))
    kept.append(points[-1])
    return kept


def simplify(points, tolerance):
    points = thin(points, tolerance / 3)
    if len(points) < 3:
        return points
    keep = [False] * len(points)
    keep[0] = keep[-1] = True
    stack = [(0, len(points) - 1)]
    while stack:
        first, last = stack.pop()
        (x1, y1), (x2, y2) = points[first], points[last]
        dx, dy = x2 - x1, y2 - y1
        length = (dx * dx + dy * dy) ** 0.5
        worst, where = 0.0, None
        for i in range(first + 1, last):
            x, y = points[i]
            if length == 0:
                d = ((x - x1) ** 2 + (y - y1) ** 2) ** 0.5
            else:
                d = abs(dy * x - dx * y + x2 * y1 - y2 * x1) / length
            if d > worst:
                worst, where = d, i
        if where is not None and worst > tolerance:
            keep[where] = True
            stack.append((first, where))
            stack.append((where, last))
    return [p for p, k in zip(points, keep) if k]


def area(points):
    return abs(sum(x1 * y2 - x2 * y1 for (x1, y1), (x2, y2)
                   in zip(points, points[1:] + points[:1]))) / 2


def main():
    nc, countries_txt, out = sys.argv[1:4]
    ncdump = sys.argv[4] if len(sys.argv) > 4 else 'ncdump'
    countries = read_countries(countries_txt)
    attributes = header(ncdump, nc)
    present = [(code, name) for code, name in countries
               if code + '_lon' in attributes and code + '_lat' in attributes]
    lines = ['# The countries of the world, from DCW-GMT (gmt-dcw), simplified by '
             'data/map/make-world-map.py.']
    for i in range(0, len(present), 40):
        chunk = present[i:i + 40]
        data = values(ncdump, nc, [c + s for c, _ in chunk for s in ('_lon', '_lat')])
        for code, name in chunk:
            lon_a, lat_a = attributes[code + '_lon'], attributes[code + '_lat']
            rings, ring = [], []
            for u, v in zip(data[code + '_lon'], data[code + '_lat']):
                if u is None or v is None or u == 65535:
                    if len(ring) >= 3:
                        rings.append(ring)
                    ring = []
                    continue
                lon = lon_a['min'] + u / lon_a['scale']
                lat = lat_a['min'] + v / lat_a['scale']
                if lon > 180 + 90:
                    lon -= 360
                ring.append((lon, lat))
            if len(ring) >= 3:
                rings.append(ring)
            if not rings:
                continue
            # A ring across the date line is made continuous (east of 180), one
            # wholly east of it is moved west of it.
            rings = [[(x + 360 if x < 0 else x, y) for x, y in r]
                     if max(x for x, _ in r) - min(x for x, _ in r) > 180 else r
                     for r in rings]
            rings = [[(x - 360, y) for x, y in r] if min(x for x, _ in r) >= 180 else r
                     for r in rings]
            largest = max(rings, key=area)
            kept = [simplify(r, TOLERANCE) for r in rings
                    if r is largest or area(r) >= SMALLEST]
            kept = [r for r in kept if len(set(r)) >= 3]
            if not kept:
                kept = [simplify(largest, TOLERANCE / 4)]
                if len(kept[0]) < 3:
                    kept = [largest[:max(3, len(largest))]]
            lines.append('C %s %s' % (code, name))
            for r in kept:
                lines.append(' '.join('%d %d' % (round(x * 10), round(y * 10)) for x, y in r))
    with open(out, 'w', encoding='utf-8') as f:
        f.write('\n'.join(lines) + '\n')


if __name__ == '__main__':
    main()
