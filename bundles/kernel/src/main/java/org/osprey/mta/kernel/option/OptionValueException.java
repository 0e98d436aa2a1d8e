package org.osprey.mta.kernel.option;

/**
 * A configured value does not fit its option's type. The message is in Exim's words
 * (for example {@code invalid time value for connect_timeout}), ready for the engine to
 * put after the file name and line number.
 */
public final class OptionValueException extends Exception {
    private static final long serialVersionUID = 1L;

    public OptionValueException(String message) {
        super(message);
    }
}
