package io.gristmill.api;

import java.io.IOException;

/**
 * Thrown by {@link RecordReader#next()} for a record it read but cannot make sense of (a malformed JSON line, a CSV
 * record with text after a closing quote). The reader has moved past the record, so reading may go on after it.
 *
 * <p>The engine treats it like a mapper failing on that record: without {@code maxSkippedRecords} the attempt fails
 * naming the file and offset; with it, the task's next attempt skips the record and counts it in
 * {@code SKIPPED_RECORDS}.
 */
public class BadRecordException extends IOException {
    private final long position;

    /** @param position where the record starts ({@link SplitInput#position}) */
    public BadRecordException(String message, long position) {
        super(message);
        this.position = position;
    }

    /** Where the bad record starts in its file. */
    public long position() {
        return position;
    }
}
