#!/usr/bin/env python3
"""Bytes Frontdesk writes to the terminal for one j/k step in the queue at
120x40, as an SSH session would carry them. Runs the real binary under a
pseudo-terminal and counts what it writes after each key.

    benches/ssh_bytes.py target/release/frontdesk path/to/frontdesk.db
"""
import os
import select
import statistics
import struct
import subprocess
import sys
import time
import fcntl
import termios

binary, db = sys.argv[1], sys.argv[2]
master, slave = os.openpty()
fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 40, 120, 0, 0))
env = dict(os.environ, FRONTDESK_DB=db, FRONTDESK_USER="bench", TERM="xterm-256color")
env.pop("NO_COLOR", None)
child = subprocess.Popen([binary], stdin=slave, stdout=slave, stderr=slave, env=env, start_new_session=True)
os.close(slave)


def drain(quiet=0.6, limit=10.0):
    """Reads until the app has been quiet for `quiet` seconds."""
    total, start, last = 0, time.time(), time.time()
    while time.time() - start < limit:
        ready, _, _ = select.select([master], [], [], 0.05)
        if ready:
            try:
                data = os.read(master, 65536)
            except OSError:
                break
            total += len(data)
            last = time.time()
        elif time.time() - last > quiet:
            break
    return total


first = drain(quiet=1.5)
steps = []
for key in "jjjjjjjjjjkkkkk":
    os.write(master, key.encode())
    steps.append(drain())
os.write(master, b"q")
drain(quiet=0.3, limit=2)
child.wait(timeout=5)
print(f"first frame: {first} bytes")
print("steps:", steps)
print(f"one j/k step: median {statistics.median(steps):.0f} bytes, max {max(steps)} bytes over {len(steps)} steps")
