package org.osprey.mta.acl.dnslists;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketException;
import java.nio.file.Path;
import java.util.Arrays;
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
 * A DNS server on loopback for the dnslists tests and for recording Exim's answers: it
 * answers over UDP from one zone file as a recursive resolver would (CNAMEs followed,
 * names outside the zone nonexistent). Names under {@code fail.test.example} get SERVFAIL
 * and names under {@code drop.test.example} no answer at all (a timeout).
 *
 * <p>{@code java ... TestDnsServer PORT ZONEFILE} runs it until killed, printing "ready"
 * once it listens (scripts/record-dnslists-corpus runs Exim against it).
 */
final class TestDnsServer implements AutoCloseable {
    static final Path ZONE = Path.of("src/test/dnslists-corpus/test.example.zone");

    private static final Name ORIGIN = Name.fromConstantString("test.example.");
    private static final Name FAIL = Name.fromConstantString("fail.test.example.");
    private static final Name DROP = Name.fromConstantString("drop.test.example.");
    private static final int MAX_CHAIN = 8;

    private final Zone zone;
    private final DatagramSocket socket;
    private final Thread thread;

    TestDnsServer(int port, Path zoneFile) throws IOException {
        zone = new Zone(ORIGIN, zoneFile.toString());
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
                Message response = answer(new Message(Arrays.copyOf(packet.getData(), packet.getLength())));
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
        if (name.subdomain(FAIL)) {
            response.getHeader().setRcode(Rcode.SERVFAIL);
            return response;
        }
        for (int chain = 0; chain < MAX_CHAIN; chain++) {
            SetResponse found = name.subdomain(ORIGIN) ? zone.findRecords(name, question.getType()) : null;
            if (found == null || found.isNXDOMAIN()) {
                response.getHeader().setRcode(Rcode.NXDOMAIN);
                return response;
            }
            if (!found.isCNAME()) {
                if (found.isSuccessful()) {
                    for (RRset set : found.answers()) {
                        set.rrs(false).forEach(r -> response.addRecord(r, Section.ANSWER));
                    }
                }
                return response;
            }
            CNAMERecord cname = found.getCNAME();
            response.addRecord(cname, Section.ANSWER);
            name = cname.getTarget();
        }
        return response;
    }

    public static void main(String[] args) throws IOException, InterruptedException {
        try (TestDnsServer server = new TestDnsServer(Integer.parseInt(args[0]), Path.of(args[1]))) {
            System.out.println("ready " + server.address());
            System.out.flush();
            server.thread.join();
        }
    }
}
