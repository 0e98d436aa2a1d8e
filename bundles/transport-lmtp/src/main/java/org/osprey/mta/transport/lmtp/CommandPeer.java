package org.osprey.mta.transport.lmtp;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A command started with the LMTP dialogue on its standard input and output. As in Exim,
 * the local transport already runs as the right user, and the command's standard error
 * goes nowhere.
 */
final class CommandPeer extends Peer {
    private final Process process;

    private CommandPeer(Process process) {
        this.process = process;
    }

    static CommandPeer start(List<String> argv) throws IOException {
        ProcessBuilder builder = new ProcessBuilder(argv).redirectError(ProcessBuilder.Redirect.DISCARD);
        return new CommandPeer(builder.start());
    }

    @Override
    InputStream input() {
        return process.getInputStream();
    }

    @Override
    OutputStream output() {
        return process.getOutputStream();
    }

    @Override
    void abort() {
        // Exim kills the process group; a Java child is no group leader, so its descendants.
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
    }

    @Override
    void finish(Duration timeout) {
        try {
            process.getOutputStream().close();
        } catch (IOException e) {
            // The command has gone already: nothing more to tell it.
        }
        try {
            if (!process.waitFor(timeout.isZero() ? Long.MAX_VALUE : timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                abort();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            abort();
        }
    }
}
