package org.osprey.mta.core.expand;

import org.osprey.mta.kernel.expand.ExpansionException;

/**
 * An expansion string parsed once: immutable and safe to share between threads, evaluated
 * against any number of contexts. Evaluation throws nothing but {@link ExpansionException}.
 */
public final class CompiledExpansion {
    private final ExpansionEngine engine;
    private final String template;
    private final Node root;

    CompiledExpansion(ExpansionEngine engine, String template, Node root) {
        this.engine = engine;
        this.template = template;
        this.root = root;
    }

    /** The text it was compiled from. */
    public String template() {
        return template;
    }

    /** The expansion in {@code context}; a forced failure or an error otherwise. */
    public String expand(ExpansionContext context) throws ExpansionException {
        return ByteStrings.external(expandBytes(context));
    }

    /** The result as a byte string (one char per byte), for callers that write bytes (-be). */
    String expandBytes(ExpansionContext context) throws ExpansionException {
        return engine.evaluate(root, new Evaluation(engine, context));
    }
}
