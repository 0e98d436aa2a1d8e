package org.osprey.mta.core.cli;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.time.Duration;
import org.osprey.mta.core.deliver.DeliveryRequest;
import org.osprey.mta.core.deliver.QueueRunner;
import org.osprey.mta.core.queue.MessageAction;
import org.osprey.mta.core.receive.ErrorMode;
import org.osprey.mta.core.route.AddressTester;
import org.osprey.mta.core.receive.SubmissionOptions;
import org.osprey.mta.core.queue.QueueLister;
import org.osprey.mta.core.smtp.SessionKind;
import org.osprey.mta.core.spool.MessageId;

/**
 * The command line, read the way Exim reads it (exim.c): options first, each starting
 * with "-"; the first argument that does not, or everything after "--", starts the
 * arguments (recipients, or the items of {@code -bP} and {@code -be}). An option Osprey
 * does not know is refused at once, as Exim refuses it.
 *
 * <p>Options are added here as the steps that implement them land.
 */
final class CommandLine {
    /** Exim keeps 23 characters of a -D macro name (exim.c: uschar name[24]). */
    private static final int MACRO_NAME_MAX = 23;
    /** The -M options Exim has that Osprey does not offer yet. */
    private static final Set<String> UNSUPPORTED_MESSAGE_ACTIONS = Set.of("-Mset", "-Mvc");
    /** Exim's -R and -S flag sets (exim.c rsopts): force, force and thaw, regex, regex and force, all three. */
    private static final List<String> SELECT_FLAGS = List.of("f", "ff", "r", "rf", "rff");

    private boolean versionWanted;
    private boolean debug;
    private boolean listOptions;
    private boolean listConfig;
    private boolean noLabels;
    private boolean expansionTest;
    private boolean retryTest;
    private boolean rewriteTest;
    private AddressTester.Mode addressTest;
    private String rewriteTestAddress;
    private String configFile;
    private QueueLister.Recipients queueListing;
    private boolean queueCount;
    private MessageAction messageAction;
    private DeliveryRequest deliveryRequest;
    private boolean queueRun;
    private boolean queueForce;
    private boolean queueThaw;
    private boolean queueFirstOnly;
    private Duration queueInterval;
    private String selectRecipient;
    private boolean selectRecipientRegex;
    private String selectSender;
    private boolean selectSenderRegex;
    private DeliveryMode deliveryMode;
    private String sender;
    private String fullName;
    private boolean extractRecipients;
    private boolean ignoreDots;
    private ErrorMode errorMode = ErrorMode.MAIL;
    private SessionKind smtpSession;
    private String hostCheckAddress;
    private String senderHostAddress;
    private String senderHostName;
    private String interfaceAddress;
    private String receivedProtocol;
    private boolean daemon;
    private boolean daemonForeground;
    private String interfacesOverride;
    private String pidFileOverride;
    private boolean tlsOnConnect;
    private final Map<String, String> macros = new LinkedHashMap<>();
    private final List<String> arguments = new ArrayList<>();

    private CommandLine() {
    }

    static CommandLine parse(String[] args) throws BadOptionException, UsageException {
        return parse("", args);
    }

    /**
     * Reads the command line of a program called {@code programName} (its last path element
     * counts): called as {@code mailq}, it lists the queue as if {@code -bp} came first.
     */
    static CommandLine parse(String programName, String[] args) throws BadOptionException, UsageException {
        CommandLine line = new CommandLine();
        String base = programName.substring(programName.lastIndexOf('/') + 1);
        if (base.equals("mailq")) {
            line.queueListing = QueueLister.Recipients.ALL;
        }
        int i = 0;
        for (; i < args.length; i++) {
            String arg = args[i];
            if (!arg.startsWith("-")) {
                break;
            }
            if (arg.equals("--")) {
                i++;
                break;
            }
            String rest = arg.length() > 2 ? arg.substring(2) : "";
            char option = arg.length() > 1 ? arg.charAt(1) : 0;
            switch (option) {
                case 'b' -> {
                    switch (arg) {
                        case "-bV" -> line.versionWanted = true;
                        case "-brt" -> line.retryTest = true;
                        case "-brw" -> {
                            // exim.c: the argument after -brw is the address, whatever it is.
                            line.rewriteTest = true;
                            line.rewriteTestAddress = i + 1 < args.length ? args[i + 1] : null;
                        }
                        case "-be" -> line.expansionTest = true;
                        case "-bt" -> line.addressTest = AddressTester.Mode.TEST;
                        case "-bv" -> line.addressTest = AddressTester.Mode.VERIFY_RECIPIENT;
                        case "-bvs" -> line.addressTest = AddressTester.Mode.VERIFY_SENDER;
                        case "-bm" -> { }
                        case "-bs" -> line.smtpSession = SessionKind.LOCAL;
                        case "-bS" -> line.smtpSession = SessionKind.BATCHED;
                        case "-bh" -> {
                            if (++i >= args.length) {
                                throw new UsageException("-bh requires a host address");
                            }
                            line.smtpSession = SessionKind.HOST_CHECK;
                            line.hostCheckAddress = args[i];
                        }
                        case "-bd" -> line.daemon = true;
                        case "-bdf" -> {
                            line.daemon = true;
                            line.daemonForeground = true;
                        }
                        case "-bP" -> {
                            // "-bP config" lists the file; anything else lists options.
                            if (i + 1 < args.length && args[i + 1].equals("config")) {
                                line.listConfig = true;
                            } else {
                                line.listOptions = true;
                            }
                        }
                        default -> {
                            if (!arg.startsWith("-bp")) {
                                throw new BadOptionException(arg);
                            }
                            line.queueOption(arg);
                        }
                    }
                }
                case 'M' -> {
                    if (UNSUPPORTED_MESSAGE_ACTIONS.contains(arg)) {
                        throw new UsageException(arg + " is not supported by this build");
                    }
                    DeliveryRequest delivery = switch (arg) {
                        case "-M" -> DeliveryRequest.FORCED;
                        case "-Mc" -> DeliveryRequest.NEW_MESSAGE;
                        case "-Mg" -> DeliveryRequest.GIVE_UP;
                        default -> null;
                    };
                    if (delivery != null) {
                        if (line.deliveryRequest != null || line.messageAction != null) {
                            throw new UsageException("incompatible command-line options or arguments");
                        }
                        line.deliveryRequest = delivery;
                        if (i + 1 >= args.length) {
                            throw new UsageException("no message ids given after " + arg + " option");
                        }
                        for (int j = i + 1; j < args.length; j++) {
                            checkMessageId(args[j], arg);
                            line.arguments.add(args[j]);
                        }
                        i = args.length;
                        continue;
                    }
                    MessageAction action = MessageAction.forOption(arg).orElseThrow(() -> new BadOptionException(arg));
                    if (line.messageAction != null) {
                        throw new UsageException("incompatible command-line options or arguments");
                    }
                    line.messageAction = action;
                    if (i + 1 >= args.length) {
                        throw new UsageException("no message ids given after " + arg + " option");
                    }
                    if (!action.oneMessage()) {
                        // exim.c: everything that follows is a message id.
                        for (int j = i + 1; j < args.length; j++) {
                            checkMessageId(args[j], arg);
                            line.arguments.add(args[j]);
                        }
                        i = args.length;
                        continue;
                    }
                    // One message: the id, then options may go on; the arguments are addresses.
                    checkMessageId(args[++i], arg);
                    line.arguments.add(args[i]);
                }
                case 'C' -> {
                    if (rest.isEmpty()) {
                        if (++i >= args.length) {
                            throw new BadOptionException(arg);
                        }
                        rest = args[i];
                    }
                    line.configFile = rest;
                }
                case 'D' -> line.defineMacro(arg, rest);
                // -d, -dd and their selectors (-d-all+route ...): debugging on.
                case 'd' -> line.debug = true;
                case 'q' -> line.queueOption(arg, rest);
                case 'R', 'S' -> {
                    String flags = "";
                    String text = rest;
                    for (String f : SELECT_FLAGS) {
                        if (rest.equals(f)) {
                            flags = f;
                            text = "";
                        }
                    }
                    if (text.isEmpty()) {
                        if (++i >= args.length) {
                            throw new UsageException("string expected after " + arg);
                        }
                        text = args[i];
                    }
                    line.select(option, flags, text);
                }
                case 'o' -> {
                    if (rest.startsWith("d")) {
                        line.deliveryMode = DeliveryMode.forOption(arg).orElseThrow(() -> new BadOptionException(arg));
                    } else if (rest.startsWith("e")) {
                        line.errorMode = ErrorMode.forOption(arg).orElseThrow(() -> new BadOptionException(arg));
                    } else if (rest.equals("X") || rest.equals("P")) {
                        // -oX <list> and -oP <path>: the daemon's interfaces or ports, and its pid file.
                        if (++i >= args.length) {
                            throw new BadOptionException(arg);
                        }
                        if (rest.equals("X")) {
                            line.interfacesOverride = args[i];
                        } else {
                            line.pidFileOverride = args[i];
                        }
                    } else if (rest.equals("i")) {
                        line.ignoreDots = true;
                    } else if (rest.equals("Ma") || rest.equals("Mi") || rest.equals("Mr") || rest.equals("Ms")) {
                        if (++i >= args.length) {
                            throw new BadOptionException(arg);
                        }
                        switch (rest) {
                            case "Ma" -> line.senderHostAddress = args[i];
                            case "Mi" -> line.interfaceAddress = args[i];
                            case "Mr" -> line.receivedProtocol = args[i];
                            default -> line.senderHostName = args[i];
                        }
                    } else if (!rest.equals("m") && !rest.equals("o")) {
                        // -om and -oo are sendmail's, which Exim accepts and ignores.
                        throw new BadOptionException(arg);
                    }
                }
                case 'e' -> line.errorMode = ErrorMode.forOption(arg).orElseThrow(() -> new BadOptionException(arg));
                case 'f', 'r' -> {
                    if (rest.isEmpty()) {
                        if (++i >= args.length) {
                            throw new BadOptionException(arg);
                        }
                        rest = args[i];
                    }
                    line.sender = rest;
                }
                case 'F' -> {
                    if (rest.isEmpty()) {
                        if (++i >= args.length) {
                            throw new BadOptionException(arg);
                        }
                        rest = args[i];
                    }
                    line.fullName = rest;
                }
                case 't' -> {
                    if (rest.equals("ls-on-connect")) {
                        line.tlsOnConnect = true;
                        continue;
                    }
                    if (!rest.isEmpty() && !rest.equals("i")) {
                        throw new BadOptionException(arg);
                    }
                    line.extractRecipients = true;
                    line.ignoreDots |= rest.equals("i");
                }
                case 'i' -> {
                    if (!rest.isEmpty()) {
                        throw new BadOptionException(arg);
                    }
                    line.ignoreDots = true;
                }
                case 'n' -> line.noLabels = true;
                default -> throw new BadOptionException(arg);
            }
            if (line.retryTest) {
                // Exim stops reading options at -brt: what follows are its arguments.
                i++;
                break;
            }
        }
        for (; i < args.length; i++) {
            line.arguments.add(args[i]);
        }
        int modes = (line.listOptions || line.listConfig ? 1 : 0) + (line.expansionTest ? 1 : 0)
                + (line.retryTest ? 1 : 0) + (line.rewriteTest ? 1 : 0) + (line.listsQueue() ? 1 : 0) + (line.messageAction != null ? 1 : 0)
                + (line.deliveryRequest != null ? 1 : 0) + (line.queueRun && !line.daemon ? 1 : 0)
                + (line.daemon ? 1 : 0) + (line.smtpSession != null ? 1 : 0) + (line.addressTest != null ? 1 : 0);
        if (line.listOptions && line.expansionTest || modes > 1 && (line.listsQueue() || line.messageAction != null
                || line.deliveryRequest != null || line.queueRun || line.daemon || line.smtpSession != null
                || line.addressTest != null) || line.addressTest != null && line.extractRecipients) {
            throw new UsageException("incompatible command-line options or arguments");
        }
        return line;
    }

    /**
     * {@code -q[i][f[f]][<time>]}: a queue run, or with a time a daemon that starts one at
     * that interval. Exim's two-stage {@code -qq} and local-only {@code -ql} are refused.
     */
    private void queueOption(String arg, String rest) throws BadOptionException, UsageException {
        queueRun = true;
        int k = 0;
        if (k < rest.length() && rest.charAt(k) == 'i') {
            queueFirstOnly = true;
            k++;
        }
        if (k < rest.length() && rest.charAt(k) == 'f') {
            queueForce = true;
            k++;
            if (k < rest.length() && rest.charAt(k) == 'f') {
                queueThaw = true;
                k++;
            }
        }
        if (k < rest.length() && (rest.charAt(k) == 'q' || rest.charAt(k) == 'l' || rest.charAt(k) == 'G')) {
            throw new UsageException(arg + " is not supported by this build");
        }
        if (k < rest.length()) {
            int seconds = org.osprey.mta.kernel.option.TimeValues.parse(rest.substring(k));
            if (seconds <= 0) {
                throw new UsageException("bad time value " + arg + ": abandoned");
            }
            queueInterval = Duration.ofSeconds(seconds);
        }
    }

    /** {@code -R} and {@code -S} (Exim's -qR and -qS): a queue run of the messages that match. */
    private void select(char option, String flags, String text) {
        queueRun = true;
        if (!flags.equals("r")) {
            queueForce = queueForce || !flags.isEmpty();
        }
        if (flags.equals("ff") || flags.equals("rff")) {
            queueThaw = true;
        }
        boolean regex = flags.startsWith("r");
        if (option == 'R') {
            selectRecipient = text;
            selectRecipientRegex = regex;
        } else {
            selectSender = text;
            selectSenderRegex = regex;
        }
    }

    /** {@code -bp}, {@code -bpr}, {@code -bpa}, {@code -bpu}, {@code -bpra}, {@code -bpru}, {@code -bpc}. */
    private void queueOption(String arg) throws BadOptionException {
        String rest = arg.substring(3);
        if (rest.equals("c")) {
            queueCount = true;
            queueListing = QueueLister.Recipients.ALL;
            return;
        }
        if (rest.startsWith("r")) {
            // Unsorted: the lister's order is one Exim may print either way.
            rest = rest.substring(1);
        }
        queueListing = switch (rest) {
            case "" -> QueueLister.Recipients.ALL;
            case "a" -> QueueLister.Recipients.WITH_GENERATED;
            case "u" -> QueueLister.Recipients.UNDELIVERED;
            default -> throw new BadOptionException(arg);
        };
        queueCount = false;
    }

    private static void checkMessageId(String text, String option) throws UsageException {
        if (!MessageId.isValid(text)) {
            throw new UsageException("malformed message id " + text + " after " + option + " option");
        }
    }

    /** {@code -DNAME=value}, {@code -DNAME} (an empty value), as exim.c reads them. */
    private void defineMacro(String arg, String text) throws BadOptionException, UsageException {
        String s = text.stripLeading();
        if (s.isEmpty() || s.charAt(0) < 'A' || s.charAt(0) > 'Z') {
            throw new UsageException("macro name set by -D must start with an upper case letter");
        }
        int end = 0;
        while (end < s.length() && (Character.isLetterOrDigit(s.charAt(end)) && s.charAt(end) < 128
                || s.charAt(end) == '_')) {
            end++;
        }
        String name = s.substring(0, Math.min(end, MACRO_NAME_MAX));
        String value = s.substring(end).stripLeading();
        if (!value.isEmpty()) {
            if (value.charAt(0) != '=') {
                throw new BadOptionException(arg);
            }
            value = value.substring(1).stripLeading();
        }
        if (macros.containsKey(name)) {
            throw new UsageException("duplicated -D in command line");
        }
        macros.put(name, value);
    }

    /** {@code -bV}: print the version and the drivers present. */
    /** Whether -d was given (see {@link org.osprey.mta.core.log.DebugOutput}). */
    boolean debug() {
        return debug;
    }

    boolean versionWanted() {
        return versionWanted;
    }

    /** {@code -bP} with items (or none, for all main options). */
    boolean listOptions() {
        return listOptions;
    }

    /** {@code -bP config}: list the configuration file. */
    boolean listConfig() {
        return listConfig;
    }

    /** {@code -n}: {@code -bP} prints values without the names. */
    boolean noLabels() {
        return noLabels;
    }

    /** {@code -be}: string expansion test. */
    boolean expansionTest() {
        return expansionTest;
    }

    /** {@code -brt}: which retry rule applies to a host, domain or address. */
    boolean retryTest() {
        return retryTest;
    }

    /** {@code -bt}, {@code -bv} or {@code -bvs}: the addresses (arguments or standard input) are tested; else null. */
    AddressTester.Mode addressTest() {
        return addressTest;
    }

    /** {@code -f}: the sender as given, or null. */
    String sender() {
        return sender;
    }

    /** {@code -brw}: how the rewriting rules treat an address. */
    boolean rewriteTest() {
        return rewriteTest;
    }

    /** The address after {@code -brw}, or null when it is missing. */
    String rewriteTestAddress() {
        return rewriteTestAddress;
    }

    /** Whether the queue is to be listed or counted ({@code -bp...}, or called as mailq). */
    boolean listsQueue() {
        return queueListing != null;
    }

    /** What a listing shows of the recipients; null when the queue is not listed. */
    QueueLister.Recipients queueListing() {
        return queueListing;
    }

    /** {@code -bpc}: count the messages instead of listing them. */
    boolean queueCount() {
        return queueCount;
    }

    /** The -M action, or null; its message ids (and addresses) are the {@link #arguments()}. */
    MessageAction messageAction() {
        return messageAction;
    }

    /** {@code -M}, {@code -Mc}, {@code -Mg}: a delivery of the messages named, or null. */
    DeliveryRequest deliveryRequest() {
        return deliveryRequest;
    }

    /** Whether a queue run (or a queue-running daemon) is asked for. */
    boolean queueRun() {
        return queueRun;
    }

    /** The interval of a queue-running daemon ({@code -q30m}), or null for one run. */
    Duration queueInterval() {
        return queueInterval;
    }

    /** The queue run's selection; its start and stop ids are the first two arguments, if any. */
    QueueRunner.Selection queueSelection() {
        List<String> ids = arguments();
        return new QueueRunner.Selection(queueForce, queueThaw, queueFirstOnly, selectRecipient,
                selectRecipientRegex, selectSender, selectSenderRegex, ids.isEmpty() ? null : ids.get(0),
                ids.size() < 2 ? null : ids.get(1));
    }

    /** {@code -odb}, {@code -odi}, {@code -odq} ...: how a new message is delivered; null for the configuration's default. */
    DeliveryMode deliveryMode() {
        return deliveryMode;
    }

    /** The message to read from standard input, as the options describe it: {@code -f -F -t -i -oe}. */
    SubmissionOptions submission() {
        SubmissionOptions o = SubmissionOptions.of(arguments()).withErrorMode(errorMode);
        if (sender != null) {
            o = o.withSender(sender);
        }
        if (fullName != null) {
            o = o.withFullName(fullName);
        }
        if (extractRecipients) {
            o = o.extractingRecipients();
        }
        return ignoreDots ? o.ignoringDots() : o;
    }

    /**
     * Whether a message is to be read from standard input: no other mode asked for, and
     * recipients given or {@code -t} ({@code -bV} with recipients also takes the message).
     */
    boolean submits() {
        boolean otherMode = listOptions || listConfig || expansionTest || retryTest || rewriteTest || listsQueue()
                || addressTest != null
                || messageAction != null || deliveryRequest != null || queueRun || daemon || smtpSession != null;
        return !otherMode && (extractRecipients || !arguments.isEmpty());
    }

    /** {@code -bs}, {@code -bS} or {@code -bh}: an SMTP session on standard input; null for none. */
    SessionKind smtpSession() {
        return smtpSession;
    }

    /** The address (and .port) after {@code -bh}. */
    String hostCheckAddress() {
        return hostCheckAddress;
    }

    /** {@code -oMa}: the sender host address (and .port) for -bs, or null. */
    String senderHostAddress() {
        return senderHostAddress;
    }

    /** {@code -oMs}: the sender host name, or null. */
    String senderHostName() {
        return senderHostName;
    }

    /** {@code -oMi}: the interface address (and .port), or null. */
    String interfaceAddress() {
        return interfaceAddress;
    }

    /** {@code -oMr}: the received protocol, or null. Accepted; the session names its protocol itself. */
    String receivedProtocol() {
        return receivedProtocol;
    }

    /** {@code -bd} or {@code -bdf}: the SMTP daemon (with {@code -q<time>}, queue runs too). */
    boolean daemon() {
        return daemon;
    }

    /** {@code -bdf}: the daemon stays in the foreground. */
    boolean daemonForeground() {
        return daemonForeground;
    }

    /** {@code -oX}: the daemon's interfaces and/or ports instead of the configuration's; null if not given. */
    String interfacesOverride() {
        return interfacesOverride;
    }

    /** {@code -oP}: the daemon's pid file; null if not given. */
    String pidFileOverride() {
        return pidFileOverride;
    }

    /** {@code -tls-on-connect}: TLS starts at once on every connection. */
    boolean tlsOnConnect() {
        return tlsOnConnect;
    }

    /** {@code -C}: the configuration file instead of the default one. */
    Optional<String> configFile() {
        return Optional.ofNullable(configFile);
    }

    /** The {@code -D} macros, in command-line order. */
    Map<String, String> macros() {
        return Collections.unmodifiableMap(macros);
    }

    /** The arguments after the options: recipients, or the items of -bP and -be. */
    List<String> arguments() {
        return List.copyOf(arguments);
    }
}
