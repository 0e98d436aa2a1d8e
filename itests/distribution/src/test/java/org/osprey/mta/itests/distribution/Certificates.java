package org.osprey.mta.itests.distribution;

import java.nio.file.Path;
import java.util.List;

/** A self-signed server certificate for the loopback daemon, made with the openssl command. */
final class Certificates {
    private Certificates() {
    }

    /** Writes {@code cert.pem} and {@code key.pem} (RSA 2048, for mail.example, localhost and 127.0.0.1). */
    static void write(Path dir) throws Exception {
        Command openssl = Command.run(dir, List.of("openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes",
                "-keyout", "key.pem", "-out", "cert.pem", "-days", "2", "-subj", "/CN=mail.example",
                "-addext", "subjectAltName=DNS:mail.example,DNS:localhost,IP:127.0.0.1"));
        if (openssl.exitCode() != 0) {
            throw new IllegalStateException("openssl could not make a certificate:\n" + openssl);
        }
    }
}
