package io.gristmill.cluster.io;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

/**
 * Where job input and output bytes live: the one seam between Gristmill and a file system or object store. Workers
 * read a split's raw bytes and write a task's output file only through it; codecs, split alignment and formats sit
 * on top, so a new storage works for every codec and every format, built-in or a user's.
 *
 * <p>Blocking: call it from task threads, never from an event loop. Paths are the strings a job's input listing
 * produced (absolute file paths for {@link LocalStorage}).
 */
public interface Storage {

    /** The length of the file in bytes. */
    long size(String path) throws IOException;

    /** The file's bytes from {@code offset} to its end (a split may read past its range to finish a record). */
    InputStream openRead(String path, long offset) throws IOException;

    /** A new file for a task's output; the bytes become visible under {@code path} once the stream is closed. */
    OutputStream create(String path) throws IOException;
}
