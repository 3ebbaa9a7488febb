#!/usr/bin/env python3
# hostile-sftp.py: an SFTP server on stdin and stdout that starts an upload
# well (version 3 with limits@openssh.com and fsync@openssh.com, a handle for
# the file), then answers its writes in one wrong way, named by the test; or
# says it takes writes of 1,000 bytes at most (tiny-limits); or takes the
# writes (and drops them) and answers the size asked after them wrongly:
# too small (fstat-lies), with a refusal (fstat-refused), or without one
# (fstat-silent).
#
# Copyright 2026 The TuneMantra Authors
#
# SPDX-License-Identifier: GPL-3.0-or-later

import struct
import sys

mode = sys.argv[1]
stdin = sys.stdin.buffer
stdout = sys.stdout.buffer


def read_packet():
    head = stdin.read(4)
    if len(head) < 4:
        sys.exit(0)
    (length,) = struct.unpack(">I", head)
    body = stdin.read(length)
    return body[0], body[1:]


def send(kind, payload):
    stdout.write(struct.pack(">IB", len(payload) + 1, kind) + payload)
    stdout.flush()


def string(data):
    return struct.pack(">I", len(data)) + data


def status(request, code, message=b""):
    send(101, struct.pack(">II", request, code) + string(message) + string(b"en"))


read_packet()  # INIT
send(2, struct.pack(">I", 3)
     + string(b"limits@openssh.com") + string(b"1")
     + string(b"fsync@openssh.com") + string(b"1"))
while True:
    kind, payload = read_packet()
    (request,) = struct.unpack(">I", payload[:4])
    if kind == 200 and payload[8:8 + struct.unpack(">I", payload[4:8])[0]] != b"limits@openssh.com":
        status(request, 0)    # fsync@openssh.com
    elif kind == 200:  # limits@openssh.com
        write = 1000 if mode == "tiny-limits" else 261120
        send(201, struct.pack(">IQQQQ", request, 262144, 261120, write, 64))
    elif kind == 3:    # OPEN
        send(102, struct.pack(">I", request) + string(b"h1"))
    elif kind == 8 and mode == "fstat-lies":       # FSTAT
        send(105, struct.pack(">IIQ", request, 1, 1))
    elif kind == 8 and mode == "fstat-refused":
        status(request, 4, b"Failure\x1b[31m")
    elif kind == 8 and mode == "fstat-silent":
        send(105, struct.pack(">II", request, 0))
    elif kind != 6:    # anything but WRITE
        status(request, 0)
    elif mode == "wrong-id":
        status(request + 1000, 0)
    elif mode == "huge":
        stdout.write(struct.pack(">I", 0x7FFFFFFF))
        stdout.flush()
        stdin.read()
        sys.exit(0)
    elif mode == "refuse":
        status(request, 4, b"No space left\x1b[31m on \xffdevice\x07")
    elif mode == "handle":
        send(102, struct.pack(">I", request) + string(b"h2"))
    elif mode == "close":
        sys.exit(0)
    else:
        status(request, 0)
