#!/usr/bin/env python
import os
import sys


def main():
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "liangxin.settings")
    from django.core.management import execute_from_command_line

    try:
        execute_from_command_line(sys.argv)
    except KeyboardInterrupt:
        # Ctrl-C stops a command (make run, a long seed_demo or migrate): a traceback
        # would only say where it happened to be. 130 is the shell's code for SIGINT.
        sys.exit(130)


if __name__ == "__main__":
    main()
