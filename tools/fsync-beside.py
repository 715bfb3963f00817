#!/usr/bin/env python3
"""A durable writer beside another command, on the disk alone.

Appends 4 KiB and calls fdatasync in a loop (as a durable commit does), runs the
command after 2 s, and prints the command's MB/s (for a copy of 1.5 GiB) and the
loop's rate while the command ran over its rate in the 2 s before.

    tools/fsync-beside.py dd if=/dev/zero of=FILE bs=1M count=1500 oflag=direct
    tools/fsync-beside.py ionice -c3 dd if=/dev/zero of=FILE bs=1M count=1500 oflag=direct

The loop's file is fsync-beside.log in the current folder (64 MiB, pre-written).
"""
import os
import subprocess
import sys
import threading
import time

COPY_MB = 1500 * 1.048576


def main() -> None:
    fd = os.open("fsync-beside.log", os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o644)
    os.ftruncate(fd, 64 << 20)
    os.fsync(fd)
    block = b"x" * 4096
    ends = []
    stop = False

    def writer() -> None:
        off = 0
        while not stop:
            os.pwrite(fd, block, off)
            os.fdatasync(fd)
            off = (off + 4096) % (60 << 20)
            ends.append(time.time())

    t = threading.Thread(target=writer)
    t.start()
    time.sleep(2)
    a = time.time()
    subprocess.run(sys.argv[1:], stderr=subprocess.DEVNULL, check=False)
    b = time.time()
    time.sleep(2)
    stop = True
    t.join()
    before = sum(1 for e in ends if a - 2 <= e < a) / 2
    during = sum(1 for e in ends if a <= e < b) / (b - a)
    print(
        f"{' '.join(sys.argv[1:3])}: {COPY_MB / (b - a):.0f} MB/s, writer before "
        f"{before:.0f}/s during {during:.0f}/s ratio {during / before:.2f}"
    )
    os.close(fd)
    os.remove("fsync-beside.log")


if __name__ == "__main__":
    main()
