package io.gristmill.worker.internal.data;

/**
 * The input record a map attempt's mapper threw on: what a later attempt needs to skip it, and what a person needs
 * to find it.
 *
 * @param index  the record's number in the split, from 0, in the order the input format reads them
 * @param file   the split's file
 * @param offset the record's byte offset in the file, or -1 when the reader does not know it
 * @param error  the first line of the exception's {@code toString()}
 */
public record FailedRecord(long index, String file, long offset, String error) {
    static FailedRecord of(long index, String file, long offset, Throwable error) {
        return new FailedRecord(index, file, offset, firstLine(String.valueOf(error)));
    }

    private static String firstLine(String text) {
        int end = text.indexOf('\n');
        return (end < 0 ? text : text.substring(0, end)).stripTrailing();
    }
}
