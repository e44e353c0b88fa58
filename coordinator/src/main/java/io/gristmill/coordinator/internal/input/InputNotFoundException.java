package io.gristmill.coordinator.internal.input;

/** An input pattern (file, folder or glob) that matches no regular file. */
public class InputNotFoundException extends InputPatternException {

    public InputNotFoundException(String pattern, String message) {
        super(pattern, message);
    }
}
