package org.osprey.mta.core.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Optional;
import org.osprey.mta.core.daemon.ConfiguredChecks;
import org.osprey.mta.core.daemon.DaemonException;
import org.osprey.mta.core.daemon.HostNameLookup;
import org.osprey.mta.core.daemon.IdentClient;
import org.osprey.mta.core.daemon.InetdConnection;
import org.osprey.mta.core.daemon.ListenerSettings;
import org.osprey.mta.core.daemon.LoadAverage;
import org.osprey.mta.core.daemon.ServicePorts;
import org.osprey.mta.core.expand.ExpansionEngine;
import org.osprey.mta.core.config.Configuration;
import org.osprey.mta.core.config.MainOptions;
import org.osprey.mta.core.smtp.ClientConnection;
import org.osprey.mta.core.smtp.LocalCaller;
import org.osprey.mta.core.smtp.SessionKind;
import org.osprey.mta.core.smtp.SmtpService;
import org.osprey.mta.core.smtp.SmtpSession;

/**
 * {@code -bs}, {@code -bS} and {@code -bh}: an SMTP session on standard input and output for
 * a local caller (with {@code -oMa}, {@code -oMi}, {@code -oMs} describing a remote client), a
 * batch of SMTP commands without replies, or a simulated session from an address with its
 * decisions shown and nothing spooled.
 */
final class CommandLineSmtp {
    private final Configuration config;
    private final SmtpService.Builder service;
    private final Caller caller;

    /** @param service the configuration's service (ACLs, TLS, AUTH); the originator and callback are set here */
    CommandLineSmtp(Configuration config, SmtpService.Builder service, Caller caller) {
        this.config = config;
        this.service = service;
        this.caller = caller;
    }

    /** Runs the session; returns the exit code (for -bS: 0, or 1 / 2 after an error with / without messages taken). */
    int run(CommandLine line, InputStream in, PrintStream out, PrintStream err,
            SmtpService.AcceptedMessages accepted) throws UsageException {
        SessionKind kind = line.smtpSession();
        ClientConnection conn;
        if (kind == SessionKind.HOST_CHECK) {
            conn = new ClientConnection(address(line.hostCheckAddress(), "-bh"), interfaceAddress(line), false,
                    line.senderHostName(), null, false, false);
        } else if (line.senderHostAddress() != null) {
            conn = new ClientConnection(address(line.senderHostAddress(), "-oMa"), interfaceAddress(line), false,
                    line.senderHostName(), null, false, false);
        } else {
            conn = ClientConnection.standardInput();
        }
        String login = caller.login().isEmpty() ? Long.toString(caller.uid()) : caller.login();
        LocalCaller local = kind == SessionKind.HOST_CHECK ? null
                : new LocalCaller(login, caller.uid(), caller.gid(), trusted());
        SmtpService built = service.accepted(accepted)
                .originator(new SmtpService.Originator(login, caller.uid(), caller.gid()))
                .build();
        if (kind == SessionKind.LOCAL && line.senderHostAddress() == null) {
            Optional<Integer> inetd = fromInetd(line, built, err);
            if (inetd.isPresent()) {
                return inetd.get();
            }
        }
        SmtpSession session = SmtpSession.commandLine(built, in, out, err, conn, local, kind);
        session.run();
        out.flush();
        return session.exitCode();
    }

    /**
     * {@code -bs} from inetd: standard input is a TCP socket, and the session is a remote
     * client's, named and identified as the daemon does it.
     *
     * @return the exit code, or empty when standard input is not a socket
     */
    private Optional<Integer> fromInetd(CommandLine line, SmtpService built, PrintStream err) {
        try {
            ListenerSettings settings = ListenerSettings.of(config, null, line.tlsOnConnect(), ServicePorts.system());
            Optional<InetdConnection> inetd = InetdConnection.detect(System.inheritedChannel(), privileged(),
                    settings::tlsOnConnect);
            if (inetd.isEmpty()) {
                return Optional.empty();
            }
            Optional<ClientConnection> client = inetd.get().identify(settings,
                    new ConfiguredChecks(new ExpansionEngine(built.environment())),
                    new HostNameLookup(built.environment().resolver()), new IdentClient(), LoadAverage.system(),
                    built.log());
            if (client.isPresent()) {
                SmtpSession.overSocket(built, inetd.get().socket(), client.get()).run();
            }
            return Optional.of(0);
        } catch (DaemonException e) {
            err.println("osprey: " + e.getMessage());
            return Optional.of(1);
        } catch (IOException e) {
            err.println("osprey: " + e.getMessage());
            return Optional.of(1);
        }
    }

    /** Root or the MTA's user: they may hand over a socket on unprivileged ports. */
    private boolean privileged() {
        Long eximUid = config.get(MainOptions.EXIM_USER);
        return caller.uid() == 0 || eximUid != null && caller.uid() == eximUid;
    }

    private InetSocketAddress interfaceAddress(CommandLine line) throws UsageException {
        return line.interfaceAddress() == null ? null : address(line.interfaceAddress(), "-oMi");
    }

    /** {@code ip} or {@code ip.port} (host_address_extract_port); an unusable address is refused. */
    static InetSocketAddress address(String text, String option) throws UsageException {
        String ip = text;
        int port = 0;
        int dot = text.lastIndexOf('.');
        boolean v6 = text.indexOf(':') >= 0;
        long dots = text.chars().filter(c -> c == '.').count();
        if (dot > 0 && (v6 || dots == 4)) {
            String p = text.substring(dot + 1);
            if (p.matches("\\d{1,5}")) {
                ip = text.substring(0, dot);
                port = Integer.parseInt(p);
            }
        }
        if (!ip.matches("[0-9a-fA-F:.]+")) {
            throw new UsageException("\"" + text + "\" is not a valid IP address (" + option + ")");
        }
        try {
            return new InetSocketAddress(InetAddress.getByName(ip), port);
        } catch (UnknownHostException e) {
            throw new UsageException("\"" + text + "\" is not a valid IP address (" + option + ")");
        }
    }

    /** Root, the MTA's user, trusted_users and trusted_groups. */
    private boolean trusted() {
        Long eximUid = config.get(MainOptions.EXIM_USER);
        if (caller.uid() == 0 || eximUid != null && caller.uid() == eximUid) {
            return true;
        }
        List<Long> users = config.get(MainOptions.TRUSTED_USERS);
        if (users != null && users.contains(caller.uid())) {
            return true;
        }
        List<Long> groups = config.get(MainOptions.TRUSTED_GROUPS);
        return groups != null && groups.contains(caller.gid());
    }

}
