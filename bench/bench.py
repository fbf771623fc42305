#!/usr/bin/python3
"""hotshrink against its peers on real photos, measured side by side in one interleaved run.

Run through bench/run.sh, which installs the tools and builds the corpus. Writes
bench/results/{results.csv,scaling.csv,table.md,throughput.png,scaling.png}.
"""
import argparse
import csv
import os
import re
import shutil
import statistics
import subprocess
import sys
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from datetime import datetime
from multiprocessing import Pool

from PIL import Image, ImageChops, ImageStat

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
HOTSHRINK = os.path.join(ROOT, "target", "hotshrink", "bin", "hotshrink")
PY = "/usr/bin/python3"
CONVERT = "/usr/bin/convert"  # the real ImageMagick (a stand-in may shadow "convert" on PATH)


def loadavg():
    with open("/proc/loadavg") as f:
        return float(f.read().split()[0])


class RssSampler:
    """Sums the resident memory of every process under the running commands, every 50 ms."""

    def __init__(self):
        self.roots = set()
        self.peak = 0
        self.lock = threading.Lock()
        self.stop = False
        self.thread = threading.Thread(target=self.loop, daemon=True)
        self.thread.start()

    def loop(self):
        while not self.stop:
            with self.lock:
                roots = set(self.roots)
            if roots:
                self.peak = max(self.peak, self.tree_rss(roots))
            time.sleep(0.05)

    @staticmethod
    def tree_rss(roots):
        parent = {}
        rss = {}
        for pid in os.listdir("/proc"):
            if not pid.isdigit():
                continue
            try:
                with open(f"/proc/{pid}/status") as f:
                    st = f.read()
            except OSError:
                continue
            p = int(pid)
            for line in st.splitlines():
                if line.startswith("PPid:"):
                    parent[p] = int(line.split()[1])
                elif line.startswith("VmRSS:"):
                    rss[p] = int(line.split()[1]) * 1024
        total = 0
        for p in rss:
            q = p
            while q > 1:
                if q in roots:
                    total += rss[p]
                    break
                q = parent.get(q, 0)
        return total

    def run(self, cmd, env=None):
        proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=env)
        with self.lock:
            self.roots.add(proc.pid)
        _, err = proc.communicate()
        with self.lock:
            self.roots.discard(proc.pid)
        if proc.returncode != 0:
            raise RuntimeError(f"{cmd[0]} failed ({proc.returncode}): {err.decode()[-2000:]}")
        return err.decode(errors="replace")


def files_in(d):
    return sorted(f for f in os.listdir(d) if f.lower().endswith(".jpg"))


def sizes(corpus):
    out = {}
    for f in files_in(corpus):
        with Image.open(os.path.join(corpus, f)) as im:
            out[f] = im.size
    return out


def fit(w, h, box):
    f = min(box / w, box / h, 1.0)
    return max(1, round(w * f)), max(1, round(h * f))


# ---------------------------------------------------------------------------------------------
# The tools. Each returns a function (corpus, out, sampler) that does the whole task.


def hotshrink(task, engine, mode, workers, threads, quality=85, subsampling=420):
    def run(corpus, out, sampler):
        if task == "A":
            renditions = f"[ {{ name = half, scale = 0.5, quality = {quality} }} ]"
        else:
            renditions = (f'[ {{ name = large, fit = "1600x1600", quality = {quality} }}, '
                          f'{{ name = thumb, fit = "320x320", quality = {quality} }} ]')
        conf = out + ".conf"
        with open(conf, "w") as f:
            f.write("hotshrink {\n"
                    f"  renditions = {renditions}\n"
                    f"  resize {{ engine = {engine}, mode = {mode}, subsampling = {subsampling} }}\n"
                    f"  pool {{ workers = {workers}, threads = {threads}, heap = 768m }}\n"
                    "}\n")
        return hotshrink_ready(sampler.run([HOTSHRINK, "batch", "-c", conf, corpus, out]))

    return run


READY = re.compile(r"^(\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.\d{3}) INFO\s+WorkerPool - w\d+ started",
                   re.M)


def hotshrink_ready(log):
    """When the first child JVM was ready for work (its log line), as a Unix time."""
    m = READY.search(log)
    return datetime.strptime(m.group(1), "%Y-%m-%d %H:%M:%S.%f").timestamp() if m else None


def pillow(task, draft, procs, quality=85, subsampling=2):
    def run(corpus, out, sampler):
        cmd = [PY, os.path.join(HERE, "pillow_pool.py"), "--task", task, "--procs", str(procs),
               "--quality", str(quality), "--subsampling", str(subsampling)]
        if draft:
            cmd.append("--draft")
        m = re.search(r"^ready=([0-9.]+)$", sampler.run(cmd + [corpus, out]), re.M)
        return float(m.group(1)) if m else None

    return run


def per_image(make_cmds, procs, env=None):
    """A command-line tool run once per image, `procs` at a time."""

    def run(corpus, out, sampler):
        dims = sizes(corpus)
        os.makedirs(out, exist_ok=True)
        cmds = [c for f in files_in(corpus) for c in [make_cmds(corpus, out, f, dims[f])]]
        with ThreadPoolExecutor(procs) as pool:
            for _ in pool.map(lambda c: [sampler.run(x, env) for x in c], cmds):
                pass

    return run


def vips(task, procs, quality=85, subsample="auto", threads=None):
    """vipsthumbnail once per image, `procs` at a time; each uses libvips' own thread pool (as many
    threads as cores) unless `threads` sets VIPS_CONCURRENCY."""
    opts = f"[Q={quality},strip,subsample_mode={subsample}]"

    def cmds(corpus, out, f, wh):
        stem = os.path.splitext(f)[0]
        src = os.path.join(corpus, f)
        if task == "A":
            w, h = max(1, round(wh[0] * 0.5)), max(1, round(wh[1] * 0.5))
            return [["vipsthumbnail", src, "-s", f"{w}x{h}", "-o",
                     os.path.join(out, stem + ".jpg") + opts]]
        large = os.path.join(out, stem + "-large.jpg")
        # The cascade: the 320 px rendition is made from the 1600 px output.
        return [["vipsthumbnail", src, "-s", "1600x1600", "-o", large + opts],
                ["vipsthumbnail", large, "-s", "320x320", "-o",
                 os.path.join(out, stem + "-thumb.jpg") + opts]]

    env = None if threads is None else dict(os.environ, VIPS_CONCURRENCY=str(threads))
    return per_image(cmds, procs, env=env)


def magick(task, procs, gm, quality=85, sampling="2x2"):
    base = ["gm", "convert"] if gm else [CONVERT]

    def cmds(corpus, out, f, wh):
        stem = os.path.splitext(f)[0]
        src = os.path.join(corpus, f)
        enc = ["-quality", str(quality), "-sampling-factor", sampling, "-strip"]
        if task == "A":
            return [base + [src, "-resize", "50%"] + enc + [os.path.join(out, stem + ".jpg")]]
        return [base + [src, "-resize", "1600x1600>"] + enc + ["-write",
                os.path.join(out, stem + "-large.jpg"), "-resize", "320x320>",
                os.path.join(out, stem + "-thumb.jpg")]]

    # One thread each: 2 processes on 2 cores, like the others.
    return per_image(cmds, procs, env=dict(os.environ, OMP_NUM_THREADS="1"))


# ---------------------------------------------------------------------------------------------
# Quality: PSNR of each output against a Lanczos reference made from the full decode.

def psnr(a, b):
    diff = ImageChops.difference(a.convert("RGB"), b.convert("RGB"))
    mse = sum(ImageStat.Stat(diff).sum2) / (3.0 * a.size[0] * a.size[1])
    return 99.0 if mse == 0 else 10 * __import__("math").log10(255 * 255 / mse)


def psnr_one(args):
    src, out = args
    with Image.open(out) as o:
        o.load()
        with Image.open(src) as s:
            # The reference: the full decode, Lanczos (no draft, no reducing gap) to the same size.
            ref = s.convert("RGB").resize(o.size, Image.LANCZOS)
        return psnr(ref, o)


def quality(corpus, unique, out, task):
    jobs = []
    for f in unique:
        stem = os.path.splitext(f)[0]
        name = stem + (".jpg" if task == "A" else "-large.jpg")
        jobs.append((os.path.join(corpus, f), os.path.join(out, name)))
    with Pool(2) as pool:
        vals = pool.map(psnr_one, jobs)
    return statistics.mean(vals)


def out_bytes(out):
    total = 0
    for dp, _, fs in os.walk(out):
        for f in fs:
            if f.endswith(".jpg"):
                total += os.path.getsize(os.path.join(dp, f))
    return total


# ---------------------------------------------------------------------------------------------


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--corpus", default=os.path.join(HERE, "corpus"))
    ap.add_argument("--replicas", type=int, default=3)
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("--procs", type=int, default=2)
    ap.add_argument("--work", default="/tmp/hotshrink-bench")
    ap.add_argument("--skip-slow", action="store_true", help="leave out ImageMagick and GM")
    ap.add_argument("--only", default="",
                    help="comma-separated words: run only the tools whose name contains one "
                         "(hotshrink default, the base of the ratios, always runs), task A only "
                         "if none of B's is left; no scaling run")
    ap.add_argument("--results", default=os.path.join(HERE, "results"),
                    help="where the CSV, table and charts go")
    args = ap.parse_args()
    results = args.results
    os.makedirs(results, exist_ok=True)

    unique = files_in(args.corpus)
    shutil.rmtree(args.work, ignore_errors=True)
    corpus = os.path.join(args.work, "in")
    os.makedirs(corpus)
    for r in range(args.replicas):
        for f in unique:
            dst = os.path.join(corpus, f if r == 0 else f"{os.path.splitext(f)[0]}~{r}.jpg")
            shutil.copyfile(os.path.join(args.corpus, f), dst)
    n = len(files_in(corpus))
    mp = sum(w * h for w, h in sizes(args.corpus).values()) / len(unique) / 1e6
    P = args.procs

    # hotshrink gets P job threads, shaped as pool.workers/threads = auto shape P cores: one child
    # JVM per group of up to 4, the threads shared out (on 2 cores: one child with 2 threads).
    W = -(-P // 4)
    T = max(1, P // W)
    tools = []
    for task in ("A", "B"):
        tools += [
            (task, "hotshrink default (turbojpeg)", hotshrink(task, "turbojpeg", "default", W, T)),
            (task, "hotshrink fast (turbojpeg)", hotshrink(task, "turbojpeg", "fast", W, T)),
            (task, "hotshrink default (java)", hotshrink(task, "java", "default", W, T)),
            (task, "vipsthumbnail", vips(task, P)),
            (task, "Pillow pool + draft", pillow(task, True, P)),
            (task, "Pillow pool", pillow(task, False, P)),
        ]
        if not args.skip_slow:
            tools += [(task, "ImageMagick", magick(task, P, False)),
                      (task, "GraphicsMagick", magick(task, P, True))]
    tools += [("A", "decode only, 1/2 scale (libjpeg-turbo via Pillow draft)",
               pillow("decode", True, P)),
              ("A", "decode only, full (libjpeg-turbo via Pillow)", pillow("decode", False, P)),
              ("A", "hotshrink default (java), 1 process, 1 thread",
               hotshrink("A", "java", "default", 1, 1)),
              ("A", "vipsthumbnail, 1 process, 1 thread", vips("A", 1, threads=1)),
              ("A", "vipsthumbnail, 1 process (its own threads)", vips("A", 1))]

    if args.only:
        words = [w.strip() for w in args.only.split(",") if w.strip()]
        tools = [t for t in tools
                 if t[1] == "hotshrink default (turbojpeg)" or any(w in t[1] for w in words)]
        tasks = {t[0] for t in tools if t[1] != "hotshrink default (turbojpeg)"}
        tools = [t for t in tools if t[0] in tasks]

    sampler = RssSampler()
    runs = {}  # (task, tool) -> list of (seconds, rss, load)
    print(f"{n} images ({len(unique)} photos x {args.replicas}), {mp:.1f} MP on average, "
          f"{P} processes, {args.rounds} rounds, {os.cpu_count()} cores", flush=True)
    for rnd in range(args.rounds):
        for task, name, fn in tools:
            out = os.path.join(args.work, f"out-{task}-{abs(hash(name))}")
            shutil.rmtree(out, ignore_errors=True)
            os.makedirs(out)
            sampler.peak = 0
            l0 = loadavg()
            w0 = time.time()
            t0 = time.monotonic()
            ready = fn(corpus, out, sampler)
            dt = time.monotonic() - t0
            w1 = time.time()
            time.sleep(0.1)
            # After start-up: from the moment the tool could take its first image (a per-image
            # tool at once; the Pillow pool once forked; hotshrink once its first child JVM is up).
            st = n / (w1 - ready) if ready and w0 <= ready < w1 else n / dt
            runs.setdefault((task, name), []).append((dt, sampler.peak, l0, out, st))
            print(f"round {rnd + 1} task {task} {name}: {n / dt:.2f} img/s, after start-up "
                  f"{st:.2f} (load {l0:.1f})", flush=True)

    rows = []
    for task in sorted({t[0] for t in tools}):
        key = (task, "hotshrink default (turbojpeg)")
        base = runs[key]
        for (t, name), rs in runs.items():
            if t != task:
                continue
            ratios = [n / r[0] / (n / b[0]) for r, b in zip(rs, base)]
            out = rs[-1][3]
            decode_only = name.startswith("decode only")
            steady = [r[4] for r in rs]
            steady_ratios = [b[4] / r[4] for r, b in zip(rs, base)]
            row = {
                "task": task,
                "tool": name,
                "img_per_s": statistics.median(n / r[0] for r in rs),
                "ratio_to_hotshrink": statistics.median(ratios),
                "hotshrink_ratio": 1 / statistics.median(ratios),
                "after_startup_img_per_s": statistics.median(steady),
                "after_startup_hotshrink_ratio": statistics.median(steady_ratios),
                "peak_rss_mb": max(r[1] for r in rs) / 1048576,
                "output_mb": 0 if decode_only else out_bytes(out) / 1048576,
                "psnr_db": 0 if decode_only else quality(args.corpus, unique, out, task),
                "load_avg": statistics.mean(r[2] for r in rs),
            }
            rows.append(row)

    # Scaling: hotshrink (turbojpeg, default, task A) over workers x threads.
    scaling = []
    for w, th in [] if args.only else [(1, 1), (1, 2), (2, 1), (2, 2)]:
        out = os.path.join(args.work, f"scale-{w}-{th}")
        times = []
        for _ in range(max(1, args.rounds - 1)):
            shutil.rmtree(out, ignore_errors=True)
            os.makedirs(out)
            t0 = time.monotonic()
            hotshrink("A", "turbojpeg", "default", w, th)(corpus, out, sampler)
            times.append(time.monotonic() - t0)
        scaling.append((w, th, statistics.median(times), n / statistics.median(times), loadavg()))
        print(f"scaling {w} workers x {th} threads: {n / statistics.median(times):.2f} img/s",
              flush=True)
    sampler.stop = True

    write(results, rows, scaling, n, len(unique), mp, P, args)


def write(results, rows, scaling, n, unique, mp, P, args):
    cols = ["task", "tool", "img_per_s", "ratio_to_hotshrink", "hotshrink_ratio",
            "after_startup_img_per_s", "after_startup_hotshrink_ratio", "peak_rss_mb", "output_mb", "psnr_db",
            "load_avg"]
    with open(os.path.join(results, "results.csv"), "w", newline="") as f:
        w = csv.writer(f, quoting=csv.QUOTE_NONNUMERIC)
        w.writerow(cols)
        for r in rows:
            w.writerow([float(f"{r[c]:.3f}") if isinstance(r[c], float) else r[c] for c in cols])
    with open(os.path.join(results, "scaling.csv"), "w") as f:
        f.write("workers,threads,seconds,img_per_s,load_avg\n")
        for s in scaling:
            f.write(f"{s[0]},{s[1]},{s[2]:.3f},{s[3]:.3f},{s[4]:.2f}\n")
    cpu = "?"
    with open("/proc/cpuinfo") as f:
        for line in f:
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    md = [f"{time.strftime('%Y-%m-%d')}, {os.cpu_count()} cores ({cpu}), "
          f"{n} images ({unique} photos x {args.replicas}, {mp:.1f} MP on average), "
          f"{P} processes each, {args.rounds} interleaved rounds (medians), JPEG quality 85, "
          f"mean load average during the runs "
          f"{statistics.mean(r['load_avg'] for r in rows):.1f}.", "",
          "img/s: all images over the whole run, start-up included; after start-up: from the "
          "moment the tool could take its first image (hotshrink: its first child JVM ready; the "
          "Pillow pool: forked; a tool run once per image: at once).", "",
          "| task | tool | img/s | hotshrink is N× | img/s after start-up | hotshrink is N× "
          "(after start-up) "
          "| peak RSS MB | output MB | PSNR dB |",
          "|---|---|---:|---:|---:|---:|---:|---:|---:|"]
    for r in rows:
        st = f"{r['after_startup_img_per_s']:.2f}"
        sr = f"{r['after_startup_hotshrink_ratio']:.2f}"
        md.append(f"| {r['task']} | {r['tool']} | {r['img_per_s']:.2f} | "
                  f"{r['hotshrink_ratio']:.2f} | {st} | {sr} | {r['peak_rss_mb']:.0f} | "
                  f"{r['output_mb']:.1f} | "
                  f"{'-' if r['psnr_db'] == 0 else format(r['psnr_db'], '.1f')} |")
    if scaling:
        md += ["", "| workers × threads | img/s |", "|---|---:|"]
        md += [f"| {s[0]} × {s[1]} | {s[3]:.2f} |" for s in scaling]
    with open(os.path.join(results, "table.md"), "w") as f:
        f.write("\n".join(md) + "\n")
    print("\n".join(md))
    if args.only:
        print("a partial run (--only): no charts")
    else:
        charts(results)


def charts(results):
    gp = shutil.which("gnuplot")
    if not gp:
        print("gnuplot not installed: no charts")
        return
    for task in ("A", "B"):
        data = os.path.join(results, f"task{task}.dat")
        # Read as CSV: a tool's name may hold a comma ("decode only, turbojpeg").
        with open(os.path.join(results, "results.csv"), newline="") as f, open(data, "w") as d:
            for row in csv.DictReader(f):
                if row["task"] == task:
                    d.write(f'"{row["tool"]}" {row["img_per_s"]}\n')
    script = f"""
set terminal pngcairo size 1100,700 font "sans,10"
set style data histograms
set style fill solid 0.8 border -1
set boxwidth 0.8
set grid ytics
set yrange [0:*]
set ylabel "images per second (higher is better)"
set xtics rotate by 35 right
set bmargin 12
set lmargin 18
set output "{results}/throughput.png"
set multiplot layout 1,2
set title "Task A: every image to 50%"
plot "{results}/taskA.dat" using 2:xtic(1) notitle lc rgb "#4477aa"
set title "Task B: 1600 px + 320 px renditions"
plot "{results}/taskB.dat" using 2:xtic(1) notitle lc rgb "#66aa55"
unset multiplot
set output "{results}/scaling.png"
set terminal pngcairo size 700,450 font "sans,10"
set xtics norotate
set bmargin 4
set lmargin 10
set title "hotshrink (turbojpeg, default mode), task A: child JVMs x job threads"
set datafile separator ","
plot "{results}/scaling.csv" every ::1 using 4:xtic(sprintf("%dx%d", $1, $2)) notitle lc rgb "#aa5544"
"""
    subprocess.run([gp], input=script.encode(), check=True)
    for task in ("A", "B"):
        os.remove(os.path.join(results, f"task{task}.dat"))


if __name__ == "__main__":
    main()
