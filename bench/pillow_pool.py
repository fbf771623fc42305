#!/usr/bin/python3
"""The Pillow peer: a multiprocessing pool resizing every JPEG under IN into OUT.

  pillow_pool.py --task A|B|decode [--draft] [--procs N] [--quality Q] [--subsampling S] IN OUT

Task A: every image to 50%. Task B: a 1600 px and a 320 px rendition (the 320 made from the 1600).
decode: decode only (with --draft: at 1/2 scale, libjpeg-turbo's DCT scaling), nothing written.
--draft lets libjpeg scale by 1/2, 1/4, 1/8 while decoding, as far as the target allows (Pillow's
draft() picks the largest scale that stays at or above the requested size).
"""
import argparse
import os
import sys
import time
from multiprocessing import Pool

from PIL import Image

ARGS = None


def save(img, path):
    img.save(path, quality=ARGS.quality, subsampling=ARGS.subsampling)


def fit(w, h, box):
    f = min(box / w, box / h, 1.0)
    return max(1, round(w * f)), max(1, round(h * f))


def one(rel):
    src = os.path.join(ARGS.inp, rel)
    stem = os.path.splitext(rel)[0]
    with Image.open(src) as im:
        w, h = im.size
        if ARGS.task == "decode":
            if ARGS.draft:
                im.draft("RGB", ((w + 1) // 2, (h + 1) // 2))
            im.load()
            return
        if ARGS.task == "A":
            size = (max(1, round(w * 0.5)), max(1, round(h * 0.5)))
            if ARGS.draft:
                im.draft("RGB", size)
            out = im.convert("RGB").resize(size, Image.LANCZOS)
            save(out, os.path.join(ARGS.out, stem + ".jpg"))
        else:
            big = fit(w, h, 1600)
            if ARGS.draft:
                im.draft("RGB", big)
            large = im.convert("RGB").resize(big, Image.LANCZOS)
            save(large, os.path.join(ARGS.out, stem + "-large.jpg"))
            small = large.resize(fit(big[0], big[1], 320), Image.LANCZOS)
            save(small, os.path.join(ARGS.out, stem + "-thumb.jpg"))


def init(args):
    global ARGS
    ARGS = args


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--task", required=True, choices=["A", "B", "decode"])
    p.add_argument("--draft", action="store_true")
    p.add_argument("--procs", type=int, default=os.cpu_count())
    p.add_argument("--quality", type=int, default=85)
    p.add_argument("--subsampling", type=int, default=2, help="0=4:4:4, 1=4:2:2, 2=4:2:0")
    p.add_argument("inp")
    p.add_argument("out")
    args = p.parse_args()
    os.makedirs(args.out, exist_ok=True)
    files = sorted(f for f in os.listdir(args.inp) if f.lower().endswith(".jpg"))
    with Pool(args.procs, initializer=init, initargs=(args,)) as pool:
        # For bench.py: from here on the pool can take work (its start-up is over).
        print(f"ready={time.time():.3f}", file=sys.stderr, flush=True)
        for _ in pool.imap_unordered(one, files, chunksize=1):
            pass
    print(f"processed={len(files)}", file=sys.stderr)


if __name__ == "__main__":
    main()
