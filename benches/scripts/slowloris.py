#!/usr/bin/env python3
"""Slowloris against a server binary: start it with `ulimit -n 256`, open 300
connections that send half a request head and stop, then time how long a new client
waits for its `200`. Usage: slowloris.py <binary> <path> [stalled] [give-up-seconds]"""
import os, resource, socket, subprocess, sys, time

binary, path = sys.argv[1], sys.argv[2]
stalled_count = int(sys.argv[3]) if len(sys.argv) > 3 else 300
give_up = float(sys.argv[4]) if len(sys.argv) > 4 else 90.0
port = 3990

def limit():
    resource.setrlimit(resource.RLIMIT_NOFILE, (256, 256))

server = subprocess.Popen([binary], env={**os.environ, "PORT": str(port)},
                          stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, preexec_fn=limit)
try:
    for _ in range(100):
        try:
            socket.create_connection(("127.0.0.1", port), 0.2).close(); break
        except OSError:
            time.sleep(0.1)
    stalled = []
    for _ in range(stalled_count):
        s = socket.create_connection(("127.0.0.1", port))
        s.sendall(b"GET / HTTP/1.1\r\nHost: loc")
        stalled.append(s)
    time.sleep(1)
    start = time.monotonic()
    answered = None
    while time.monotonic() - start < give_up and answered is None:
        try:
            c = socket.create_connection(("127.0.0.1", port), 5)
            c.settimeout(give_up)
            c.sendall(f"GET {path} HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n".encode())
            data = c.recv(64)
            if data.startswith(b"HTTP/1.1 200"):
                answered = time.monotonic() - start
            c.close()
        except OSError:
            time.sleep(0.5)
    if answered is None:
        print(f"{os.path.basename(binary)}: {stalled_count} stalled clients; a new client got no answer within {give_up:.0f} s")
    else:
        print(f"{os.path.basename(binary)}: {stalled_count} stalled clients; a new client was answered after {answered:.1f} s")
finally:
    server.kill()
