#!/usr/bin/python3
"""Render Limber's SVG icons and stretch pictures and check the results.

Usage: check-pictures.py RSVG_CONVERT SOURCE_ROOT

For each of the seven SVGs (the two icons and every SVG in data/pictures):
render it at 64x64 with rsvg-convert into a temporary folder, fail if
rsvg-convert exits non-zero, check the PNG's IHDR says 64x64, and decode the
pixels to check the drawing is neither blank nor a filled block (3% to 60%
of the pixels with alpha > 0). Also check that data/pictures holds exactly
one SVG per fixed stretch id. Prints one line per file, then every problem;
exits 1 if there was any, 0 otherwise.
"""

import os
import struct
import subprocess
import sys
import tempfile
import zlib

# The stretch ids are fixed (DESIGN.md); each needs a picture.
STRETCH_IDS = (
    'doorway-stretch',
    'seated-twist',
    'shoulder-blade-squeeze',
    'chest-expansion',
    'cat-cow',
)
ICONS = (
    'data/icons/hicolor/scalable/apps/io.github.limber.Limber.svg',
    'data/icons/hicolor/symbolic/apps/io.github.limber.Limber-symbolic.svg',
)
SIZE = 64
MIN_PAINTED = 0.03
MAX_PAINTED = 0.60
PNG_SIGNATURE = b'\x89PNG\r\n\x1a\n'


class CheckError(Exception):
    pass


def read_png(path):
    """Return (width, height, painted pixels) of a non-interlaced PNG."""
    with open(path, 'rb') as f:
        data = f.read()
    if not data.startswith(PNG_SIGNATURE):
        raise CheckError('output is not a PNG file')
    pos = len(PNG_SIGNATURE)
    ihdr = None
    idat = []
    has_trns = False
    while pos + 12 <= len(data):
        length, kind = struct.unpack('>I4s', data[pos:pos + 8])
        body = data[pos + 8:pos + 8 + length]
        (crc,) = struct.unpack('>I', data[pos + 8 + length:pos + 12 + length])
        if zlib.crc32(kind + body) != crc:
            raise CheckError('PNG chunk %r has a bad CRC' % kind.decode('latin-1'))
        pos += 12 + length
        if ihdr is None and kind != b'IHDR':
            raise CheckError('PNG does not start with IHDR')
        if kind == b'IHDR':
            ihdr = struct.unpack('>IIBBBBB', body)
        elif kind == b'IDAT':
            idat.append(body)
        elif kind == b'tRNS':
            has_trns = True
        elif kind == b'IEND':
            break
    if ihdr is None or not idat:
        raise CheckError('PNG has no IHDR or no image data')
    width, height, depth, colour, _, _, interlace = ihdr
    # rsvg-convert (cairo) writes 8-bit RGBA, or 8-bit RGB when no pixel is
    # transparent at all; other layouts are not worth decoding here.
    channels = {0: 1, 2: 3, 4: 2, 6: 4}.get(colour)
    if channels is None or depth not in (8, 16) or interlace != 0 or \
            (has_trns and colour in (0, 2)):
        raise CheckError('unexpected PNG format (colour type %d, depth %d, '
                         'interlace %d)' % (colour, depth, interlace))
    raw = zlib.decompress(b''.join(idat))
    bpp = channels * depth // 8
    stride = width * bpp
    if len(raw) != height * (stride + 1):
        raise CheckError('PNG image data has the wrong length')
    if colour in (0, 2):
        return width, height, width * height  # no alpha: all opaque
    # Alpha is the last sample of each pixel; its high byte is enough.
    alpha_at = bpp - depth // 8
    painted = 0
    prev = bytearray(stride)
    for y in range(height):
        start = y * (stride + 1)
        line = bytearray(raw[start + 1:start + 1 + stride])
        unfilter(raw[start], line, prev, bpp)
        painted += sum(1 for a in line[alpha_at::bpp] if a > 0)
        prev = line
    return width, height, painted


def unfilter(ftype, line, prev, bpp):
    """Undo one PNG row filter in place (PNG spec, section 9)."""
    if ftype == 0:
        return
    for x in range(len(line)):
        a = line[x - bpp] if x >= bpp else 0
        b = prev[x]
        if ftype == 1:
            pred = a
        elif ftype == 2:
            pred = b
        elif ftype == 3:
            pred = (a + b) // 2
        elif ftype == 4:
            c = prev[x - bpp] if x >= bpp else 0
            p = a + b - c
            pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
            pred = a if pa <= pb and pa <= pc else (b if pb <= pc else c)
        else:
            raise CheckError('PNG row has unknown filter type %d' % ftype)
        line[x] = (line[x] + pred) & 0xff


def check_svg(rsvg, svg, tmpdir):
    """Render one SVG; return a one-line summary or raise CheckError."""
    png = os.path.join(tmpdir, os.path.basename(svg) + '.png')
    try:
        proc = subprocess.run(
            [rsvg, '-w', str(SIZE), '-h', str(SIZE), svg, '-o', png],
            stdout=subprocess.PIPE, stderr=subprocess.PIPE, timeout=60)
    except subprocess.TimeoutExpired:
        raise CheckError('rsvg-convert took over 60 s')
    if proc.returncode != 0:
        msg = proc.stderr.decode('utf-8', 'replace').strip()
        raise CheckError('rsvg-convert failed (exit %d): %s' % (proc.returncode, msg))
    width, height, painted = read_png(png)
    if (width, height) != (SIZE, SIZE):
        raise CheckError('rendered %dx%d, expected %dx%d' % (width, height, SIZE, SIZE))
    painted /= float(width * height)
    if painted < MIN_PAINTED:
        raise CheckError('only %.1f%% of the image is painted (blank drawing?); '
                         'need at least %d%%' % (painted * 100, MIN_PAINTED * 100))
    if painted > MAX_PAINTED:
        raise CheckError('%.1f%% of the image is painted (a filled block?); '
                         'allowed at most %d%%' % (painted * 100, MAX_PAINTED * 100))
    return '%dx%d, %.1f%% painted' % (width, height, painted * 100)


def main(argv):
    if len(argv) != 3:
        sys.stderr.write('usage: %s RSVG_CONVERT SOURCE_ROOT\n' % argv[0])
        return 2
    rsvg, root = argv[1], argv[2]
    failures = []

    pictures_dir = os.path.join(root, 'data', 'pictures')
    present = sorted(n for n in os.listdir(pictures_dir) if n.endswith('.svg'))
    for name in present:
        if name[:-len('.svg')] not in STRETCH_IDS:
            failures.append('data/pictures/%s: not named after a stretch id (%s)'
                            % (name, ', '.join(STRETCH_IDS)))
    for sid in STRETCH_IDS:
        if sid + '.svg' not in present:
            failures.append('data/pictures/%s.svg: missing; every stretch needs a picture' % sid)

    svgs = list(ICONS) + ['data/pictures/%s' % n for n in present]
    with tempfile.TemporaryDirectory(prefix='limber-pictures-') as tmpdir:
        for rel in svgs:
            path = os.path.join(root, rel)
            if not os.path.exists(path):
                if rel in ICONS:
                    failures.append('%s: missing' % rel)
                continue
            try:
                print('ok   %s: %s' % (rel, check_svg(rsvg, path, tmpdir)))
            except CheckError as e:
                failures.append('%s: %s' % (rel, e))
                print('FAIL %s' % failures[-1])

    if failures:
        print('%d problem(s):' % len(failures))
        for failure in failures:
            print('  %s' % failure)
        return 1
    return 0


if __name__ == '__main__':
    sys.exit(main(sys.argv))
