package org.osprey.mta.core.expand;

/** {@code first_delivery} and {@code queue_running}: facts of the delivery process, from the context. */
record FlagCondition(String name) implements Condition {

    @Override
    public boolean test(Evaluation ev, boolean skipping) {
        String value = ev.context().variableOrNull(name);
        return value != null && !value.isEmpty() && !value.equals("0") && !value.equalsIgnoreCase("no");
    }
}
