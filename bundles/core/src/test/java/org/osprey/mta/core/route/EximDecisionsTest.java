package org.osprey.mta.core.route;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.osprey.mta.kernel.router.RoutingContext.Purpose;

/**
 * Routing decisions compared with Exim 4.96's: each configuration below was given to the real
 * Exim ({@code tools/exim-reference -c CONF -- -bt ADDRESSES}) and its output recorded here.
 * The entries are compared as sets, since the order Exim prints them in is that of its
 * address chains. check_local_user uses a passwd in which root's home is /root, as on the
 * machine where Exim ran.
 */
class EximDecisionsTest {
    @TempDir
    Path dir;

    private static final String PRECONDITIONS = """
domainlist local = a.example : b.example

begin routers

vonly:
  driver = accept
  verify_only
  domains = v.example
  transport = t_verify

nobt:
  driver = accept
  no_address_test
  domains = v.example
  transport = t_nobt

novrfy:
  driver = accept
  no_verify
  domains = v.example
  transport = t_noverify

pfx:
  driver = accept
  domains = a.example
  local_part_prefix = owner- : *+
  transport = ${if eq{$local_part_prefix}{owner-}{t_owner}{t_plus}}

sfx:
  driver = accept
  domains = a.example
  local_part_suffix = -*
  local_part_suffix_optional
  local_parts = ^s
  transport = ${if eq{$local_part_suffix}{}{t_nosuffix}{t_suffix}}

lu:
  driver = accept
  domains = +local
  check_local_user
  transport = ${if eq{$home}{/root}{t_roothome}{t_otherhome}}

data:
  driver = accept
  domains = +local
  local_parts = dd : ee
  condition = ${if eq{$local_part_data}{dd}}
  transport = ${if eq{$domain_data}{a.example}{t_da}{t_db}}

snd:
  driver = accept
  senders = :
  domains = s.example
  transport = t_nullsender

rf:
  driver = accept
  domains = f.example
  require_files = /etc/passwd : !/nonexistent/file
  transport = t_files

rf2:
  driver = accept
  domains = f.example
  require_files = /nonexistent
  transport = t_never

red:
  driver = redirect
  domains = r.example
  allow_fail
  allow_defer
  data = ${if eq{$local_part}{fail}{:fail: no such list}{${if eq{$local_part}{defer}{:defer: try later}{${if eq{$local_part}{hole}{:blackhole:}{${if eq{$local_part}{none}{}{x@a.example, owner-y@a.example}}}}}}}}

nomore:
  driver = accept
  domains = n.example
  local_parts = stop
  condition = false
  no_more
  transport = t1

nm2:
  driver = redirect
  domains = n.example
  local_parts = stop2
  data =
  no_more

last:
  driver = accept
  domains = c.example
  cannot_route_message = no route for $local_part
  transport = t1

begin transports
t1:
  driver = appendfile
  file = /dev/null
t_verify:
  driver = appendfile
  file = /dev/null
t_nobt:
  driver = appendfile
  file = /dev/null
t_noverify:
  driver = appendfile
  file = /dev/null
t_owner:
  driver = appendfile
  file = /dev/null
t_plus:
  driver = appendfile
  file = /dev/null
t_nosuffix:
  driver = appendfile
  file = /dev/null
t_suffix:
  driver = appendfile
  file = /dev/null
t_roothome:
  driver = appendfile
  file = /dev/null
t_otherhome:
  driver = appendfile
  file = /dev/null
t_da:
  driver = appendfile
  file = /dev/null
t_db:
  driver = appendfile
  file = /dev/null
t_nullsender:
  driver = appendfile
  file = /dev/null
t_files:
  driver = appendfile
  file = /dev/null
t_never:
  driver = appendfile
  file = /dev/null
            """;

    private static final String REDIRECTS = """
begin routers

alias:
  driver = redirect
  domains = a.example
  data = ${if eq{$local_part}{me}{me@a.example, you@a.example}{${if eq{$local_part}{loop}{loop2@a.example}{${if eq{$local_part}{loop2}{loop@a.example}{}}}}}}
  redirect_router = second

first:
  driver = accept
  domains = a.example
  local_parts = you
  transport = t_first

second:
  driver = accept
  domains = a.example
  transport = t_second

cc:
  driver = accept
  domains = u.example
  unseen
  errors_to = postmaster@a.example
  transport = t_first

passer:
  driver = redirect
  domains = u.example : p.example
  data = ${if eq{$local_part}{pass}{:unknown:}{}}
  allow_defer
  pass_router = final
  
skipped:
  driver = accept
  domains = u.example : p.example
  transport = t_second

final:
  driver = accept
  transport = t1

begin transports
t1:
  driver = appendfile
  file = /dev/null
t_first:
  driver = appendfile
  file = /dev/null
t_second:
  driver = appendfile
  file = /dev/null
            """;

    private static final String DUPLICATES = """
begin routers
r1:
  driver = redirect
  domains = a.example
  data = ${if eq{$local_part}{u}{x@a.example, X@a.example, v@a.example}{${if eq{$local_part}{v}{x@a.example, v@a.example}{$local_part@b.example}}}}
r2:
  driver = accept
  transport = t1
begin transports
t1:
  driver = appendfile
  file = /dev/null
            """;
    private static final String EXIM_PRECONDITIONS = """
u@v.example
  router = novrfy, transport = t_noverify
owner-bob@a.example
  router = pfx, transport = t_owner
joe+bob@a.example
  router = pfx, transport = t_plus
sam-x@a.example
  router = sfx, transport = t_suffix
sam@a.example
  router = sfx, transport = t_nosuffix
tom@a.example is undeliverable: no route for tom
root@b.example
  router = lu, transport = t_roothome
dd@a.example
  router = data, transport = t_da
dd@b.example
  router = data, transport = t_db
ee@a.example is undeliverable: no route for ee
z@s.example is undeliverable: no route for z
z@f.example
  router = rf, transport = t_files
fail@r.example is undeliverable: no such list
defer@r.example cannot be resolved at this time: try later
mail to hole@r.example is discarded
none@r.example is undeliverable: no route for none
x@a.example is undeliverable: no route for x
    <-- list@r.example
owner-y@a.example
    <-- list@r.example
  router = pfx, transport = t_owner
stop@n.example is undeliverable: no route for stop
stop2@n.example is undeliverable: Unrouteable address
q@c.example
  router = last, transport = t1
            """;

    private static final String EXIM_NULL_SENDER = """
z@s.example
  router = snd, transport = t_nullsender
            """;

    private static final String EXIM_REDIRECT_ROUTER = """
you@a.example
    <-- me@a.example
  router = second, transport = t_second
me@a.example
    <-- me@a.example
  router = second, transport = t_second
loop2@a.example
    <-- loop@a.example
  router = second, transport = t_second
x@u.example
    <-- x@u.example
  router = skipped, transport = t_second
x@u.example
    <-- x@u.example
  router = cc, transport = t_first
pass@p.example
  router = skipped, transport = t_second
nopass@p.example
  router = skipped, transport = t_second
            """;

    private static final String EXIM_LOOPS = """
you@a.example
    <-- me@a.example
  router = first, transport = t_first
me@a.example
    <-- me@a.example
  router = second, transport = t_second
loop@a.example
    <-- loop2@a.example
    <-- loop@a.example
  router = second, transport = t_second
            """;

    private static final String EXIM_DUPLICATES = """
v@a.example
    <-- v@a.example
    <-- u@a.example
  router = r2, transport = t1
x@b.example
    <-- x@a.example
    <-- v@a.example
    <-- u@a.example
  router = r2, transport = t1
x@b.example   [duplicate, would not be delivered]
    <-- X@a.example
    <-- u@a.example
  router = r2, transport = t1
x@b.example   [duplicate, would not be delivered]
    <-- x@a.example
    <-- u@a.example
  router = r2, transport = t1
            """;

    @Test
    void preconditionsAsEximDecides() throws Exception {
        RouteFixture f = new RouteFixture(dir, PRECONDITIONS);
        assertEquals(RouteFixture.entries(EXIM_PRECONDITIONS), f.bt("u@v.example", "owner-bob@a.example",
                "joe+bob@a.example", "sam-x@a.example", "sam@a.example", "tom@a.example", "root@b.example",
                "dd@a.example", "dd@b.example", "ee@a.example", "z@s.example", "z@f.example", "fail@r.example",
                "defer@r.example", "hole@r.example", "none@r.example", "list@r.example", "stop@n.example",
                "stop2@n.example", "q@c.example"));
    }

    @Test
    void sendersWithTheNullSender() throws Exception {
        RouteFixture f = new RouteFixture(dir, PRECONDITIONS);
        RoutingOutcome o = f.route("z@s.example", org.osprey.mta.kernel.router.RoutingContext.Purpose.ADDRESS_TEST, "");
        assertEquals(RouteFixture.entries(EXIM_NULL_SENDER),
                RouteFixture.entries("z@s.example\n  router = " + o.router() + ", transport = "
                        + ((RoutingOutcome.Routed) o).transport()));
    }

    @Test
    void redirectRouterUnseenAndPassAsEximDecides() throws Exception {
        RouteFixture f = new RouteFixture(dir, REDIRECTS);
        assertEquals(RouteFixture.entries(EXIM_REDIRECT_ROUTER),
                f.bt("me@a.example", "loop@a.example", "x@u.example", "pass@p.example", "nopass@p.example"));
    }

    @Test
    void loopDetectionAsEximDecides() throws Exception {
        RouteFixture f = new RouteFixture(dir, REDIRECTS.replace("  redirect_router = second\n", ""));
        assertEquals(RouteFixture.entries(EXIM_LOOPS), f.bt("me@a.example", "loop@a.example"));
    }

    @Test
    void duplicatesAsEximDecides() throws Exception {
        RouteFixture f = new RouteFixture(dir, DUPLICATES);
        assertEquals(RouteFixture.entries(EXIM_DUPLICATES), f.bt("u@a.example"));
    }

    /** Exim 4.96 sets $domain_data and $local_part_data to the list item that matched (a regex: the pattern). */
    private static final String MATCH_DATA = """
begin routers
r1:
  driver = redirect
  allow_fail
  domains = ^(.*)\\.example\\$ : other.test
  local_parts = ^[a-c] : zed
  data = :fail: [$domain_data] [$local_part_data]
            """;

    private static final String EXIM_MATCH_DATA = """
bob@b.example is undeliverable: [^(.*).example$] [^[a-c]]
zed@other.test is undeliverable: [other.test] [zed]
            """;

    @Test
    void domainAndLocalPartDataAreTheItemsThatMatched() throws Exception {
        RouteFixture f = new RouteFixture(dir, MATCH_DATA);
        assertEquals(RouteFixture.entries(EXIM_MATCH_DATA), f.bt("bob@b.example", "zed@other.test"));
    }

    /** Expansion failures and bad values in each option, and check_local_user's caseless lookup. */
    private static final String FAULTS = """
begin routers

rf_user:
  driver = accept
  domains = user.example
  require_files = nosuchuser : /etc/passwd
  transport = t1

rf_rel:
  driver = accept
  domains = rel.example
  require_files = etc/passwd
  transport = t1

rf_num:
  driver = accept
  domains = num.example
  require_files = 0 : /etc/passwd
  transport = t1

rf_exp:
  driver = accept
  domains = rfexp.example
  require_files = ${eval:1/0}
  transport = t1

ad:
  driver = accept
  domains = ad.example
  address_data = ${eval:1/0}
  transport = t1

tp:
  driver = accept
  domains = tp.example
  transport = ${eval:1/0}

tpname:
  driver = accept
  domains = tpname.example
  transport = ${if eq{1}{1}{nosuch}}

mr:
  driver = redirect
  domains = more.example
  data =
  more = ${if eq{1}{1}{maybe}}

mr2:
  driver = redirect
  domains = more2.example
  data =
  more = ${eval:1/0}

rh:
  driver = accept
  domains = rh.example
  router_home_directory = ${eval:1/0}
  transport = t1

ha:
  driver = accept
  domains = ha.example
  headers_add = X-A: ${eval:1/0}
  transport = t1

hr:
  driver = accept
  domains = hr.example
  headers_remove = ${eval:1/0}
  transport = t1

et:
  driver = accept
  domains = et.example
  errors_to = ${eval:1/0}
  transport = t1

un:
  driver = accept
  domains = un.example
  unseen = ${if eq{1}{1}{maybe}}
  transport = t1

st:
  driver = accept
  domains = set.example
  set = r_x = ${eval:1/0}
  transport = t1

cond:
  driver = accept
  domains = cond.example
  condition = ${eval:1/0}
  transport = t1

lu:
  driver = accept
  domains = lu.example
  check_local_user
  transport = t1

luc:
  driver = accept
  domains = lu.example
  check_local_user
  caseful_local_part
  transport = t2

end:
  driver = accept
  domains = !un.example
  transport = t2

begin transports
t1:
  driver = appendfile
  file = /dev/null
t2:
  driver = appendfile
  file = /dev/null
            """;

    /**
     * Exim's -bt output for FAULTS, less two entries: Exim also lists a@un.example as routed
     * after deferring it (a quirk of -bt), and turns the deferral of a@set.example into a
     * discard (route_address leaves its yield unset when set_router_vars defers); Osprey defers both.
     */
    private static final String EXIM_FAULTS = """
a@user.example cannot be resolved at this time: user "nosuchuser" for require_files not found
a@rel.example cannot be resolved at this time: require_files: "etc/passwd" is not absolute
a@num.example cannot be resolved at this time: group missing after numerical uid 0 for require_files
a@rfexp.example cannot be resolved at this time: failed to expand "${eval" for require_files: "${eval" is not a known operator (or a } is missing in a variable reference)
a@ad.example cannot be resolved at this time: expansion of "${eval:1/0}" failed in ad router: error in expression evaluation: divide by zero (after processing "1/0")
a@tp.example cannot be resolved at this time: failed to expand transport "${eval:1/0}" in tp router: error in expression evaluation: divide by zero (after processing "1/0")
a@tpname.example cannot be resolved at this time: transport "nosuch" not found in tpname router
a@more.example cannot be resolved at this time: "maybe" is not a valid value for the "more" option in the mr router
a@more2.example cannot be resolved at this time: failed to expand "more" in mr2 router: error in expression evaluation: divide by zero (after processing "1/0")
a@rh.example cannot be resolved at this time: failed to expand "${eval:1/0}" for router_home_directory: error in expression evaluation: divide by zero (after processing "1/0")
a@ha.example cannot be resolved at this time: ha router failed to expand add_headers item "X-A: ${eval:1/0}": error in expression evaluation: divide by zero (after processing "1/0")
a@hr.example cannot be resolved at this time: hr router failed to expand remove_headers item "${eval": "${eval" is not a known operator (or a } is missing in a variable reference)
a@et.example cannot be resolved at this time: et router failed to expand "${eval:1/0}": error in expression evaluation: divide by zero (after processing "1/0")
a@un.example cannot be resolved at this time: "maybe" is not a valid value for the "unseen" option in the un router
a@cond.example
  router = end, transport = t2
ROOT@lu.example
  router = lu, transport = t1
root@lu.example
  router = lu, transport = t1
            """;

    @Test
    void faultsAsEximReportsThem() throws Exception {
        RouteFixture f = new RouteFixture(dir, FAULTS);
        List<String> expected = new ArrayList<>(RouteFixture.entries(EXIM_FAULTS));
        expected.add("a@set.example cannot be resolved at this time: expansion of \"r_x = ${eval:1/0}\" failed in st "
                + "router: error in expression evaluation: divide by zero (after processing \"1/0\")");
        Collections.sort(expected);
        assertEquals(expected, f.bt("a@user.example", "a@rel.example", "a@num.example", "a@rfexp.example",
                "a@ad.example", "a@tp.example", "a@tpname.example", "a@more.example", "a@more2.example",
                "a@rh.example", "a@ha.example", "a@hr.example", "a@et.example", "a@un.example", "a@set.example",
                "a@cond.example", "ROOT@lu.example", "root@lu.example"));
    }

    /** Verification: verify_only, fail_verify_recipient/_sender, no_verify_recipient, a redirected address. */
    private static final String VERIFY = """
begin routers
vonly:
  driver = accept
  domains = v.example
  verify_only
  transport = t1
fv:
  driver = accept
  domains = fv.example
  fail_verify_recipient
  transport = t1
fvs:
  driver = accept
  domains = fvs.example
  fail_verify_sender
  transport = t1
nov:
  driver = accept
  domains = nov.example
  no_verify_recipient
  transport = t1
red:
  driver = redirect
  domains = r.example
  data = a@fv.example
last:
  driver = accept
  domains = ! nov.example : ! v.example
  transport = t2
begin transports
t1:
  driver = appendfile
  file = /dev/null
t2:
  driver = appendfile
  file = /dev/null
            """;

    @Test
    void verificationAsEximDecides() throws Exception {
        RouteFixture f = new RouteFixture(dir, VERIFY);
        String[] addresses = {"a@v.example", "a@fv.example", "a@fvs.example", "a@nov.example", "a@r.example"};
        // exim-reference -c VERIFY -- -bv ...
        assertEquals(List.of("a@v.example verified",
                "a@fv.example failed to verify: fv router forced verify failure",
                "a@fvs.example verified",
                "a@nov.example failed to verify: Unrouteable address",
                "a@r.example failed to verify: fv router forced verify failure"),
                f.bv(Purpose.VERIFY_RECIPIENT, addresses));
        // exim-reference -c VERIFY -- -bvs ...
        assertEquals(List.of("a@v.example verified",
                "a@fv.example verified",
                "a@fvs.example failed to verify: fvs router forced verify failure",
                "a@nov.example verified",
                "a@r.example verified"),
                f.bv(Purpose.VERIFY_SENDER, addresses));
        // exim-reference -c VERIFY -- -bt ...: one run, so the redirected copy is a duplicate
        assertEquals(RouteFixture.entries("""
                a@v.example is undeliverable: Unrouteable address
                a@fv.example
                  router = fv, transport = t1
                a@fvs.example
                  router = fvs, transport = t1
                a@nov.example
                  router = nov, transport = t1
                a@fv.example   [duplicate, would not be delivered]
                    <-- a@r.example
                  router = fv, transport = t1
                """), f.bt(addresses));
    }

    /** caseful_local_part for local_parts (items and regexes) and affixes; +caseful in a caseless router. */
    private static final String CASES = """
begin routers
cased:
  driver = accept
  caseful_local_part
  local_parts = <; Bob ; ^D
  local_part_prefix = Pre-
  local_part_prefix_optional
  transport = t1
uncased:
  driver = accept
  local_parts = <; Bob ; carl ; +caseful ; Eve
  transport = t2
begin transports
t1:
  driver = appendfile
  file = /dev/null
t2:
  driver = appendfile
  file = /dev/null
            """;

    private static final String EXIM_CASES = """
Bob@x.example
  router = cased, transport = t1
bob@x.example
  router = uncased, transport = t2
CARL@x.example
  router = uncased, transport = t2
Eve@x.example
  router = uncased, transport = t2
eve@x.example is undeliverable: Unrouteable address
pre-Bob@x.example
  router = cased, transport = t1
Pre-bob@x.example is undeliverable: Unrouteable address
Dan@x.example
  router = cased, transport = t1
dan@x.example is undeliverable: Unrouteable address
            """;

    @Test
    void localPartCaseAsEximDecides() throws Exception {
        RouteFixture f = new RouteFixture(dir, CASES);
        assertEquals(RouteFixture.entries(EXIM_CASES), f.bt("Bob@x.example", "bob@x.example", "CARL@x.example",
                "Eve@x.example", "eve@x.example", "pre-Bob@x.example", "Pre-bob@x.example", "Dan@x.example",
                "dan@x.example"));
    }
}
