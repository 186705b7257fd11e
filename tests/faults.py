"""Fault injection for tests/test_reliability.py: run the itsvc command
and stop it, uncommitted, once N records are done, until it is killed.

    python tests/faults.py N -c CONFIG -d DATABASE billing-run ...
"""
import sys
import time

from itsvc import cli
from itsvc.progress import Progress


def pause_after(pause):
    "Make every progress stop once pause records are done"
    advance = Progress.advance
    done = 0

    def step(self, count=1):
        nonlocal done
        advance(self, count)
        done += count
        if done >= pause:
            print('paused', flush=True)
            time.sleep(3600)
    Progress.advance = step


if __name__ == '__main__':
    pause_after(int(sys.argv[1]))
    sys.exit(cli.main(sys.argv[2:]))
