package io.gristmill.client;

import java.io.IOException;

/**
 * Something the client could not do: the API said no ({@link ApiException} and its subtypes), or no coordinator
 * answered ({@link CoordinatorUnavailableException}). An {@link IOException}, so one {@code catch} covers these and
 * the network failures the JDK's HTTP client reports.
 */
public class GristmillException extends IOException {
    private static final long serialVersionUID = 1L;

    public GristmillException(String message) {
        super(message);
    }

    public GristmillException(String message, Throwable cause) {
        super(message, cause);
    }
}
