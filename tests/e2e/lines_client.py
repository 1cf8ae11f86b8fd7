#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""A host-side user of umk boot's lines, for tests/e2e/lines.sh.

  lines_client.py freeport
      print a TCP port free on 127.0.0.1 now
  lines_client.py hold PORT SECONDS
      listen on 127.0.0.1:PORT for SECONDS (a port in use); prints "ready"
  lines_client.py login pty LOGFILE N [COMMAND]
  lines_client.py login port PORT [COMMAND]
      attach to virtual console N (the host pty named in LOGFILE, umk's -v
      stderr: "Virtual console N assigned device '/dev/pts/M'"; its window
      size set to 30 rows, 100 columns first) or to the
      TCP port; wait for getty's "login:", log in as root, run
      `echo hi-$((6*7)); tty` and check its output, then COMMAND (e.g.
      "poweroff -f") if given; print the transcript on stdout
  lines_client.py busy PORT
      connect while every line of PORT is in use: expect umk's refusal
  lines_client.py flood PORT
      log in, run `seq 1 100000`, read nothing for 2 s (the line's output
      waits for room in the socket), then check that every line came
  lines_client.py two PORT
      two clients on one port at once (ssl=port:PORT): each logs in, and
      their ttys differ (ttyS0, ttyS1)
Exit status 0 when all went as expected, 1 (with why on stderr) otherwise.
"""
import fcntl
import os
import re
import select
import socket
import struct
import sys
import termios
import time
import tty

TIMEOUT = 20


class Line:
    def __init__(self, fd=None, sock=None):
        self.fd, self.sock, self.seen, self.rest = fd, sock, b"", b""

    def send(self, data):
        if self.sock:
            self.sock.sendall(data)
        else:
            os.write(self.fd, data)

    def expect(self, pat, timeout=TIMEOUT):
        """Read until the regex pat (bytes) matches what came since the last
        expect; return the match."""
        buf, self.rest = self.rest, b""
        end = time.time() + timeout
        src = self.sock if self.sock else self.fd
        while time.time() < end:
            m = re.search(pat, buf)
            if m:
                self.seen += buf[:m.end()]
                self.rest = buf[m.end():]
                return m
            r, _, _ = select.select([src], [], [], 0.2)
            if not r:
                continue
            try:
                d = self.sock.recv(4096) if self.sock else os.read(self.fd, 4096)
            except OSError:
                d = b""
            if not d:
                break
            buf += d
        self.seen += buf
        sys.stdout.write(self.seen.decode(errors="replace"))
        sys.exit("lines_client: no %r within %d s (got %r)" % (pat, timeout, buf[-300:]))


def pty_line(logfile, n):
    end = time.time() + TIMEOUT
    pat = r"Virtual console %s assigned device '([^']+)'" % n
    while time.time() < end:
        try:
            m = re.search(pat, open(logfile, errors="replace").read())
        except OSError:
            m = None
        if m:
            fd = os.open(m.group(1), os.O_RDWR | os.O_NOCTTY)
            tty.setraw(fd)
            # a size for the line to take over (stty size: "30 100")
            fcntl.ioctl(fd, termios.TIOCSWINSZ, struct.pack("HHHH", 30, 100, 0, 0))
            return Line(fd=fd)
        time.sleep(0.1)
    sys.exit("lines_client: no '%s' in %s" % (pat, logfile))


def port_line(port):
    return Line(sock=socket.create_connection(("127.0.0.1", int(port)), timeout=TIMEOUT))


def login(line, want_tty=None):
    # the prompt may have gone out before we came: Enter asks again
    if line.sock is None:
        line.send(b"\r")
    line.expect(rb"login: ")
    line.send(b"root\r")
    line.expect(rb"# ")
    line.send(b"echo hi-$((6*7)); tty\r")
    m = line.expect(rb"hi-42\r\n(/dev/tty\S*)\r\n")
    got = m.group(1).decode()
    if want_tty and got != want_tty:
        sys.exit("lines_client: tty is %s, not %s" % (got, want_tty))
    line.expect(rb"# ")
    return got


def main():
    a = sys.argv[1:]
    if a[0] == "freeport":
        s = socket.socket()
        s.bind(("127.0.0.1", 0))
        print(s.getsockname()[1])
        return
    if a[0] == "hold":
        s = socket.socket()
        s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        s.bind(("127.0.0.1", int(a[1])))
        s.listen(1)
        print("ready", flush=True)
        time.sleep(float(a[2]))
        return
    if a[0] == "login":
        if a[1] == "pty":
            line, want, rest = pty_line(a[2], a[3]), "/dev/tty" + a[3], a[4:]
        else:
            line, want, rest = port_line(a[2]), None, a[3:]
        got = login(line, want)
        for cmd in rest:
            line.send(cmd.encode() + b"\r")
            if cmd.startswith("poweroff"):
                time.sleep(0.5)
            else:
                line.expect(rb"\n[^\n]*# ")
        sys.stdout.write(line.seen.decode(errors="replace"))
        print("\nlines_client: logged in on %s" % got)
        return
    if a[0] == "busy":
        first = port_line(a[1])
        first.expect(rb"login: ")
        second = port_line(a[1])
        second.expect(rb"in use")
        print("lines_client: the second client was refused")
        return
    if a[0] == "flood":
        line = port_line(a[1])
        login(line)
        line.send(b"seq 1 100000; echo END-$((1+1))\r")
        time.sleep(2)
        m = line.expect(rb"seq 1 100000[^\n]*\n((?:\d+\r\n)*)END-2\r\n", 60)
        nums = m.group(1).split()
        if [int(x) for x in nums] != list(range(1, 100001)):
            sys.exit("lines_client: %d lines came, not 1..100000" % len(nums))
        line.send(b"poweroff -f\r")
        time.sleep(0.5)
        print("lines_client: 100000 lines")
        return
    if a[0] == "two":
        one, two = port_line(a[1]), port_line(a[1])
        t1, t2 = login(one), login(two)
        if t1 == t2:
            sys.exit("lines_client: both clients on %s" % t1)
        print("lines_client: %s and %s" % (t1, t2))
        return
    sys.exit("lines_client: usage: see the top of this file")


if __name__ == "__main__":
    main()
