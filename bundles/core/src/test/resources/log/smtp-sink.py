import socket, threading, sys
def handle(c):
    f = c.makefile('rb')
    c.sendall(b"220 sink.example ESMTP\r\n")
    data = False
    while True:
        l = f.readline()
        if not l: break
        if data:
            if l == b".\r\n":
                data = False; c.sendall(b"250 OK id=sink-42 \"quoted\"\r\n")
            continue
        u = l.upper()
        if u.startswith(b"EHLO"): c.sendall(b"250-sink.example\r\n250-PIPELINING\r\n250 SIZE 1000000\r\n")
        elif u.startswith(b"RCPT") and b"fail" in l: c.sendall(b"550 5.1.1 no such mailbox\r\n")
        elif u.startswith(b"RCPT") and b"later" in l: c.sendall(b"451 4.3.0 try later\r\n")
        elif u.startswith(b"DATA"): data = True; c.sendall(b"354 go\r\n")
        elif u.startswith(b"QUIT"): c.sendall(b"221 bye\r\n"); break
        else: c.sendall(b"250 OK\r\n")
    c.close()
s = socket.socket(); s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
s.bind(("127.0.0.1", 2525)); s.listen(5)
while True:
    c, _ = s.accept(); threading.Thread(target=handle, args=(c,), daemon=True).start()
