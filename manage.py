#!/usr/bin/env python
import os
import signal
import sys


def main():
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "liangxin.settings")
    try:
        # Imported inside: a Ctrl-C during Django's start-up is a Ctrl-C too.
        from django.core.management import execute_from_command_line

        execute_from_command_line(sys.argv)
    except KeyboardInterrupt:
        # Ctrl-C stops a command (make run, a long seed_demo or migrate): a traceback
        # would only say where it happened to be. 130 is the shell's code for SIGINT.
        sys.exit(130)
    # Finished: a Ctrl-C while the interpreter shuts down has nothing left to stop and
    # would otherwise end the process by the signal (exit -2) instead of 0.
    signal.signal(signal.SIGINT, signal.SIG_IGN)


if __name__ == "__main__":
    main()
