package org.osprey.mta.lookup.dnsdb;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.xbill.DNS.CNAMERecord;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.RRset;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.SetResponse;
import org.xbill.DNS.Zone;

/**
 * A small DNS server for the dnsdb tests and for recording Exim's answers: answers over
 * UDP from zone files (each starting with its {@code $ORIGIN} line) as a recursive resolver would (CNAME chains followed, names outside
 * the zones nonexistent). Names under {@code fail.test.example} get SERVFAIL, names under
 * {@code refuse.test.example} REFUSED, and names under {@code drop.test.example} no answer.
 *
 * <p>{@code java ... TestDnsServer PORT ZONEFILE...} runs it until killed, printing
 * "ready" once it listens (scripts/record-lookup-corpus runs Exim against it).
 */
final class TestDnsServer implements AutoCloseable {
    private static final Name FAIL = Name.fromConstantString("fail.test.example.");
    private static final Name REFUSE = Name.fromConstantString("refuse.test.example.");
    private static final Name DROP = Name.fromConstantString("drop.test.example.");
    private static final int MAX_CHAIN = 8;

    private final List<Zone> zones = new ArrayList<>();
    private final DatagramSocket socket;
    private final Thread thread;

    TestDnsServer(int port, List<Path> zoneFiles) throws IOException {
        for (Path file : zoneFiles) {
            String first = Files.readAllLines(file).get(0);
            zones.add(new Zone(Name.fromString(first.substring("$ORIGIN ".length()).strip()), file.toString()));
        }
        socket = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
        thread = new Thread(this::serve, "test-dns-server");
        thread.setDaemon(true);
        thread.start();
    }

    InetSocketAddress address() {
        return (InetSocketAddress) socket.getLocalSocketAddress();
    }

    @Override
    public void close() {
        socket.close();
    }

    private void serve() {
        byte[] buffer = new byte[65535];
        while (!socket.isClosed()) {
            try {
                DatagramPacket packet = new DatagramPacket(buffer, buffer.length);
                socket.receive(packet);
                Message query = new Message(Arrays.copyOf(packet.getData(), packet.getLength()));
                Message response = answer(query);
                if (response != null) {
                    byte[] wire = response.toWire(512);
                    socket.send(new DatagramPacket(wire, wire.length, packet.getSocketAddress()));
                }
            } catch (SocketException e) {
                return;
            } catch (IOException e) {
                // A malformed query: ignored, as a server would.
            }
        }
    }

    private Message answer(Message query) {
        Record question = query.getQuestion();
        Name name = question.getName();
        if (name.subdomain(DROP)) {
            return null;
        }
        Message response = new Message(query.getHeader().getID());
        response.getHeader().setFlag(Flags.QR);
        response.getHeader().setFlag(Flags.RD);
        response.getHeader().setFlag(Flags.RA);
        response.addRecord(question, Section.QUESTION);
        if (name.subdomain(FAIL) || name.subdomain(REFUSE)) {
            response.getHeader().setRcode(name.subdomain(FAIL) ? Rcode.SERVFAIL : Rcode.REFUSED);
            return response;
        }
        for (int chain = 0; chain < MAX_CHAIN; chain++) {
            Zone zone = zoneFor(name);
            SetResponse found = zone == null ? null : zone.findRecords(name, question.getType());
            if (found == null || found.isNXDOMAIN()) {
                response.getHeader().setRcode(Rcode.NXDOMAIN);
                return response;
            }
            if (found.isCNAME()) {
                CNAMERecord cname = found.getCNAME();
                response.addRecord(cname, Section.ANSWER);
                name = cname.getTarget();
                continue;
            }
            if (found.isSuccessful()) {
                for (RRset set : found.answers()) {
                    set.rrs(false).forEach(r -> response.addRecord(r, Section.ANSWER));
                }
            }
            return response;
        }
        return response;
    }

    /** The zone with the longest origin that holds {@code name}. */
    private Zone zoneFor(Name name) {
        Zone best = null;
        for (Zone zone : zones) {
            if (name.subdomain(zone.getOrigin())
                    && (best == null || zone.getOrigin().labels() > best.getOrigin().labels())) {
                best = zone;
            }
        }
        return best;
    }

    public static void main(String[] args) throws IOException, InterruptedException {
        List<Path> files = new ArrayList<>();
        for (int i = 1; i < args.length; i++) {
            files.add(Path.of(args[i]));
        }
        try (TestDnsServer server = new TestDnsServer(Integer.parseInt(args[0]), files)) {
            System.out.println("ready " + server.address());
            System.out.flush();
            server.thread.join();
        }
    }
}
