package org.osprey.mta.core.expand;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.util.List;
import org.osprey.mta.kernel.expand.ExpansionException;

/**
 * {@code ${readsocket{socket}{request}{timeout}{eol}{fail string}}}: sends the request to a
 * Unix socket (a path) or {@code inet:host:port}, returns what comes back; on failure the fail
 * string if there is one, else an error.
 */
record ReadSocketItem(List<Node> args, Node failString, SyntaxError trailing) implements Node {

    @Override
    public String eval(Evaluation ev, boolean skipping) throws ExpansionException {
        String[] v = new String[4];
        for (int i = 0; i < args.size(); i++) {
            v[i] = args.get(i).eval(ev, skipping);
        }
        String result = "";
        if (!skipping) {
            try {
                result = exchange(v[0], v[1], v[3]);
            } catch (IOException | RuntimeException e) {
                String message = v[0].startsWith("inet:")
                        ? "failed to connect to any address for " + host(v[0]) + ": " + reason(e)
                        : "failed to connect to socket " + v[0] + ": " + reason(e);
                if (failString == null) {
                    throw ExpansionException.error(message);
                }
                result = failString.eval(ev, false);
                if (trailing != null) {
                    trailing.eval(ev, false);
                }
                return result;
            }
        }
        if (failString != null) {
            failString.eval(ev, true);
        }
        if (trailing != null) {
            trailing.eval(ev, skipping);
        }
        return skipping ? "" : result;
    }

    private static String exchange(String socket, String request, String eol) throws IOException {
        SocketChannel channel;
        if (socket.startsWith("inet:")) {
            String rest = socket.substring(5);
            int colon = rest.lastIndexOf(':');
            channel = SocketChannel.open(new InetSocketAddress(rest.substring(0, colon), Integer.parseInt(rest.substring(colon + 1))));
        } else {
            channel = SocketChannel.open(StandardProtocolFamily.UNIX);
            channel.connect(UnixDomainSocketAddress.of(socket));
        }
        try (SocketChannel c = channel) {
            if (!request.isEmpty()) {
                c.write(ByteBuffer.wrap(ByteStrings.bytes(request)));
            }
            c.shutdownOutput();
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            ByteBuffer buf = ByteBuffer.allocate(4096);
            while (c.read(buf) > 0) {
                out.write(buf.array(), 0, buf.position());
                buf.clear();
            }
            String text = ByteStrings.of(out.toByteArray());
            return eol == null ? text : text.replace("\n", eol);
        }
    }

    private static String host(String socket) {
        String rest = socket.substring(5);
        int colon = rest.lastIndexOf(':');
        return colon < 0 ? rest : rest.substring(0, colon);
    }

    private static String reason(Exception e) {
        String m = e.getMessage();
        if (m == null || e instanceof java.nio.file.NoSuchFileException) {
            return "No such file or directory";
        }
        return m;
    }
}
