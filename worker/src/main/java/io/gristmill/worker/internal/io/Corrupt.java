package io.gristmill.worker.internal.io;

import io.gristmill.cluster.io.Compression;

import java.io.IOException;

/** The one wording of "this compressed input cannot be decoded": which file, which codec, where, and why. */
final class Corrupt {
    private Corrupt() {
    }

    static IOException input(Compression codec, String path, long compressedOffset, Throwable cause) {
        String why = cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage();
        return new IOException("corrupt or truncated " + codec.specName() + " input " + path + " near compressed byte "
                + compressedOffset + ": " + why, cause);
    }
}
