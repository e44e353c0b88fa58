package io.gristmill.cluster.io;

import java.util.Locale;

/**
 * The compression codecs Gristmill knows, chosen for input by file name and for output by the job's
 * {@code outputCompression}. Only names live here (the coordinator needs them to split and to name part files);
 * the worker holds the codecs themselves.
 */
public enum Compression {
    NONE("none", "", true),
    GZIP("gzip", ".gz", false),
    ZSTD("zstd", ".zst", false),
    /** bzip2 files are split at block boundaries (its blocks start with a 48-bit marker and decode on their own). */
    BZIP2("bzip2", ".bz2", true);

    private final String specName;
    private final String extension;
    private final boolean splittable;

    Compression(String specName, String extension, boolean splittable) {
        this.specName = specName;
        this.extension = extension;
        this.splittable = splittable;
    }

    /** The name in a job spec's {@code outputCompression}. */
    public String specName() {
        return specName;
    }

    /** The file name ending that selects this codec for input and that output part files get. */
    public String extension() {
        return extension;
    }

    /** Whether a file compressed this way may be cut into several splits. */
    public boolean splittable() {
        return splittable;
    }

    /** The codec a file is read with, by the end of its name (case-insensitive); {@link #NONE} for any other name. */
    public static Compression ofPath(String path) {
        String lower = path.toLowerCase(Locale.ROOT);
        for (Compression c : values()) {
            if (c != NONE && lower.endsWith(c.extension)) {
                return c;
            }
        }
        return NONE;
    }

    /**
     * The output codec named {@code name} in a spec: none, gzip or zstd.
     *
     * @throws IllegalArgumentException naming the accepted values
     */
    public static Compression ofOutputName(String name) {
        for (Compression c : new Compression[] {NONE, GZIP, ZSTD}) {
            if (c.specName.equals(name)) {
                return c;
            }
        }
        throw new IllegalArgumentException("must be none, gzip or zstd, got '" + name + "'");
    }
}
