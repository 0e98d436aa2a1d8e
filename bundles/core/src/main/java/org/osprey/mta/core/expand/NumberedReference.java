package org.osprey.mta.core.expand;

/** {@code $n} or {@code ${n}}: a match variable set by the last regular expression or wildcard match. */
record NumberedReference(int number) implements Node {

    @Override
    public String eval(Evaluation ev, boolean skipping) {
        return ev.numbered(number);
    }
}
