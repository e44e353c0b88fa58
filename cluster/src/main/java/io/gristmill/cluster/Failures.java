package io.gristmill.cluster;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.concurrent.CompletionException;

/** How errors are put into words for users: one line for the message, the whole trace for the details. */
public final class Failures {
    private Failures() {
    }

    /**
     * {@code Type: message} of the innermost meaningful cause (wrappers without a message of their own, such as
     * {@link CompletionException}, are looked through), or the exception's {@code toString} if it has no message.
     */
    public static String describe(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root != root.getCause()
                && (root instanceof CompletionException || root.getMessage() == null)) {
            root = root.getCause();
        }
        String message = root.getMessage();
        return message == null || message.isBlank() ? root.toString() : root.getClass().getName() + ": " + message;
    }

    public static String stackTrace(Throwable e) {
        StringWriter out = new StringWriter();
        e.printStackTrace(new PrintWriter(out));
        return out.toString();
    }
}
