package org.osprey.mta.router.redirect;

import static org.osprey.mta.router.redirect.RedirectRouterDriver.ALLOW_DEFER;
import static org.osprey.mta.router.redirect.RedirectRouterDriver.ALLOW_FAIL;
import static org.osprey.mta.router.redirect.RedirectRouterDriver.ALLOW_FILTER;
import static org.osprey.mta.router.redirect.RedirectRouterDriver.CHECK_ANCESTOR;
import static org.osprey.mta.router.redirect.RedirectRouterDriver.CHECK_GROUP;
import static org.osprey.mta.router.redirect.RedirectRouterDriver.CHECK_OWNER;
import static org.osprey.mta.router.redirect.RedirectRouterDriver.DATA;
import static org.osprey.mta.router.redirect.RedirectRouterDriver.DIRECTORY_TRANSPORT;
import static org.osprey.mta.router.redirect.RedirectRouterDriver.FILE;
import static org.osprey.mta.router.redirect.RedirectRouterDriver.FILE_TRANSPORT;
import static org.osprey.mta.router.redirect.RedirectRouterDriver.FORBID_BLACKHOLE;
import static org.osprey.mta.router.redirect.RedirectRouterDriver.FORBID_EXIM_FILTER;
import static org.osprey.mta.router.redirect.RedirectRouterDriver.FORBID_FILE;
import static org.osprey.mta.router.redirect.RedirectRouterDriver.FORBID_INCLUDE;
import static org.osprey.mta.router.redirect.RedirectRouterDriver.FORBID_PIPE;
import static org.osprey.mta.router.redirect.RedirectRouterDriver.FORBID_SIEVE_FILTER;
import static org.osprey.mta.router.redirect.RedirectRouterDriver.FORBID_SMTP_CODE;
import static org.osprey.mta.router.redirect.RedirectRouterDriver.HIDE_CHILD_IN_ERRMSG;
import static org.osprey.mta.router.redirect.RedirectRouterDriver.IGNORE_EACCES;
import static org.osprey.mta.router.redirect.RedirectRouterDriver.IGNORE_ENOTDIR;
import static org.osprey.mta.router.redirect.RedirectRouterDriver.INCLUDE_DIRECTORY;
import static org.osprey.mta.router.redirect.RedirectRouterDriver.MODEMASK;
import static org.osprey.mta.router.redirect.RedirectRouterDriver.ONE_TIME;
import static org.osprey.mta.router.redirect.RedirectRouterDriver.PIPE_TRANSPORT;
import static org.osprey.mta.router.redirect.RedirectRouterDriver.QUALIFY_DOMAIN;
import static org.osprey.mta.router.redirect.RedirectRouterDriver.QUALIFY_PRESERVE_DOMAIN;
import static org.osprey.mta.router.redirect.RedirectRouterDriver.SKIP_SYNTAX_ERRORS;
import static org.osprey.mta.router.redirect.RedirectRouterDriver.SYNTAX_ERRORS_TEXT;
import static org.osprey.mta.router.redirect.RedirectRouterDriver.SYNTAX_ERRORS_TO;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.osprey.mta.kernel.address.Rfc822;
import org.osprey.mta.kernel.expand.Expander;
import org.osprey.mta.kernel.expand.ExpansionException;
import org.osprey.mta.kernel.model.Address;
import org.osprey.mta.kernel.option.OptionValueException;
import org.osprey.mta.kernel.option.OptionValues;
import org.osprey.mta.kernel.router.NewAddress;
import org.osprey.mta.kernel.router.Router;
import org.osprey.mta.kernel.router.RouterResult;
import org.osprey.mta.kernel.router.RoutingContext;

/**
 * One configured redirect router: Exim 4.96's redirect_router_entry and add_generated
 * (routers/redirect.c) over rda_interpret (rda.c). The data, or the file, is expanded; an
 * expansion forced to fail, an empty list and a file that does not exist decline; a filter
 * is refused (Exim and Sieve filters are not implemented); an address list becomes child
 * addresses, pipes, files and directories going straight to pipe_transport, file_transport
 * and directory_transport. The addresses before a {@code :fail:} go with the failure as its
 * children; items skipped under skip_syntax_errors are handed to the engine
 * ({@link RoutingContext#skippedSyntaxErrors}) to log and to mail to syntax_errors_to; the
 * children of a one_time or hide_child_in_errmsg redirection carry the
 * {@link NewAddress#ONETIME_PARENT} and {@link NewAddress#HIDE_IN_ERRORS} properties, which the
 * engine acts on. repeat_use is read by the engine's loop check.
 */
final class RedirectRouter implements Router {
    /** Exim's regex_smtp_code: an SMTP code, and an enhanced one, at the start of a message. */
    private static final Pattern SMTP_CODE = Pattern.compile("^\\d\\d\\d\\s(?:\\d\\.\\d\\d?\\d?\\.\\d\\d?\\d?\\s)?");
    /** What $local_user_uid reads when check_local_user has not set it. */
    private static final String UNSET_ID = "4294967295";

    private final String name;
    private final OptionValues options;
    private final Set<Long> owners;
    private final Set<Long> owngroups;

    RedirectRouter(String name, OptionValues options, Set<Long> owners, Set<Long> owngroups) {
        this.name = name;
        this.options = options;
        this.owners = owners;
        this.owngroups = owngroups;
    }

    @Override
    public RouterResult route(Address address, RoutingContext context) {
        Expander expander = context.expander();
        String routerName = context.routerName() == null ? name : context.routerName();
        Long userUid = localUserId(expander, "local_user_uid");
        Long userGid = localUserId(expander, "local_user_gid");

        String qualifyDomain;
        try {
            qualifyDomain = options.get(QUALIFY_PRESERVE_DOMAIN) ? address.domain()
                    : options.isSet(QUALIFY_DOMAIN) ? options.expand(QUALIFY_DOMAIN, expander)
                    : expander.expand("$qualify_recipient");
        } catch (ExpansionException e) {
            return e.isForcedFailure() ? RouterResult.decline() : RouterResult.defer("failed to expand \""
                    + options.text(QUALIFY_DOMAIN).orElse("$qualify_recipient") + "\": " + e.getMessage());
        } catch (OptionValueException e) {
            return RouterResult.defer(e.getMessage());
        }

        boolean isFile = options.isSet(FILE);
        String template = options.text(isFile ? FILE : DATA).orElseThrow();
        String data;
        try {
            data = expander.expand(template);
        } catch (ExpansionException e) {
            return e.isForcedFailure() ? RouterResult.decline()
                    : RouterResult.defer("failed to expand \"" + template + "\": " + e.getMessage());
        }
        String what = isFile ? "file" : "data";
        if (isFile) {
            if (!data.startsWith("/")) {
                return RouterResult.defer("\"" + data + "\" is not an absolute path");
            }
            RedirectFile.Read read = RedirectFile.read(data, constraints(userUid, userGid));
            if (read instanceof RedirectFile.NonExistent) {
                return RouterResult.decline();
            }
            if (read instanceof RedirectFile.Failed f) {
                return RouterResult.defer(f.message());
            }
            data = ((RedirectFile.Content) read).text();
        }

        FilterType filter = FilterType.of(data);
        if (filter != FilterType.FORWARD) {
            return RouterResult.defer("error in filter " + what + ": " + filterRefusal(filter));
        }

        ForwardList list = new ForwardList(new ForwardList.Permissions(options.get(ALLOW_DEFER),
                options.get(ALLOW_FAIL), options.get(FORBID_BLACKHOLE), options.get(FORBID_INCLUDE),
                options.get(INCLUDE_DIRECTORY), options.get(SKIP_SYNTAX_ERRORS)), address.domain(), qualifyDomain);
        ForwardList.Outcome outcome = list.parse(data);
        if (outcome instanceof ForwardList.Error e) {
            return RouterResult.defer("error in redirect " + what + ": " + e.message());
        }
        if (outcome instanceof ForwardList.Special s) {
            return switch (s.kind()) {
                case BLACKHOLE -> RouterResult.discard();
                case DEFER -> s.message().isEmpty() ? RouterResult.defer("forced defer")
                        : RouterResult.defer(message(s.message()), message(s.message()));
                // Exim's FF_FAIL: the addresses before :fail: are added as children all the same.
                case FAIL -> new RouterResult.Fail(s.message().isEmpty() ? "forced rejection" : message(s.message()),
                        s.message().isEmpty() ? null : message(s.message()),
                        children(address, s.before(), expander, routerName));
            };
        }
        ForwardList.Items items = (ForwardList.Items) outcome;
        if (!items.skipped().isEmpty()) {
            // Exim's moan_skipped_syntax_errors; no message is sent when verifying or testing.
            boolean delivering = context.purpose() == RoutingContext.Purpose.DELIVERY;
            List<RoutingContext.SyntaxError> errors = items.skipped().stream()
                    .map(e -> new RoutingContext.SyntaxError(e.message(), e.item())).toList();
            if (!context.skippedSyntaxErrors(errors, delivering ? options.get(SYNTAX_ERRORS_TO) : null,
                    options.get(SYNTAX_ERRORS_TEXT), !items.items().isEmpty())) {
                return RouterResult.defer("skipped syntax errors, but failed to send the message");
            }
            if (items.items().isEmpty()) {
                return RouterResult.decline("syntax error in redirection data");
            }
        }
        if (items.items().isEmpty()) {
            return RouterResult.decline();
        }
        return new RouterResult.Rerouted(children(address, items.items(), expander, routerName));
    }

    /** Exim's add_generated: the items as children, marked for one_time and hide_child_in_errmsg. */
    private List<NewAddress> children(Address address, List<ForwardList.Item> items, Expander expander,
            String routerName) {
        List<NewAddress> children = new ArrayList<>();
        Address top = address;
        while (top.parent().isPresent()) {
            top = top.parent().get();
        }
        for (ForwardList.Item item : items) {
            NewAddress c = item.kind() == ForwardList.Kind.ADDRESS ? child(address, item.text())
                    : pipeOrFile(address, item, expander, routerName);
            Address a = c.address();
            if (options.get(ONE_TIME)) {
                a = a.withProperty(NewAddress.ONETIME_PARENT, top.text());
            }
            if (options.get(HIDE_CHILD_IN_ERRMSG)) {
                a = a.withProperty(NewAddress.HIDE_IN_ERRORS, "true");
            }
            children.add(new NewAddress(a, c.transport(), c.problem()));
        }
        return children;
    }

    /** A generated address; with check_ancestor, one that is an ancestor's becomes this address again. */
    private NewAddress child(Address address, String text) {
        String generated = text;
        if (options.get(CHECK_ANCESTOR)) {
            for (Optional<Address> a = Optional.of(address); a.isPresent(); a = a.get().parent()) {
                if (a.get().text().equalsIgnoreCase(generated)) {
                    generated = address.text();
                    break;
                }
            }
        }
        int at = Rfc822.findAt(generated);
        return NewAddress.routed(address.child(generated.substring(0, at), generated.substring(at + 1)));
    }

    /** A pipe, file or directory: delivered by its transport, unless forbidden or the transport is missing. */
    private NewAddress pipeOrFile(Address address, ForwardList.Item item, Expander expander, String routerName) {
        Address child = address.child(item.text(), "");
        boolean pipe = item.kind() == ForwardList.Kind.PIPE;
        boolean oneTime = options.get(ONE_TIME);
        if (pipe ? options.get(FORBID_PIPE) || oneTime : options.get(FORBID_FILE) || oneTime) {
            return NewAddress.undeliverable(child,
                    new NewAddress.Problem("delivery to " + (pipe ? "pipe" : "file") + " forbidden", true));
        }
        var option = pipe ? PIPE_TRANSPORT : item.text().endsWith("/") ? DIRECTORY_TRANSPORT : FILE_TRANSPORT;
        String transport = options.get(option);
        if (transport == null) {
            return NewAddress.undeliverable(child,
                    new NewAddress.Problem(option.name() + " unset in " + routerName + " router", false));
        }
        if (transport.indexOf('$') >= 0) {
            try {
                transport = expander.with(Map.of(pipe ? "address_pipe" : "address_file", item.text()))
                        .expand(transport);
            } catch (ExpansionException e) {
                return NewAddress.undeliverable(child, new NewAddress.Problem("failed to expand transport \""
                        + transport + "\" in " + routerName + " router: " + e.getMessage(), false));
            }
        }
        return new NewAddress(child, transport);
    }

    /** The message of :fail: or :defer:, without its SMTP code when forbid_smtp_code is set. */
    private String message(String text) {
        if (options.get(FORBID_SMTP_CODE)) {
            Matcher m = SMTP_CODE.matcher(text);
            if (m.find()) {
                return text.substring(m.end());
            }
        }
        return text;
    }

    /** Why a filter is not run: Exim's words when filtering is not enabled, else that it is not implemented. */
    private String filterRefusal(FilterType filter) {
        if (!options.get(ALLOW_FILTER)) {
            return "filtering not enabled";
        }
        if (filter == FilterType.EXIM && options.get(FORBID_EXIM_FILTER)) {
            return "Exim filtering not enabled";
        }
        if (filter == FilterType.SIEVE && options.get(FORBID_SIEVE_FILTER)) {
            return "Sieve filtering not enabled";
        }
        return (filter == FilterType.EXIM ? "Exim" : "Sieve") + " filter files are not supported by this router";
    }

    private RedirectFile.Constraints constraints(Long userUid, Long userGid) {
        boolean localUser = userUid != null;
        int modemask = options.get(MODEMASK);
        Boolean checkOwner = options.get(CHECK_OWNER);
        Boolean checkGroup = options.get(CHECK_GROUP);
        // Exim's defaults: the owner is checked with check_local_user or owners, the group with
        // check_local_user (unless the mask lets the group write) or owngroups.
        boolean owner = checkOwner != null ? checkOwner : localUser || !owners.isEmpty();
        boolean group = checkGroup != null ? checkGroup
                : localUser && (modemask & 020) == 0 || !owngroups.isEmpty();
        return new RedirectFile.Constraints(modemask, owner, group, userUid, userGid, owners, owngroups,
                options.get(IGNORE_EACCES), options.get(IGNORE_ENOTDIR));
    }

    /** The uid or gid check_local_user found, or null when the router does not check the local user. */
    private static Long localUserId(Expander expander, String variable) {
        try {
            String value = expander.expand("$" + variable);
            return value.isEmpty() || value.equals(UNSET_ID) ? null : Long.parseLong(value);
        } catch (ExpansionException | NumberFormatException e) {
            return null;
        }
    }

    /** Exim's rda_is_filter. */
    enum FilterType {
        FORWARD, EXIM, SIEVE;

        static FilterType of(String data) {
            int s = 0;
            while (s < data.length() && Rfc822.isSpace(data.charAt(s))) {
                s++;
            }
            return matchTag(data, s, "# exim filter") ? EXIM : matchTag(data, s, "# sieve filter") ? SIEVE : FORWARD;
        }

        /** Exim's match_tag: a space in the tag matches any number of spaces and tabs, letters any case. */
        private static boolean matchTag(String s, int from, String tag) {
            int i = from;
            for (int t = 0; t < tag.length(); t++) {
                char c = tag.charAt(t);
                if (c == ' ') {
                    while (i < s.length() && (s.charAt(i) == ' ' || s.charAt(i) == '\t')) {
                        i++;
                    }
                } else if (i >= s.length() || Character.toLowerCase(s.charAt(i)) != c) {
                    return false;
                } else {
                    i++;
                }
            }
            return true;
        }
    }
}
