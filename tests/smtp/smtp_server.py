#!/usr/bin/python3
"""A real SMTP server for the notification tests (aiosmtpd, Debian's python3-aiosmtpd).

Listens on 127.0.0.1 (a free port, or --port), prints one line "listening PORT", and keeps
each message it accepts as FOLDER/NNNNNN.eml (the message as received) beside
FOLDER/NNNNNN.rcpt (the envelope recipients, one a line). Runs until stdin closes, so a test
that dies never leaves it behind.
"""
import argparse
import os
import socket
import sys
import threading

from aiosmtpd.controller import Controller


class Store:
    def __init__(self, folder):
        self.folder = folder
        self.count = 0
        self.lock = threading.Lock()

    async def handle_DATA(self, server, session, envelope):
        with self.lock:
            self.count += 1
            name = os.path.join(self.folder, "%06d" % self.count)
        # Written under a temporary name first, so a reader never sees half a message.
        with open(name + ".rcpt.tmp", "w") as out:
            out.write("\n".join(envelope.rcpt_tos) + "\n")
        with open(name + ".eml.tmp", "wb") as out:
            out.write(envelope.original_content or envelope.content)
        os.rename(name + ".rcpt.tmp", name + ".rcpt")
        os.rename(name + ".eml.tmp", name + ".eml")
        return "250 Message accepted for delivery"


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("folder")
    parser.add_argument("--port", type=int, default=0)
    args = parser.parse_args()
    os.makedirs(args.folder, exist_ok=True)
    port = args.port or free_port()
    controller = Controller(Store(args.folder), hostname="127.0.0.1", port=port)
    controller.start()
    print("listening %d" % port, flush=True)
    sys.stdin.read()
    controller.stop()


if __name__ == "__main__":
    main()
