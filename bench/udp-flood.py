#!/usr/bin/env python3
"""One UDP flow that sends COUNT datagrams without waiting, reads back the echoes that come within
a second of the last, and does it again until STOP_FILE is gone; prints
"sent=N echoed=M lost=L". A flooder of a few milliseconds of CPU per burst, not a JVM, so that
the flood, not the flooder, is what the other flows feel. Used by bench/udp.sh; not part of the product.
Run: python3 bench/udp-flood.py HOST PORT COUNT STOP_FILE"""
import os
import socket
import sys

host, port, count, stop = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), sys.argv[4]
sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
sock.connect((host, port))
payload = b"x" * 64
sent = echoed = 0
while os.path.exists(stop):
    for _ in range(count):
        sock.send(payload)
    sent += count
    sock.settimeout(1.0)
    try:
        while True:
            sock.recv(2048)
            echoed += 1
    except (socket.timeout, ConnectionRefusedError):
        pass
print(f"sent={sent} echoed={echoed} lost={sent - echoed} late=0")
