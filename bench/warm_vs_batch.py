#!/usr/bin/python3
"""A warm daemon against a cold batch on the same photos, and the time to the first output.

Run through bench/warm-vs-batch.sh (which builds the corpus and hotshrink). Interleaved over
--rounds rounds, each round running every measurement once (the order reversed every other round,
so a drift of the machine's load weighs on both sides alike):

  batch   `hotshrink batch` of the photo set, wall time (two JVMs started, then the work);
  moved   a daemon started afresh, warmed on a first drop (the 24 photos), then the photo set
          renamed into its hot folder at once: time from the first rename to the last output;
  copied  the same, the photos copied in one by one while it works: from the first copy;
  first1  `hotshrink batch` of one photo: wall time;
  firstd  a daemon launched with one photo already in its hot folder: from the launch to the
          output (this includes watch.settle, which is also given without it);
  firstm  a daemon launched with an empty hot folder, the photo renamed in as soon as it says it
          is watching: from the launch to the output (and from the rename, in the note);
  java    `java -version`: the floor of any JVM's start-up.

The throughput kinds take a variant, kind@variant (VARIANTS): base is the daemon before issue 18's
last two steps (no quick look for files renamed in, no job sent ahead to a child), quick adds the
quick look, all (or no @) is the default, noearly the default without the early child. A daemon's ratio is taken against the batch of the same
variant when the run has it. first1, firstd and firstm also take issue 18c's variants:
before18c (logback reading conf/logback.xml and the engine probed for the summary, as before),
nolog (the XML only), probe (the probe only); and prev, the build --prev names (its own CDS
archives: the fair "before", as the toggles leave the classes they load out of this build's).

Writes DIR/{runs.csv,summary.csv,table.md,warm-vs-batch.png}.
"""
import argparse
import csv
import os
import shutil
import signal
import statistics
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)


def loadavg():
    with open("/proc/loadavg") as f:
        return float(f.read().split()[0])


TICK = os.sysconf("SC_CLK_TCK")


def cpu_of(pid):
    """CPU seconds (user + system) of one process, or None once it is gone."""
    try:
        with open(f"/proc/{pid}/stat") as f:
            parts = f.read().rsplit(")", 1)[1].split()
        return (int(parts[11]) + int(parts[12])) / TICK
    except (OSError, IndexError):
        return None


def children_of(pid):
    """The processes started by any thread of pid (the JVM starts its children from a pool
    thread, and /proc lists children per thread)."""
    out = []
    try:
        for t in os.listdir(f"/proc/{pid}/task"):
            try:
                with open(f"/proc/{pid}/task/{t}/children") as f:
                    out += [int(c) for c in f.read().split()]
            except OSError:
                pass
    except OSError:
        pass
    return out


def threads_of(pid):
    """CPU seconds of each thread of pid, summed by thread name (HotSpot's compiler threads,
    GC threads and hotshrink's named threads; a name is cut at 15 characters)."""
    out = {}
    try:
        tids = os.listdir(f"/proc/{pid}/task")
    except OSError:
        return out
    for t in tids:
        try:
            with open(f"/proc/{pid}/task/{t}/stat") as f:
                st = f.read()
        except OSError:
            continue
        name = st[st.index("(") + 1:st.rindex(")")]
        name = name.rstrip("0123456789").rstrip("#- ") or name
        parts = st.rsplit(")", 1)[1].split()
        out[name] = out.get(name, 0) + (int(parts[11]) + int(parts[12])) / TICK
    return out


class CpuWatch:
    """The CPU time of a process and of its children (the child JVMs), sampled every 50 ms on a
    thread, so that what a process used is known up to its end: parent() and children() give the
    seconds since mark()."""

    def __init__(self, pid):
        import threading
        self.pid = pid
        self.last = {}
        self.base = {}
        self.threads = {}
        self.base_threads = {}
        self.stop = False
        self.lock = threading.Lock()
        self.thread = threading.Thread(target=self.loop, daemon=True)
        self.sample()
        self.thread.start()

    def sample(self):
        for p in [self.pid] + children_of(self.pid):
            c = cpu_of(p)
            if c is not None:
                with self.lock:
                    self.last[p] = c
        th = threads_of(self.pid)
        if th:
            with self.lock:
                self.threads = th

    def loop(self):
        while not self.stop:
            self.sample()
            time.sleep(0.05)

    def mark(self):
        self.sample()
        with self.lock:
            self.base = dict(self.last)
            self.base_threads = dict(self.threads)

    def thread_report(self):
        """The parent's threads that used at least 0.05 s since mark(), busiest first."""
        with self.lock:
            d = {n: c - self.base_threads.get(n, 0) for n, c in self.threads.items()}
        return ", ".join(f"{n} {c:.2f}" for n, c in sorted(d.items(), key=lambda x: -x[1])
                         if c >= 0.05)

    def done(self):
        self.sample()
        self.stop = True
        with self.lock:
            d = {p: c - self.base.get(p, 0) for p, c in self.last.items()}
        if os.environ.get("BENCH_THREADS"):
            print(f"  parent's threads, CPU s: {self.thread_report()}", flush=True)
        return d.get(self.pid, 0), sum(c for p, c in d.items() if p != self.pid)


def jpegs(d):
    try:
        return [f for f in os.listdir(d) if f.endswith(".jpg")]
    except FileNotFoundError:
        return []


def wait_count(d, n, timeout, proc=None, step=0.01):
    """Polls folder d until it holds n JPEGs (temp files end in .hstmp); returns that moment."""
    deadline = time.monotonic() + timeout
    while True:
        if len(jpegs(d)) >= n:
            return time.monotonic()
        if proc is not None and proc.poll() is not None:
            raise RuntimeError(f"the daemon exited ({proc.returncode}) before {d} held {n}")
        if time.monotonic() > deadline:
            raise RuntimeError(f"timed out: {d} holds {len(jpegs(d))} of {n}")
        time.sleep(step)


# The start-up steps, for the first-output measurements (kind@step): each one's environment
# turns off the steps after it, so that what each saved shows in one interleaved run.
STEPS = {
    "none": {"HOTSHRINK_CDS_DIR": "/nonexistent", "JAVA_OPTS": "-Dhotshrink.early-child=false"},
    "cds": {"JAVA_OPTS": "-Dhotshrink.early-child=false"},
    "all": {},
}


# JAVA_OPTS of the throughput variants (moved@base, batch@base, ...): each turns off the steps after
# it. The quick look does not apply to a batch, which scans its folder once.
VARIANTS = {
    "base": "-Dhotshrink.quick-look=false -Dhotshrink.send-ahead=false",
    "quick": "-Dhotshrink.send-ahead=false",
    "all": "",
    "noearly": "-Dhotshrink.early-child=false",
    # issue 18d: the parent with the optimising compiler (C2) again, as before
    "c2": "-XX:TieredStopAtLevel=4",
    # issue 18d: run's command line read by picocli, as every other command's
    "picocli": "-Dhotshrink.quick-run=false",
    # issue 18c, the daemon's start (firstd/firstm@...): before18c without both steps, nolog
    # with logback reading conf/logback.xml, probe with the engine probed for the summary
    "before18c": "-Dhotshrink.log-in-code=false -Dhotshrink.probe-engine=true",
    "nolog": "-Dhotshrink.log-in-code=false",
    "probe": "-Dhotshrink.probe-engine=true",
    # another build altogether (--prev: its bin/hotshrink, with its own CDS archives)
    "prev": "",
}
BATCH_OF = {"base": "batch@base", "quick": "batch@base", "all": "batch", "noearly": "batch",
            "before18c": "batch", "nolog": "batch", "probe": "batch", "prev": "batch",
            "c2": "batch@c2", "picocli": "batch"}


# What each variant (kind@variant) changes, in the table and (shorter) in the chart. "all" is every
# step: the quick look and the job sent ahead (batch/moved/copied/firstm), or CDS and the early
# child (first1/firstd).
WORDS = {
    "base": "without the quick look or the job sent ahead",
    "quick": "with the quick look, without the job sent ahead",
    "all": "with both",
    "noearly": "without the early child",
    "before18c": "before issue 18c (logback reading its XML, the engine probed)",
    "nolog": "with logback reading its XML",
    "probe": "with the engine probed for the summary",
    "prev": "the --prev build",
    "c2": "the parent with the optimising compiler (C2)",
    "picocli": "run's command line read by picocli",
    "none": "without CDS or the early child",
    "cds": "with CDS, without the early child",
}
SHORT = {"base": "before", "quick": "quick look", "all": "both", "noearly": "no early child",
         "before18c": "before 18c", "nolog": "logback XML", "probe": "engine probed",
         "prev": "prev build", "c2": "parent C2", "picocli": "picocli", "none": "plain",
         "cds": "CDS"}
# A batch has no quick look (it scans its folder once): its variants differ by the job sent ahead.
BATCH_WORDS = {"base": "without the job sent ahead", "quick": "without the job sent ahead",
               "all": "with the job sent ahead"}


def named(k, base, words, batch_words=None):
    """kind@variant as words: the kind's, then what the variant changes (for a batch, batch_words
    where they have the variant)."""
    kind, _, v = k.partition("@")
    if not v:
        return base[kind]
    w = (batch_words or {}).get(v) if kind == "batch" else None
    return f"{base[kind]}, {w or words[v]}"

class Bench:
    def __init__(self, args):
        self.a = args
        self.work = args.work
        self.hs = args.hotshrink
        self.env = dict(os.environ)
        if args.java_opts is not None:
            self.env["JAVA_OPTS"] = args.java_opts
        self.notes = {}  # kind -> [per-round figures for the table's note]

    def bin(self, env):
        """bin/hotshrink of this run, or of the --prev build for the @prev variant."""
        return (env or self.env).get("HOTSHRINK_BENCH_BIN", self.hs)

    def variant_env(self, variant):
        if variant == "prev":
            if not self.a.prev:
                raise SystemExit("@prev needs --prev PATH/bin/hotshrink")
            return dict(self.env, HOTSHRINK_BENCH_BIN=self.a.prev)
        opts = (self.env.get("JAVA_OPTS", "") + " " + VARIANTS[variant]).strip()
        return dict(self.env, JAVA_OPTS=opts)

    def conf(self, path, extra=""):
        with open(path, "w") as f:
            f.write("hotshrink {\n"
                    "  renditions = [ { name = half, scale = 0.5, quality = 85 } ]\n"
                    "  resize { engine = turbojpeg, mode = default }\n"
                    f"  pool {{ workers = 1, threads = 2, heap = 768m }}\n"
                    f"{extra}"
                    "}\n")
        return path

    def prepare(self):
        shutil.rmtree(self.work, ignore_errors=True)
        self.photos = os.path.join(self.work, "photos")
        self.warm = os.path.join(self.work, "warm")
        self.one = os.path.join(self.work, "one")
        for d in (self.photos, self.warm, self.one):
            os.makedirs(d)
        unique = sorted(f for f in os.listdir(self.a.corpus) if f.lower().endswith(".jpg"))
        for r in range(self.a.replicas):
            for f in unique:
                stem = os.path.splitext(f)[0]
                shutil.copyfile(os.path.join(self.a.corpus, f),
                                os.path.join(self.photos, f"{stem}~{r}.jpg"))
        for f in unique:
            shutil.copyfile(os.path.join(self.a.corpus, f), os.path.join(self.warm, "w-" + f))
        # The first-output photo: a typical one (the median size of the corpus).
        by_size = sorted(unique, key=lambda f: os.path.getsize(os.path.join(self.a.corpus, f)))
        shutil.copyfile(os.path.join(self.a.corpus, by_size[len(by_size) // 2]),
                        os.path.join(self.one, "one.jpg"))
        self.n = len(jpegs(self.photos))
        self.batch_conf = self.conf(os.path.join(self.work, "batch.conf"))

    # --- the measurements -----------------------------------------------------------------

    def batch(self, src, n, env=None):
        out = os.path.join(self.work, "out-batch")
        shutil.rmtree(out, ignore_errors=True)
        t0 = time.monotonic()
        p = subprocess.Popen([self.bin(env), "batch", "-c", self.batch_conf, src, out],
                             env=env or self.env,
                             stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        cpu = CpuWatch(p.pid)
        _, err = p.communicate()
        dt = time.monotonic() - t0
        parent, child = cpu.done()
        if p.returncode != 0 or len(jpegs(out)) != n:
            raise RuntimeError(f"batch failed ({p.returncode}): {err.decode()[-2000:]}")
        return dt, parent, child

    def start_daemon(self, name, settle=None, preload=None, env=None):
        d = os.path.join(self.work, name)
        shutil.rmtree(d, ignore_errors=True)
        os.makedirs(os.path.join(d, "in"))
        if preload:
            shutil.copyfile(preload, os.path.join(d, "in", os.path.basename(preload)))
        extra = ("  input = in, output = out, failed = failed, state = state\n"
                 "  http { enabled = false }\n")
        if settle:
            extra += f"  watch {{ settle = {settle} }}\n"
        conf = self.conf(os.path.join(d, "hotshrink.conf"), extra)
        log = open(os.path.join(d, "daemon.log"), "wb")
        t0 = time.monotonic()
        p = subprocess.Popen([self.bin(env), "run", "-c", conf], cwd=d, env=env or self.env,
                             stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
        return d, p, t0

    def stop_daemon(self, d, p):
        p.send_signal(signal.SIGTERM)
        try:
            p.wait(60)
        except subprocess.TimeoutExpired:
            p.kill()
            p.wait()
        if not self.a.keep:
            shutil.rmtree(d, ignore_errors=True)

    def warm_daemon(self, name, env=None):
        d, p, _ = self.start_daemon(name, env=env)
        os.makedirs(os.path.join(d, "in", "warm"))
        for f in sorted(os.listdir(self.warm)):
            shutil.copyfile(os.path.join(self.warm, f), os.path.join(d, "in", "warm", f))
        wait_count(os.path.join(d, "out", "warm"), len(os.listdir(self.warm)), 300, p)
        time.sleep(self.a.idle)  # the warm daemon idles a little, as one does between drops
        return d, p

    def moved(self, variant="all"):
        d, p = self.warm_daemon("daemon-moved", self.variant_env(variant))
        try:
            # Staged on the same file system, so that each is one rename into the hot folder.
            stage = os.path.join(d, "stage")
            shutil.copytree(self.photos, stage)
            names = sorted(os.listdir(stage))
            inn = os.path.join(d, "in")
            cpu = CpuWatch(p.pid)
            cpu.mark()
            t0 = time.monotonic()
            for f in names:
                os.rename(os.path.join(stage, f), os.path.join(inn, f))
            t1 = wait_count(os.path.join(d, "out"), self.n, 900, p)
            return (t1 - t0, *cpu.done())
        finally:
            self.stop_daemon(d, p)

    def copied(self, variant="all"):
        d, p = self.warm_daemon("daemon-copied", self.variant_env(variant))
        try:
            inn = os.path.join(d, "in")
            cpu = CpuWatch(p.pid)
            cpu.mark()
            t0 = time.monotonic()
            for f in sorted(os.listdir(self.photos)):
                shutil.copyfile(os.path.join(self.photos, f), os.path.join(inn, f))
            t1 = wait_count(os.path.join(d, "out"), self.n, 900, p)
            return (t1 - t0, *cpu.done())
        finally:
            self.stop_daemon(d, p)

    def step_env(self, step):
        return dict(self.env, **STEPS[step])

    def first_batch(self, env):
        """A batch of one photo: wall time."""
        return self.batch(self.one, 1, env)[0]

    def first_daemon(self, env):
        """A daemon launched with the photo waiting in its hot folder: launch to output."""
        d, p, t0 = self.start_daemon("daemon-first", settle=self.a.first_settle,
                                     preload=os.path.join(self.one, "one.jpg"), env=env)
        try:
            t1 = wait_count(os.path.join(d, "out"), 1, 60, p, step=0.005)
            return t1 - t0
        finally:
            self.stop_daemon(d, p)

    def first_moved(self, kind="firstm", env=None):
        """A daemon launched with an empty hot folder; the photo renamed in once it watches."""
        d, p, t0 = self.start_daemon("daemon-firstm", env=env or self.env)
        try:
            stage = os.path.join(d, "one.jpg")
            shutil.copyfile(os.path.join(self.one, "one.jpg"), stage)
            log = os.path.join(d, "daemon.log")
            deadline = time.monotonic() + 60
            while True:
                with open(log, "rb") as f:
                    if b" watching " in f.read():
                        break
                if p.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError("the daemon did not start watching")
                time.sleep(0.002)
            tm = time.monotonic()
            os.rename(stage, os.path.join(d, "in", "one.jpg"))
            t1 = wait_count(os.path.join(d, "out"), 1, 60, p, step=0.005)
            self.notes.setdefault(kind, []).append((tm - t0, t1 - tm))
            return t1 - t0
        finally:
            self.stop_daemon(d, p)

    def java_version(self):
        java = os.path.join(os.environ["JAVA_HOME"], "bin", "java") \
            if os.environ.get("JAVA_HOME") else "java"
        t0 = time.monotonic()
        subprocess.run([java, "-version"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                       check=True)
        return time.monotonic() - t0


def settle_seconds(s):
    """HOCON durations as the bench passes them: 1s, 200ms."""
    return float(s[:-2]) / 1000 if s.endswith("ms") else float(s.rstrip("s"))


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--corpus", default=os.path.join(HERE, "corpus"))
    ap.add_argument("--replicas", type=int, default=14)
    ap.add_argument("--rounds", type=int, default=5)
    ap.add_argument("--only", default="batch,moved,copied,first1,firstd,firstm,java",
                    help="comma-separated: which measurements")
    ap.add_argument("--first-settle", default="1s",
                    help="watch.settle of the first-output daemon (the others keep the default)")
    ap.add_argument("--idle", type=float, default=2.0,
                    help="seconds the warmed daemon idles before the drop")
    ap.add_argument("--work", default="/tmp/hotshrink-warm-vs-batch")
    ap.add_argument("--hotshrink", default=os.path.join(ROOT, "target", "hotshrink", "bin",
                                                        "hotshrink"))
    ap.add_argument("--prev", default=None,
                    help="bin/hotshrink of another build, for kind@prev (first1/firstd/firstm)")
    ap.add_argument("--java-opts", default=None, help="JAVA_OPTS for every hotshrink command")
    ap.add_argument("--label", default="", help="a word for this run, in the table")
    ap.add_argument("--keep", action="store_true", help="keep the daemons' folders and logs")
    ap.add_argument("--results", default=os.path.join(HERE, "results", "warm-vs-batch"))
    ap.add_argument("--from-runs", action="store_true",
                    help="measure nothing: rewrite the table and chart of --results from its "
                         "runs.csv (the rename notes of firstm are not in it)")
    args = ap.parse_args()
    os.makedirs(args.results, exist_ok=True)
    b = Bench(args)
    if args.from_runs:
        return rewrite(args, b)
    b.prepare()
    kinds = [k for k in args.only.split(",") if k]
    fns = {"batch": lambda: b.batch(b.photos, b.n), "moved": b.moved, "copied": b.copied,
           "firstm": b.first_moved, "java": b.java_version}
    # first1/firstd: with every start-up step (plain first1, firstd), without some (STEPS), or
    # with a variant's JAVA_OPTS (VARIANTS)
    envs = {s: lambda s=s: b.step_env(s) for s in STEPS}
    envs.update({v: lambda v=v: b.variant_env(v) for v in VARIANTS if v not in STEPS})
    for k, env in envs.items():
        fns[f"first1@{k}"] = lambda env=env: b.first_batch(env())
        fns[f"firstd@{k}"] = lambda env=env: b.first_daemon(env())
    fns["first1"], fns["firstd"] = fns["first1@all"], fns["firstd@all"]
    for v in VARIANTS:
        fns[f"batch@{v}"] = lambda v=v: b.batch(b.photos, b.n, b.variant_env(v))
        fns[f"moved@{v}"] = lambda v=v: b.moved(v)
        fns[f"copied@{v}"] = lambda v=v: b.copied(v)
        fns[f"firstm@{v}"] = lambda v=v: b.first_moved(f"firstm@{v}", b.variant_env(v))
    print(f"{b.n} photos, {args.rounds} rounds, {os.cpu_count()} cores; {', '.join(kinds)}",
          flush=True)
    runs = []  # (round, kind, seconds, load)
    for r in range(args.rounds):
        order = kinds if r % 2 == 0 else list(reversed(kinds))
        for k in order:
            load = loadavg()
            s = fns[k]()
            s, parent, child = s if isinstance(s, tuple) else (s, None, None)
            runs.append((r + 1, k, s, load, parent, child))
            cpu = "" if parent is None else f", CPU s parent {parent:.2f} children {child:.2f}"
            print(f"round {r + 1} {k}: {s:.3f} s (load {load:.2f}{cpu})", flush=True)
    write(args, b, kinds, runs)


def rewrite(args, b):
    """The table and chart of an earlier run, from its runs.csv (nothing prepared or run)."""
    b.n = args.replicas * len([f for f in os.listdir(args.corpus) if f.lower().endswith(".jpg")])
    def num(x):
        return float(x) if x else None
    with open(os.path.join(args.results, "runs.csv")) as f:
        runs = [(int(r["round"]), r["kind"], float(r["seconds"]), float(r["load_avg"]),
                 num(r["parent_cpu_s"]), num(r["children_cpu_s"])) for r in csv.DictReader(f)]
    kinds = list(dict.fromkeys(r[1] for r in runs))
    write(args, b, kinds, runs)


def run_header(res):
    """The opening of an earlier table's first line, up to its photo count (date, label, cores,
    photos): the run's, which a redraw must not replace with today's and this machine's."""
    try:
        with open(os.path.join(res, "table.md")) as f:
            first = f.readline()
    except OSError:
        return None
    i = first.find("), 50 %")
    return first[:i + 3] if i > 0 else None


def write(args, b, kinds, runs):
    res = args.results
    with open(os.path.join(res, "runs.csv"), "w") as f:
        f.write("round,kind,seconds,load_avg,parent_cpu_s,children_cpu_s\n")
        for r in runs:
            cpu = ",," if r[4] is None else f",{r[4]:.2f},{r[5]:.2f}"
            f.write(f"{r[0]},{r[1]},{r[2]:.4f},{r[3]:.2f}{cpu}\n")
    by = {k: {r[0]: r[2] for r in runs if r[1] == k} for k in kinds}
    rounds = sorted({r[0] for r in runs})
    load = statistics.mean(r[3] for r in runs)
    settle = settle_seconds(args.first_settle)

    def ratio(num, den):
        if num not in by or den not in by:
            return None
        per = [by[num][r] / by[den][r] for r in rounds]
        return statistics.median(per), min(per), max(per)

    rows = []  # (what, median seconds, ratio text)
    med = {k: statistics.median(by[k].values()) for k in kinds}
    labels = {
        "batch": f"cold `hotshrink batch`, {b.n} photos",
        "moved": f"warm daemon, {b.n} photos moved in at once",
        "copied": f"warm daemon, {b.n} photos copied in while it works",
        "first1": "`hotshrink batch` of one photo",
        "firstd": f"first output of a just-started daemon (settle {args.first_settle} included)",
        "firstm": "first output of a just-started daemon, the photo renamed in once it watches",
        "java": "`java -version`",
    }
    for k in kinds:
        note = ""
        if k.split("@")[0] in ("moved", "copied"):
            v = k.split("@")[1] if "@" in k else "all"
            against = BATCH_OF[v] if BATCH_OF[v] in by else "batch"
            q = ratio(against, k)
            if q:
                per = " ".join(f"{by[against][r] / by[k][r]:.3f}" for r in rounds)
                note = (f"{against} / daemon **{q[0]:.3f}×** ({q[1]:.3f}–{q[2]:.3f}; "
                        f"per round {per})")
        elif k.split("@")[0] in ("first1", "firstd", "firstm"):
            q = ratio(k, "java")
            if q:
                note = f"{q[0]:.2f}× `java -version`"
            if k.startswith("firstd"):
                note += f"{'; ' if note else ''}without the settle window {med[k] - settle:.3f} s"
            if k in b.notes:
                at = statistics.median(n[0] for n in b.notes[k])
                lat = statistics.median(n[1] for n in b.notes[k])
                note += f"{'; ' if note else ''}renamed in at {at:.3f} s, output {lat:.3f} s later"
        pc = [r[4] for r in runs if r[1] == k and r[4] is not None]
        cc = [r[5] for r in runs if r[1] == k and r[5] is not None]
        cpu = f"{statistics.median(pc):.2f} / {statistics.median(cc):.2f}" if pc else ""
        rows.append((named(k, labels, WORDS, BATCH_WORDS), med[k], cpu, note))
    with open(os.path.join(res, "summary.csv"), "w") as f:
        f.write("kind,median_seconds,min_seconds,max_seconds,rounds,load_avg\n")
        for k in kinds:
            v = list(by[k].values())
            f.write(f"{k},{med[k]:.4f},{min(v):.4f},{max(v):.4f},{len(v)},{load:.2f}\n")
    # when the run was made, its machine and its corpus: from its own table when only redrawn
    when = (run_header(res) if args.from_runs else None) or (
        f"{time.strftime('%Y-%m-%d %H:%M')}{' — ' + args.label if args.label else ''}: "
        f"{os.cpu_count()} cores, {b.n} photos ({b.n // args.replicas} × {args.replicas}), ")
    md = [f"{when}"
          f"50 %, one child × 2 threads, {len(rounds)} interleaved rounds (medians; ratios are "
          f"medians of the per-round ratios, min–max in brackets), mean load average "
          f"{load:.2f}.", "",
          "| measurement | seconds | CPU s: parent / children | |", "|---|---:|---:|---|"]
    md += [f"| {w} | {s:.3f} | {c} | {n} |" for w, s, c, n in rows]
    with open(os.path.join(res, "table.md"), "w") as f:
        f.write("\n".join(md) + "\n")
    print("\n".join(md))
    chart(res, kinds, by, rounds)


def chart(res, kinds, by, rounds):
    if not shutil.which("gnuplot"):
        print("gnuplot not installed: no chart")
        return
    big = [k for k in kinds if k.split("@")[0] in ("batch", "moved", "copied")]
    small = [k for k in kinds if k.split("@")[0] in ("first1", "firstd", "firstm", "java")]
    names = {"batch": "cold batch", "moved": "warm daemon, moved in",
             "copied": "warm daemon, copied in", "first1": "batch of 1",
             "firstd": "daemon, 1st output", "firstm": "daemon, 1st renamed in",
             "java": "java -version"}
    for part, ks in (("big", big), ("small", small)):
        with open(os.path.join(res, f"{part}.dat"), "w") as f:
            for k in ks:
                f.write(f'"{named(k, names, SHORT)}" ' + " ".join(f"{by[k][r]:.4f}" for r in rounds) + "\n")
    cols = len(rounds)
    plots = []
    for part, ks, title in (("big", big, "336 photos: seconds (lower is better)"),
                            ("small", small, "time to first output: seconds")):
        if ks:
            plots.append(f'set title "{title}"\n'
                         f'plot for [i=2:{cols + 1}] "{res}/{part}.dat" using i:xtic(1) '
                         f'title sprintf("round %d", i-1)')
    script = f"""
set terminal pngcairo size 1000,520 font "sans,10"
set output "{res}/warm-vs-batch.png"
set style data histograms
set style histogram clustered gap 1
set style fill solid 0.8 border -1
set grid ytics
set yrange [0:*]
set key top left
set xtics rotate by 25 right
set bmargin 9
set multiplot layout 1,{len(plots)}
{chr(10).join(plots)}
unset multiplot
"""
    subprocess.run(["gnuplot"], input=script.encode(), check=True)
    for part in ("big", "small"):
        os.remove(os.path.join(res, f"{part}.dat"))


if __name__ == "__main__":
    sys.exit(main())
