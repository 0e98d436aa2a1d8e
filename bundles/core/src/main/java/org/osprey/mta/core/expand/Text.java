package org.osprey.mta.core.expand;

/** Literal text, with escapes already interpreted. */
record Text(String text) implements Node {

    @Override
    public String eval(Evaluation ev, boolean skipping) {
        return text;
    }
}
