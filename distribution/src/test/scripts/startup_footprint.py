#!/usr/bin/env python3
"""Start-up time and memory of a local-only server, for several unpacked distributions in one run.

Usage: startup_footprint.py [--runs N] LABEL=DIST_HOME [LABEL=DIST_HOME ...]

Each round starts every distribution once (in turn, so machine noise hits all alike):
bin/visualdl --logdir <empty temp folder> --port <free port>, polls GET /api/health every 20 ms
until 200, waits 3 s, then reads the Java process's VmRSS (/proc) and its heap in use
(jcmd GC.heap_info), counts the bundles in its Felix cache, and stops it with SIGTERM.
Prints the median and the range of each figure per distribution.
"""
import os, re, signal, socket, statistics, subprocess, sys, tempfile, time, urllib.request, glob


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def java_pid(shell_pid):
    # bin/visualdl execs java, so the pid is the JVM's.
    return shell_pid


def one(home):
    port = free_port()
    with tempfile.TemporaryDirectory() as tmp:
        logs = os.path.join(tmp, "logs"); os.mkdir(logs)
        jtmp = os.path.join(tmp, "jtmp"); os.mkdir(jtmp)
        env = dict(os.environ, VISUALDL_OPTS="-Djava.io.tmpdir=" + jtmp)
        t0 = time.monotonic()
        p = subprocess.Popen([os.path.join(home, "bin/visualdl"), "--logdir", logs, "--port", str(port)],
                             stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env)
        healthy = None
        while time.monotonic() - t0 < 60:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/api/health", timeout=1) as r:
                    if r.status == 200:
                        healthy = time.monotonic() - t0
                        break
            except Exception:
                pass
            time.sleep(0.02)
        time.sleep(3)
        rss = None
        with open(f"/proc/{p.pid}/status") as f:
            for line in f:
                if line.startswith("VmRSS:"):
                    rss = int(line.split()[1]) / 1024
        heap = None
        out = subprocess.run(["jcmd", str(p.pid), "GC.heap_info"], capture_output=True, text=True).stdout
        m = re.search(r"total (\d+)K, used (\d+)K", out)
        if m:
            heap = int(m.group(2)) / 1024
        bundles = len(glob.glob(os.path.join(jtmp, "visualdl-felix-*", "cache", "bundle*", "bundle.info")))
        storage = [open(f).read() for f in glob.glob(os.path.join(jtmp, "visualdl-felix-*", "cache", "bundle*", "bundle.info"))]
        remote = sum(1 for s in storage if "storage.hdfs" in s or "storage.s3" in s)
        p.send_signal(signal.SIGTERM)
        p.wait(30)
        return healthy, rss, heap, bundles, remote


def main(argv):
    runs = 5
    if argv[:1] == ["--runs"]:
        runs = int(argv[1]); argv = argv[2:]
    dists = [a.split("=", 1) for a in argv]
    results = {label: [] for label, _ in dists}
    for i in range(runs):
        for label, home in dists:
            results[label].append(one(home))
    print(f"local-only server, empty log folder, {runs} runs each (median [min..max]):")
    for label, rs in results.items():
        def fmt(idx, unit, nd=0):
            vals = [r[idx] for r in rs if r[idx] is not None]
            if not vals:
                return "n/a"
            return f"{statistics.median(vals):.{nd}f} {unit} [{min(vals):.{nd}f}..{max(vals):.{nd}f}]"
        print(f"  {label:8s} healthy after {fmt(0, 's', 2)}, RSS {fmt(1, 'MiB')}, heap used {fmt(2, 'MiB')},"
              f" bundles installed {rs[0][3]}, storage.hdfs/s3 installed {rs[0][4]}")


if __name__ == "__main__":
    main(sys.argv[1:])
