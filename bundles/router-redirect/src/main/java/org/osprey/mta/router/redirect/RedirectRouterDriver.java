package org.osprey.mta.router.redirect;

import java.util.HashSet;
import java.util.Set;
import org.osgi.service.component.annotations.Component;
import org.osprey.mta.kernel.driver.ConfigurationException;
import org.osprey.mta.kernel.driver.DriverConfig;
import org.osprey.mta.kernel.driver.MtaDriver;
import org.osprey.mta.kernel.option.Option;
import org.osprey.mta.kernel.option.OptionTable;
import org.osprey.mta.kernel.option.OptionType;
import org.osprey.mta.kernel.option.OptionValues;
import org.osprey.mta.kernel.router.Router;
import org.osprey.mta.kernel.router.RouterDriver;

/**
 * Exim 4.96's redirect router (routers/redirect.c): its option table, with Exim's names and
 * defaults, and the checks Exim makes of an instance when it reads the configuration. The
 * routing itself is {@link RedirectRouter}'s.
 */
@Component(service = RouterDriver.class)
@MtaDriver(kind = MtaDriver.ROUTER, name = "redirect")
public final class RedirectRouterDriver implements RouterDriver {
    static final Option<Boolean> ALLOW_DEFER = Option.bool("allow_defer", false);
    static final Option<Boolean> ALLOW_FAIL = Option.bool("allow_fail", false);
    static final Option<Boolean> ALLOW_FILTER = Option.bool("allow_filter", false);
    static final Option<Boolean> ALLOW_FREEZE = Option.bool("allow_freeze", false);
    static final Option<Boolean> CHECK_ANCESTOR = Option.bool("check_ancestor", false);
    /** Unset by default: then on when check_local_user is, or owngroups is set (Exim's TRUE_UNSET). */
    static final Option<Boolean> CHECK_GROUP = Option.of("check_group", OptionType.BOOLEAN, null);
    /** Unset by default: then on when check_local_user is, or owners is set. */
    static final Option<Boolean> CHECK_OWNER = Option.of("check_owner", OptionType.BOOLEAN, null);
    static final Option<String> DATA = Option.string("data").expanded();
    static final Option<String> DIRECTORY_TRANSPORT = Option.string("directory_transport");
    static final Option<String> FILE = Option.string("file").expanded();
    static final Option<String> FILE_TRANSPORT = Option.string("file_transport");
    static final Option<Boolean> FILTER_PREPEND_HOME = Option.bool("filter_prepend_home", true);
    static final Option<Boolean> FORBID_BLACKHOLE = Option.bool("forbid_blackhole", false);
    static final Option<Boolean> FORBID_EXIM_FILTER = Option.bool("forbid_exim_filter", false);
    static final Option<Boolean> FORBID_FILE = Option.bool("forbid_file", false);
    static final Option<Boolean> FORBID_FILTER_DLFUNC = Option.bool("forbid_filter_dlfunc", false);
    static final Option<Boolean> FORBID_FILTER_EXISTSTEST = Option.bool("forbid_filter_existstest", false);
    static final Option<Boolean> FORBID_FILTER_LOGWRITE = Option.bool("forbid_filter_logwrite", false);
    static final Option<Boolean> FORBID_FILTER_LOOKUP = Option.bool("forbid_filter_lookup", false);
    static final Option<Boolean> FORBID_FILTER_PERL = Option.bool("forbid_filter_perl", false);
    static final Option<Boolean> FORBID_FILTER_READFILE = Option.bool("forbid_filter_readfile", false);
    static final Option<Boolean> FORBID_FILTER_READSOCKET = Option.bool("forbid_filter_readsocket", false);
    static final Option<Boolean> FORBID_FILTER_REPLY = Option.bool("forbid_filter_reply", false);
    static final Option<Boolean> FORBID_FILTER_RUN = Option.bool("forbid_filter_run", false);
    static final Option<Boolean> FORBID_INCLUDE = Option.bool("forbid_include", false);
    static final Option<Boolean> FORBID_PIPE = Option.bool("forbid_pipe", false);
    static final Option<Boolean> FORBID_SIEVE_FILTER = Option.bool("forbid_sieve_filter", false);
    static final Option<Boolean> FORBID_SMTP_CODE = Option.bool("forbid_smtp_code", false);
    static final Option<Boolean> HIDE_CHILD_IN_ERRMSG = Option.bool("hide_child_in_errmsg", false);
    static final Option<Boolean> IGNORE_EACCES = Option.bool("ignore_eacces", false);
    static final Option<Boolean> IGNORE_ENOTDIR = Option.bool("ignore_enotdir", false);
    static final Option<String> INCLUDE_DIRECTORY = Option.string("include_directory");
    static final Option<Integer> MODEMASK = Option.octal("modemask", 022);
    static final Option<Boolean> ONE_TIME = Option.bool("one_time", false);
    static final Option<String> OWNERS = Option.of("owners", OptionType.STRING_LIST, null);
    static final Option<String> OWNGROUPS = Option.of("owngroups", OptionType.STRING_LIST, null);
    static final Option<String> PIPE_TRANSPORT = Option.string("pipe_transport");
    static final Option<String> QUALIFY_DOMAIN = Option.string("qualify_domain").expanded();
    static final Option<Boolean> QUALIFY_PRESERVE_DOMAIN = Option.bool("qualify_preserve_domain", false);
    /** Exim keeps it with the generic options (opt_public); the loop check of routing reads it. */
    static final Option<Boolean> REPEAT_USE = Option.bool("repeat_use", true);
    static final Option<String> REPLY_TRANSPORT = Option.string("reply_transport");
    static final Option<Boolean> REWRITE = Option.bool("rewrite", true);
    static final Option<String> SIEVE_ENOTIFY_MAILTO_OWNER = Option.string("sieve_enotify_mailto_owner");
    static final Option<String> SIEVE_SUBADDRESS = Option.string("sieve_subaddress");
    static final Option<String> SIEVE_USERADDRESS = Option.string("sieve_useraddress");
    static final Option<String> SIEVE_VACATION_DIRECTORY = Option.string("sieve_vacation_directory");
    static final Option<Boolean> SKIP_SYNTAX_ERRORS = Option.bool("skip_syntax_errors", false);
    static final Option<String> SYNTAX_ERRORS_TEXT = Option.string("syntax_errors_text");
    static final Option<String> SYNTAX_ERRORS_TO = Option.string("syntax_errors_to");

    private static final OptionTable TABLE = OptionTable.of(ALLOW_DEFER, ALLOW_FAIL, ALLOW_FILTER, ALLOW_FREEZE,
            CHECK_ANCESTOR, CHECK_GROUP, CHECK_OWNER, DATA, DIRECTORY_TRANSPORT, FILE, FILE_TRANSPORT,
            FILTER_PREPEND_HOME, FORBID_BLACKHOLE, FORBID_EXIM_FILTER, FORBID_FILE, FORBID_FILTER_DLFUNC,
            FORBID_FILTER_EXISTSTEST, FORBID_FILTER_LOGWRITE, FORBID_FILTER_LOOKUP, FORBID_FILTER_PERL,
            FORBID_FILTER_READFILE, FORBID_FILTER_READSOCKET, FORBID_FILTER_REPLY, FORBID_FILTER_RUN,
            FORBID_INCLUDE, FORBID_PIPE, FORBID_SIEVE_FILTER, FORBID_SMTP_CODE, HIDE_CHILD_IN_ERRMSG,
            IGNORE_EACCES, IGNORE_ENOTDIR, INCLUDE_DIRECTORY, MODEMASK, ONE_TIME, OWNERS, OWNGROUPS,
            PIPE_TRANSPORT, QUALIFY_DOMAIN, QUALIFY_PRESERVE_DOMAIN, REPEAT_USE, REPLY_TRANSPORT, REWRITE,
            SIEVE_ENOTIFY_MAILTO_OWNER, SIEVE_SUBADDRESS, SIEVE_USERADDRESS, SIEVE_VACATION_DIRECTORY,
            SKIP_SYNTAX_ERRORS, SYNTAX_ERRORS_TEXT, SYNTAX_ERRORS_TO);

    @Override
    public OptionTable options() {
        return TABLE;
    }

    /** Exim's redirect_router_init checks, those that need only the private options. */
    @Override
    public Router create(DriverConfig config) throws ConfigurationException {
        OptionValues o = config.options();
        boolean file = o.isSet(FILE);
        if (file == o.isSet(DATA)) {
            throw new ConfigurationException((file ? "only " : "") + "one of \"file\" or \"data\" must be specified");
        }
        if (o.isSet(QUALIFY_DOMAIN) && o.get(QUALIFY_PRESERVE_DOMAIN)) {
            throw new ConfigurationException(
                    "only one of \"qualify_domain\" or \"qualify_preserve_domain\" must be set");
        }
        Set<Long> owners = ids(o.get(OWNERS), false);
        Set<Long> owngroups = ids(o.get(OWNGROUPS), true);
        return new RedirectRouter(config.instanceName(), o, owners, owngroups);
    }

    /** An opt_uidlist or opt_gidlist: colon-separated numbers or names, each of which must exist. */
    private static Set<Long> ids(String list, boolean groups) throws ConfigurationException {
        Set<Long> ids = new HashSet<>();
        if (list == null) {
            return ids;
        }
        for (String item : list.split(":")) {
            String name = item.strip();
            if (name.isEmpty()) {
                continue;
            }
            Long id = groups ? SystemIds.group(name) : SystemIds.user(name);
            if (id == null) {
                throw new ConfigurationException((groups ? "group " : "user ") + name + " was not found");
            }
            ids.add(id);
        }
        return ids;
    }
}
