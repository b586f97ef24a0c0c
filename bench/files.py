#!/usr/bin/env python3
"""What the kernel alone spends on a site's files: makes N folders, each with one
index.html of SIZE bytes, as a build's entity pages are (mkdir, open, write, close),
and prints the process's user and system time.

Usage: python3 bench/files.py [--dir DIR] [--count N] SIZE...
DIR defaults to /dev/shm/gongshi-files, N to 141000 (the 100k site's pages), the sizes
to 5700 4000. Each size is run in turn and its files removed.
"""
import os
import shutil
import sys
import time


def run(root, n, size):
    shutil.rmtree(root, ignore_errors=True)
    os.mkdir(root)
    data = b"x" * size
    t0, w0 = os.times(), time.time()
    for i in range(n):
        folder = f"{root}/{i:018d}"
        os.mkdir(folder)
        fd = os.open(folder + "/index.html", os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o644)
        os.write(fd, data)
        os.close(fd)
    t1, w1 = os.times(), time.time()
    shutil.rmtree(root)
    print(f"{size:6d} B x {n}: user {t1.user - t0.user:.2f} s, sys {t1.system - t0.system:.2f} s, wall {w1 - w0:.2f} s")


def main(args):
    root, n, sizes = "/dev/shm/gongshi-files", 141000, []
    while args:
        arg = args.pop(0)
        if arg == "--dir":
            root = args.pop(0)
        elif arg == "--count":
            n = int(args.pop(0))
        else:
            sizes.append(int(arg))
    for size in sizes or [5700, 4000]:
        run(root, n, size)


if __name__ == "__main__":
    main(sys.argv[1:])
