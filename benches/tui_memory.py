#!/usr/bin/env python3
"""Peak memory of the real app: runs it under a pseudo-terminal at 120x40
on a database, pages through the whole open queue (PgDn), runs five
searches, and reads the peak resident set size (VmHWM) from /proc.

    benches/tui_memory.py target/release/frontdesk target/bench-data/1000000.db
"""
import fcntl
import os
import select
import struct
import subprocess
import sys
import termios
import time

binary, db = sys.argv[1], sys.argv[2]
total = int(subprocess.run(
    ["sqlite3", db, "SELECT count(*) FROM requests WHERE status IN ('new', 'open', 'waiting')"],
    capture_output=True, text=True, check=True).stdout)
master, slave = os.openpty()
fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 40, 120, 0, 0))
env = dict(os.environ, FRONTDESK_DB=db, FRONTDESK_USER="bench", TERM="xterm-256color")
child = subprocess.Popen([binary], stdin=slave, stdout=slave, stderr=slave, env=env, start_new_session=True)
os.close(slave)


def drain(seconds):
    end = time.time() + seconds
    while time.time() < end:
        ready, _, _ = select.select([master], [], [], 0.02)
        if ready:
            try:
                os.read(master, 1 << 16)
            except OSError:
                return


def peak_mb():
    status = open(f"/proc/{child.pid}/status").read()
    return int(status.split("VmHWM:")[1].split()[0]) / 1024


drain(3)
start_mb = peak_mb()
started = time.time()
rows_per_page = 35
for i in range(total // rows_per_page + 2):
    os.write(master, b"\x1b[6~")  # PgDn
    drain(0.004)
drain(2)
scroll_seconds = time.time() - started
for query in ["printer", "vpn", "laptop", "打印机", "password reset"]:
    os.write(master, b"/" + query.encode())
    drain(1.5)
    os.write(master, b"\x1b")
    drain(0.5)
print(f"after start: {start_mb:.0f} MB; paged through {total} open requests in {scroll_seconds:.0f} s "
      f"and ran five searches: peak RSS {peak_mb():.0f} MB")
os.write(master, b"q")
drain(0.5)
child.wait(timeout=5)
