package io.gristmill.coordinator.internal.input;

import java.io.IOException;

/**
 * An input pattern that cannot be used: it matches no file ({@link InputNotFoundException}) or is not a valid glob.
 * The message names the pattern and is meant for the user; callers report it against the {@code input} field.
 */
public class InputPatternException extends IOException {
    private final String pattern;

    public InputPatternException(String pattern, String message) {
        super(message);
        this.pattern = pattern;
    }

    /** The pattern as the user gave it. */
    public String pattern() {
        return pattern;
    }
}
