package org.osprey.mta.core.expand;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.osprey.mta.kernel.expand.ExpansionException;

/**
 * The mutable state of one expansion (Exim's globals while expand_string runs): the numbered
 * match variables, {@code $value}, {@code $item}, {@code $runrc} and the variables items set on
 * the way. Belongs to one thread for the length of one call; the compiled nodes stay immutable.
 */
final class Evaluation {
    static final int MAX_NUMBERED = 20;
    private static final int MAX_DEPTH = 100;
    private static final int MAX_LENGTH = 16 * 1024 * 1024;

    private final ExpansionEngine engine;
    private final ExpansionContext context;
    private final Map<String, String> itemVariables = new HashMap<>();
    private String[] numbered = new String[MAX_NUMBERED + 1];
    private int numberedMax = -1;
    private String value;
    private String item;
    private boolean malformedHeader;
    private int runrc;
    private int depth;

    Evaluation(ExpansionEngine engine, ExpansionContext context) {
        this.engine = engine;
        this.context = context;
        this.value = context.variableOrNull("value");
        this.item = context.variableOrNull("item");
        List<String> preset = context.numbered();
        if (!preset.isEmpty()) {
            setNumbered(preset.toArray(new String[0]), preset.size());
        }
    }

    ExpansionEngine engine() {
        return engine;
    }

    ExpansionContext context() {
        return context;
    }

    /** A variable's value, or null when Exim has no variable of that name. */
    String variable(String name, boolean skipping) {
        return Variables.value(this, name, skipping);
    }

    /** Variables that items set while they work ({@code $prvscheck_address}, {@code $srs_recipient}). */
    Map<String, String> itemVariables() {
        return itemVariables;
    }

    String value() {
        return value;
    }

    void setValue(String value) {
        this.value = value;
    }

    String item() {
        return item;
    }

    void setItem(String item) {
        this.item = item;
    }

    int runrc() {
        return runrc;
    }

    void setRunrc(int runrc) {
        this.runrc = runrc;
    }

    boolean malformedHeader() {
        return malformedHeader;
    }

    void noteMalformedHeader() {
        malformedHeader = true;
    }

    /** {@code $n}, or "" when not set. */
    String numbered(int n) {
        return n >= 0 && n <= numberedMax && numbered[n] != null ? numbered[n] : "";
    }

    /** Sets $0.. from {@code values} (null entries read as empty), as a successful match does. */
    void setNumbered(String[] values, int count) {
        String[] fresh = new String[MAX_NUMBERED + 1];
        int n = Math.min(count, MAX_NUMBERED + 1);
        System.arraycopy(values, 0, fresh, 0, n);
        numbered = fresh;
        numberedMax = n - 1;
    }

    /** The numbered variables as they are, to be put back with {@link #restoreNumbered}. */
    Object saveNumbered() {
        return new Object[] {numbered, numberedMax};
    }

    void restoreNumbered(Object saved) {
        Object[] s = (Object[]) saved;
        numbered = (String[]) s[0];
        numberedMax = (Integer) s[1];
    }

    /** Counts one level of dynamic nesting (${expand:}, replacement strings). */
    void enter() throws ExpansionException {
        if (++depth > MAX_DEPTH) {
            depth--;
            throw ExpansionException.error("expansion nested too deeply");
        }
    }

    void leave() {
        depth--;
    }

    /** Refuses results that grow past a sane bound instead of exhausting memory. */
    void checkLength(int length) throws ExpansionException {
        if (length > MAX_LENGTH) {
            throw ExpansionException.error("expansion result is too long");
        }
    }
}
