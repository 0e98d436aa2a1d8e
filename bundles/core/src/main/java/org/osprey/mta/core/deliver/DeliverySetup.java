package org.osprey.mta.core.deliver;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import org.osprey.mta.core.config.ConfigValues;
import org.osprey.mta.core.config.ConfigException;
import org.osprey.mta.core.config.Configuration;
import org.osprey.mta.core.config.DriverInstance;
import org.osprey.mta.core.config.IdOrExpansion;
import org.osprey.mta.core.config.Location;
import org.osprey.mta.core.config.MainOptions;
import org.osprey.mta.core.config.RewriteRule;
import org.osprey.mta.core.config.RouterOptions;
import org.osprey.mta.core.config.TransportOptions;
import org.osprey.mta.core.expand.ExpansionContext;
import org.osprey.mta.core.expand.ExpansionEngine;
import org.osprey.mta.core.expand.Numbers;
import org.osprey.mta.core.lists.ListReader;
import org.osprey.mta.core.rewrite.RewriteLog;
import org.osprey.mta.core.rewrite.Rewriter;
import org.osprey.mta.core.route.Passwd;
import org.osprey.mta.core.route.RoutingOutcome;
import org.osprey.mta.kernel.expand.ExpansionException;
import org.osprey.mta.kernel.expand.Expander;
import org.osprey.mta.kernel.model.Address;
import org.osprey.mta.kernel.transport.CommandWords;
import org.osprey.mta.kernel.transport.Credentials;

/**
 * The generic transport options that decide how one batch is delivered, evaluated as
 * Exim's deliver.c does before it calls a transport: message_size_limit
 * (check_message_size), return_path, the user and groups (findugid, with the router's
 * user, group, initgroups and check_local_user), the home and current directories,
 * headers_rewrite, body_only, headers_only and transport_filter (the argument list of
 * transport_set_up_command).
 */
final class DeliverySetup {
    /** Exim's errno values for the failures found here. */
    static final int ERRNO_NOTABSOLUTE = -21;
    static final int ERRNO_EXPANDFAIL = -27;
    static final int ERRNO_GIDFAIL = -28;
    static final int ERRNO_UIDFAIL = -29;

    /** Exim's fixed_never_users (Debian's build): no delivery runs as root. */
    private static final long ROOT = 0;

    private final Configuration config;
    private final ExpansionEngine expansion;
    private final Passwd passwd;
    private final boolean root;

    /** @param root whether the MTA runs as root (a local delivery then runs as exim_user at least) */
    DeliverySetup(Configuration config, ExpansionEngine expansion, Passwd passwd, boolean root) {
        this.config = config;
        this.expansion = expansion;
        this.passwd = passwd;
        this.root = root;
    }

    /** What stops a batch before its transport runs: deferred or failed, with Exim's text. */
    record Refusal(boolean fail, int errno, String message, boolean panic) {
        static Refusal defer(int errno, String message, boolean panic) {
            return new Refusal(false, errno, message, panic);
        }
    }

    /** Thrown inside the setup to stop at the first refusal. */
    static final class Refused extends Exception {
        private static final long serialVersionUID = 1L;
        final transient Refusal refusal;

        Refused(Refusal refusal) {
            super(refusal.message(), null, false, false);
            this.refusal = refusal;
        }
    }

    /**
     * What the batch is delivered with.
     *
     * @param context the expansion context with {@code $return_path} and {@code $home} set
     * @param content what the message becomes on its way out
     * @param credentials the user the delivery runs as; empty for the MTA's own
     * @param home the home directory ({@code $home}); empty for none
     * @param currentDirectory the working directory of a local delivery (the home directory,
     *        else "/"); empty for a remote one
     */
    record Prepared(ExpansionContext context, SpoolMessage.Content content, Optional<Credentials> credentials,
            Optional<String> home, Optional<String> currentDirectory) {
    }

    /**
     * check_message_size: the transport's message_size_limit against $message_size. A
     * limit that cannot be worked out defers with errno -1, as Exim 4.96 logs it.
     *
     * @return empty when the message may go
     */
    Optional<Refusal> sizeCheck(DriverInstance transport, ExpansionContext context, long size) {
        String limit = transport == null ? null : transport.generic().get(TransportOptions.MESSAGE_SIZE_LIMIT);
        if (limit == null) {
            return Optional.empty();
        }
        String expanded;
        try {
            expanded = expansion.expander(context).expand(limit);
        } catch (ExpansionException e) {
            return Optional.of(Refusal.defer(-1, "failed to expand message_size_limit in " + transport.name()
                    + " transport: " + e.getMessage(), false));
        }
        long value;
        try {
            value = Numbers.integer(expanded, true);
        } catch (ExpansionException e) {
            return Optional.of(Refusal.defer(-1, "invalid message_size_limit in " + transport.name() + " transport: "
                    + e.getMessage(), false));
        }
        // Exim keeps the limit in an int.
        int intLimit = (int) value;
        if (intLimit > 0 && size > intLimit) {
            return Optional.of(new Refusal(true, 0, "message is too big (transport limit = " + intLimit + ")", false));
        }
        return Optional.empty();
    }

    /**
     * Everything else, in Exim's order: the return path, the user, the home and current
     * directories, then the filter's arguments.
     *
     * @param context the batch's expansion context
     * @param sender the message's envelope sender
     * @param rewriteLog where headers_rewrite notes problems
     */
    Prepared prepare(String transportName, DriverInstance transport, boolean local, RoutingOutcome.Routed first,
            List<Address> addresses, ExpansionContext context, String sender, RewriteLog rewriteLog) throws Refused {
        ConfigValues t = transport == null ? null : transport.generic();
        Map<String, String> vars = new HashMap<>();
        String returnPath = first.errorsTo() != null ? first.errorsTo() : sender;
        vars.put("return_path", returnPath);
        ExpansionContext ctx = context.with(vars);
        String option = t == null ? null : t.get(TransportOptions.RETURN_PATH);
        if (option != null) {
            try {
                returnPath = expansion.expander(ctx).expand(option);
            } catch (ExpansionException e) {
                if (!e.isForcedFailure()) {
                    throw new Refused(Refusal.defer(ERRNO_EXPANDFAIL, "Failed to expand return path \"" + option
                            + "\"" + (local ? " in " + transportName + " transport" : "") + ": " + e.getMessage(),
                            true));
                }
            }
            vars.put("return_path", returnPath);
            ctx = context.with(vars);
        }
        Optional<DriverInstance> router = Optional.ofNullable(first.router()).flatMap(config::router);
        Optional<Credentials> credentials = credentials(transportName, t, local, router, first, ctx);
        Optional<String> home = Optional.empty();
        Optional<String> cwd = Optional.empty();
        if (local) {
            home = home(transportName, t, router, first, ctx);
            home.ifPresent(h -> vars.put("home", h));
            ctx = context.with(vars);
            cwd = Optional.of(currentDirectory(transportName, t, router, ctx).orElse(home.orElse("/")));
        }
        TransportFilter filter = filter(transportName, t, local, first, addresses, ctx, cwd, credentials);
        SpoolMessage.Content content = new SpoolMessage.Content(returnPath.equals(sender) ? null : returnPath,
                t != null && t.get(TransportOptions.BODY_ONLY), t != null && t.get(TransportOptions.HEADERS_ONLY),
                rewriting(t, ctx, rewriteLog), filter);
        return new Prepared(ctx, content, credentials, home, cwd);
    }

    /**
     * findugid: the transport's user and group, else (for a local transport) the router's
     * user, group and initgroups, else check_local_user's user, else, when the MTA runs as
     * root, exim_user and exim_group. Empty when nothing sets a user: the delivery runs as
     * the MTA's own user, as Exim's runs as the Exim user.
     */
    private Optional<Credentials> credentials(String name, ConfigValues t, boolean local,
            Optional<DriverInstance> router, RoutingOutcome.Routed first, ExpansionContext ctx) throws Refused {
        boolean initgroups = t != null && t.get(TransportOptions.INITGROUPS);
        Long gid = t == null ? null : group(t.get(TransportOptions.GROUP), name, "transport", ctx);
        Long uid = null;
        Optional<Passwd.Entry> pw = Optional.empty();
        IdOrExpansion tUser = t == null ? null : t.get(TransportOptions.USER);
        if (tUser != null) {
            FoundUser found = user(tUser, name, "transport", ctx);
            uid = found.uid();
            pw = found.pw();
            if (gid == null && pw.isPresent()) {
                gid = pw.get().gid();
            }
        } else if (local) {
            RouterUser r = routerUser(router, first, ctx);
            if (r != null) {
                uid = r.uid;
                pw = r.pw;
                initgroups = r.initgroups;
                if (gid == null) {
                    gid = r.gid;
                }
            }
        }
        if (uid == null && local && root) {
            // Exim's last resort is the Exim user, never root itself.
            Long eximUid = config.get(MainOptions.EXIM_USER);
            if (eximUid != null && eximUid != ROOT) {
                uid = eximUid;
                pw = passwd.user(eximUid);
                Long eximGid = config.get(MainOptions.EXIM_GROUP);
                if (gid == null) {
                    gid = eximGid != null ? eximGid : pw.map(Passwd.Entry::gid).orElse(null);
                }
            }
        }
        if (uid == null) {
            return Optional.empty();
        }
        if (gid == null) {
            throw new Refused(Refusal.defer(ERRNO_GIDFAIL, "User set without group for " + name + " transport",
                    true));
        }
        if (uid == ROOT) {
            throw new Refused(Refusal.defer(ERRNO_UIDFAIL, "User " + uid + " set for " + name
                    + " transport is on the fixed_never_users list", true));
        }
        long u = uid;
        Optional<Passwd.Entry> entry = pw.isPresent() ? pw : passwd.user(u);
        String userName = entry.map(Passwd.Entry::name).orElse(Long.toString(u));
        List<Integer> groups = new ArrayList<>();
        if (initgroups && entry.isPresent()) {
            // initgroups(name, gid): the primary group and every group that lists the user.
            groups.add((int) (long) gid);
            for (Long g : passwd.groupsOf(userName)) {
                if (!groups.contains((int) (long) g)) {
                    groups.add((int) (long) g);
                }
            }
        }
        return Optional.of(new Credentials(userName, (int) u, (int) (long) gid, groups));
    }

    /** The router's ugid block (rf_queue_add, rf_get_ugid): its user and group, else check_local_user's. */
    private record RouterUser(Long uid, Long gid, boolean initgroups, Optional<Passwd.Entry> pw) {
    }

    private RouterUser routerUser(Optional<DriverInstance> router, RoutingOutcome.Routed first, ExpansionContext ctx)
            throws Refused {
        if (router.isEmpty()) {
            return null;
        }
        ConfigValues g = router.get().generic();
        String name = router.get().name();
        Long uid = null;
        Long gid = null;
        Optional<Passwd.Entry> pw = Optional.empty();
        if (g.get(RouterOptions.CHECK_LOCAL_USER) && first.variables().containsKey("local_user_uid")) {
            uid = Long.parseLong(first.variables().get("local_user_uid"));
            gid = Long.parseLong(first.variables().get("local_user_gid"));
            pw = Optional.ofNullable(first.variables().get("local_part_data")).flatMap(passwd::user);
        }
        IdOrExpansion rUser = g.get(RouterOptions.USER);
        Long rGid = group(g.get(RouterOptions.GROUP), name, "router", ctx);
        if (rUser != null) {
            FoundUser found = user(rUser, name, "router", ctx);
            uid = found.uid();
            pw = found.pw();
            if (rGid == null && pw.isPresent()) {
                rGid = pw.get().gid();
            } else if (rGid == null) {
                throw new Refused(Refusal.defer(0, "user set without group for " + name + " router", false));
            }
        }
        if (rGid != null) {
            gid = rGid;
        }
        if (uid == null && gid == null) {
            return null;
        }
        return new RouterUser(uid, gid, g.get(RouterOptions.INITGROUPS), pw);
    }

    /** A uid, and its passwd entry when it was given by name (a number gives no group). */
    private record FoundUser(long uid, Optional<Passwd.Entry> pw) {
    }

    /** route_find_expanded_user: a fixed uid, or the expansion looked up as a name or a number. */
    private FoundUser user(IdOrExpansion value, String driver, String kind, ExpansionContext ctx)
            throws Refused {
        if (value.expansion() == null) {
            return new FoundUser(value.id(), Optional.empty());
        }
        String expanded;
        try {
            expanded = expansion.expander(ctx).expand(value.expansion());
        } catch (ExpansionException e) {
            throw new Refused(Refusal.defer(ERRNO_UIDFAIL, "Failed to expand user string \"" + value.expansion()
                    + "\" for the " + driver + " " + kind + ": " + e.getMessage(), true));
        }
        Optional<Passwd.Entry> pw = passwd.user(expanded);
        if (pw.isPresent()) {
            return new FoundUser(pw.get().uid(), pw);
        }
        try {
            return new FoundUser(Long.parseLong(expanded.trim()), Optional.empty());
        } catch (NumberFormatException e) {
            throw new Refused(Refusal.defer(ERRNO_UIDFAIL, "Failed to find user \"" + expanded
                    + "\" from expanded string \"" + value.expansion() + "\" for the " + driver + " " + kind, true));
        }
    }

    /** route_find_expanded_group: a fixed gid, or the expansion looked up as a name or a number. */
    private Long group(IdOrExpansion value, String driver, String kind, ExpansionContext ctx) throws Refused {
        if (value == null) {
            return null;
        }
        if (value.expansion() == null) {
            return value.id();
        }
        String expanded;
        try {
            expanded = expansion.expander(ctx).expand(value.expansion());
        } catch (ExpansionException e) {
            throw new Refused(Refusal.defer(ERRNO_GIDFAIL, "Failed to expand group string \"" + value.expansion()
                    + "\" for the " + driver + " " + kind + ": " + e.getMessage(), true));
        }
        OptionalLong gid = passwd.groupId(expanded);
        if (gid.isPresent()) {
            return gid.getAsLong();
        }
        try {
            return Long.parseLong(expanded.trim());
        } catch (NumberFormatException e) {
            throw new Refused(Refusal.defer(ERRNO_GIDFAIL, "Failed to find group \"" + expanded
                    + "\" from expanded string \"" + value.expansion() + "\" for the " + driver + " " + kind, true));
        }
    }

    /**
     * deliver_home: the transport's home_directory, else the router's
     * transport_home_directory (both expanded now), else the home check_local_user or
     * router_home_directory gave the address.
     */
    private Optional<String> home(String name, ConfigValues t, Optional<DriverInstance> router,
            RoutingOutcome.Routed first, ExpansionContext ctx) throws Refused {
        String raw = t == null ? null : t.get(TransportOptions.HOME_DIRECTORY);
        if (raw == null) {
            raw = router.map(r -> r.generic().get(RouterOptions.TRANSPORT_HOME_DIRECTORY)).orElse(null);
        }
        if (raw == null) {
            return Optional.ofNullable(first.variables().get("home")).filter(h -> !h.isEmpty());
        }
        // The home directory being worked out is not yet $home.
        Map<String, String> noHome = new HashMap<>();
        noHome.put("home", "");
        String home = directory(raw, ctx.with(noHome), "home directory", name);
        return Optional.of(home);
    }

    /** The transport's current_directory, else the router's transport_current_directory; expanded. */
    private Optional<String> currentDirectory(String name, ConfigValues t, Optional<DriverInstance> router,
            ExpansionContext ctx) throws Refused {
        String raw = t == null ? null : t.get(TransportOptions.CURRENT_DIRECTORY);
        if (raw == null) {
            raw = router.map(r -> r.generic().get(RouterOptions.TRANSPORT_CURRENT_DIRECTORY)).orElse(null);
        }
        return raw == null ? Optional.empty() : Optional.of(directory(raw, ctx, "current directory", name));
    }

    private String directory(String raw, ExpansionContext ctx, String what, String transport) throws Refused {
        String value;
        try {
            value = expansion.expander(ctx).expand(raw);
        } catch (ExpansionException e) {
            throw new Refused(Refusal.defer(ERRNO_EXPANDFAIL, what + " \"" + raw + "\" failed to expand for "
                    + transport + " transport: " + e.getMessage(), true));
        }
        if (!value.startsWith("/")) {
            throw new Refused(Refusal.defer(ERRNO_NOTABSOLUTE, what + " path \"" + value
                    + "\" is not absolute for " + transport + " transport", true));
        }
        return value;
    }

    /** headers_rewrite as a rewriter of the message's own header lines; null when unset. */
    private SpoolMessage.HeaderRewriting rewriting(ConfigValues t, ExpansionContext ctx, RewriteLog log) {
        String text = t == null ? null : t.get(TransportOptions.HEADERS_REWRITE);
        if (text == null || text.isBlank()) {
            return null;
        }
        List<RewriteRule> rules = new ArrayList<>();
        ListReader items = new ListReader(text, ':');
        for (String item = items.next(); item != null; item = items.next()) {
            if (item.isBlank()) {
                continue;
            }
            try {
                rules.add(RewriteRule.parse(item, false, new Location("headers_rewrite", 0)));
            } catch (ConfigException e) {
                throw new IllegalStateException("headers_rewrite accepted once and refused now: " + item, e);
            }
        }
        Rewriter rewriter = Rewriter.withRules(rules, config, expansion);
        return line -> rewriter.rewriteHeader(line, true, true, ctx, log);
    }

    /**
     * transport_filter: the command split into words, each expanded ({@code $pipe_addresses}
     * becomes one argument per address). An expansion failure defers the batch; Exim treats
     * it as a panic for a local transport. Exim expands a remote transport's filter for the
     * host it is connected to; the engine does it before the transport picks one, so
     * {@code $host} and {@code $host_address} are those of the router's first host.
     */
    private TransportFilter filter(String name, ConfigValues t, boolean local, RoutingOutcome.Routed first,
            List<Address> addresses, ExpansionContext ctx, Optional<String> cwd, Optional<Credentials> credentials)
            throws Refused {
        String command = t == null ? null : t.get(TransportOptions.TRANSPORT_FILTER);
        if (command == null || command.isBlank()) {
            return null;
        }
        List<String> words = CommandWords.split(command, addresses.size() + 60);
        if (words == null) {
            throw new Refused(new Refusal(true, 0, "Too many arguments in command \"" + command
                    + "\" in transport filter", false));
        }
        if (!local && !first.hosts().isEmpty()) {
            Map<String, String> host = new HashMap<>();
            host.put("host", first.hosts().get(0).name());
            host.put("host_address", Objects.toString(first.hosts().get(0).address(), ""));
            ctx = ctx.with(host);
        }
        Expander expander = expansion.expander(ctx);
        List<String> argv = new ArrayList<>();
        for (String word : words) {
            if (word.equals("$pipe_addresses") || word.equals("${pipe_addresses}")) {
                addresses.forEach(a -> argv.add(a.text()));
                continue;
            }
            try {
                argv.add(expander.expand(word));
            } catch (ExpansionException e) {
                throw new Refused(Refusal.defer(0, "Expansion of \"" + word + "\" from command \"" + command
                        + "\" in transport filter failed: " + e.getMessage(), local));
            }
        }
        if (argv.isEmpty() || argv.get(0).isEmpty()) {
            return null;
        }
        Duration timeout = t.get(TransportOptions.TRANSPORT_FILTER_TIMEOUT);
        return new TransportFilter(argv, timeout, cwd.map(Path::of).orElse(null), credentials);
    }

    /** Exim's expand_check_condition: false for "", "0", "no" and "false"; a failure is logged by the caller. */
    static boolean isTrue(String value) {
        String v = value.trim().toLowerCase(Locale.ROOT);
        return !(v.isEmpty() || v.equals("0") || v.equals("no") || v.equals("false"));
    }
}
