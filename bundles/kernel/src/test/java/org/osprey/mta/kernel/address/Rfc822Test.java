package org.osprey.mta.kernel.address;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/**
 * The port of Exim's parse.c: the examples of its comments and test driver, and the offsets
 * header qualification depends on.
 */
class Rfc822Test {

    private static Rfc822.Extracted extract(String s) {
        return Rfc822.extract(s, new Rfc822.Syntax(), false);
    }

    @Test
    void the_operative_address_and_where_it_was() {
        Rfc822.Extracted r = extract("Some One <some@one.example> (comment)");
        assertEquals("some@one.example", r.address());
        assertEquals("Some One <".length(), r.start());
        assertEquals("Some One <some@one.example".length(), r.end());
        assertEquals("some@".length(), r.domain());

        r = extract("  bare (the local part)  \n");
        assertEquals("bare", r.address());
        assertEquals(2, r.start());
        assertEquals(6, r.end());
        assertEquals(0, r.domain());

        r = extract("\"quoted local\"@x.example");
        assertEquals("\"quoted local\"@x.example", r.address());

        r = extract("<@route.example,@other.example:user@final.example>");
        assertEquals("user@final.example", r.address());
    }

    @Test
    void exim_error_texts() {
        assertEquals("domain missing or malformed", extract("bad@@x").error());
        assertEquals("empty address", extract("   ").error());
        assertEquals("unmatched doublequote in local part", extract("\"open").error());
        assertEquals("'>' missing at end of address", extract("Name <a@b.example").error());
        assertEquals("missing or malformed local part (expected word or \"<\")", extract("a b@c").error());
        assertEquals("malformed address: ) may not follow x@y.example ", extract("x@y.example )").error());
        assertEquals("domain literals not allowed", extract("<a@[1.2.3.4]>").error());
        assertTrue(extract("a@[1.2.3.4]").ok(), "a bare literal is read as a message-id literal, as Exim does");
        assertFalse(Rfc822.extract("<>", new Rfc822.Syntax(), false).ok());
        assertEquals("", Rfc822.extract("<>", new Rfc822.Syntax(), true).address());
    }

    @Test
    void groups_are_read_when_allowed() {
        Rfc822.Syntax syntax = new Rfc822.Syntax();
        syntax.allowGroup = true;
        Rfc822.Extracted first = Rfc822.extract("Friends: ann@f.example", syntax, false);
        assertEquals("ann@f.example", first.address());
        assertTrue(syntax.foundGroup);
        Rfc822.Extracted last = Rfc822.extract("bob (Bob);", syntax, false);
        assertEquals("bob", last.address());
        assertFalse(syntax.foundGroup);
        assertTrue(syntax.allowGroup);
        assertEquals("empty address", Rfc822.extract("undisclosed-recipients:;", syntax, false).error());
    }

    @Test
    void address_ends_skip_quotes_comments_and_brackets() {
        String s = "\"a, b\" <x@y>, (c, d) e@f, <@r1,@r2:g@h>, i";
        int first = Rfc822.findAddressEnd(s, 0, false);
        assertEquals("\"a, b\" <x@y>", s.substring(0, first));
        int second = Rfc822.findAddressEnd(s, first + 2, false);
        assertEquals("(c, d) e@f", s.substring(first + 2, second));
        int third = Rfc822.findAddressEnd(s, second + 2, false);
        assertEquals("<@r1,@r2:g@h>", s.substring(second + 2, third));
    }

    @Test
    void the_last_unquoted_at() {
        assertEquals(5, Rfc822.findAt("a@b@c@d"));
        assertEquals(-1, Rfc822.findAt("\"a@b\""));
        assertEquals(-1, Rfc822.findAt("a\\@b"));
        assertEquals(3, Rfc822.findAt("a\\\\@b"));
    }

    @Test
    void phrases_as_parse_fix_phrase_documents_them() {
        assertEquals("\"John Q. Smith\"", Rfc822.fixPhrase("John Q. Smith", null));
        assertEquals("John \"Jack\" Smith", Rfc822.fixPhrase("John \"Jack\" Smith", null));
        assertEquals("John \"Jack\" \"Q.\" Smith", Rfc822.fixPhrase("John \"Jack\" Q. Smith", null));
        assertEquals("\"John (Jack) Q. Smith\"", Rfc822.fixPhrase("John (Jack) Q. Smith", null));
        assertEquals("John (\"Jack\") \"Q.\" Smith", Rfc822.fixPhrase("John (\"Jack\") Q. Smith", null));
        assertEquals("\"John (\\\"Jack\\\") Q. Smith\"", Rfc822.fixPhrase("John (\\\"Jack\\\") Q. Smith", null));
        assertEquals("plain name", Rfc822.fixPhrase("  plain name", null));
        assertEquals("", Rfc822.fixPhrase("", null));
    }

    @Test
    void non_printing_phrases_are_rfc2047_encoded() {
        String cafe = Rfc822.bytes("Caf\u00e9 Owner");
        assertEquals("=?UTF-8?Q?Caf=C3=A9_Owner?=", Rfc822.fixPhrase(cafe, "UTF-8"));
        assertEquals("=?iso-8859-1?Q?a=09b?=", Rfc822.quote2047("a\u0001b".replace('\u0001', '\t'), null));
    }

    @Test
    void local_parts_quoted_when_they_must_be() {
        assertEquals("simple.name", Rfc822.localPartQuote("simple.name"));
        assertEquals("\".dot\"", Rfc822.localPartQuote(".dot"));
        assertEquals("\"a b\"", Rfc822.localPartQuote("a b"));
        assertEquals("\"q\\\"x\"", Rfc822.localPartQuote("q\"x"));
    }

    @Test
    void printing_escapes_as_string_printing() {
        assertEquals("a\\nb\tc\\001\\377", Rfc822.printing("a\nb\tc\u0001\u00ff", false));
        assertEquals("\u00e9", Rfc822.printing("\u00e9", true));
    }
}
