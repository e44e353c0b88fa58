package io.gristmill.cluster.io;

import io.gristmill.cluster.io.s3.S3Location;
import io.gristmill.cluster.io.s3.S3Settings;
import io.gristmill.cluster.io.s3.S3Storage;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

/**
 * The storages of this process, chosen by path: {@code s3://} paths go to S3, everything else to
 * {@link LocalStorage}. One per process, like the AWS SDK's own credential and region lookup: the coordinator's and
 * worker's {@code --s3-*} flags {@link #configureS3 configure} it once at start, and the S3 client is built at first
 * use, so a process that never sees an {@code s3://} path never builds one. Thread-safe.
 */
public final class Storages implements Storage {
    public static final Storages INSTANCE = new Storages();

    private static volatile S3Settings s3Settings = S3Settings.DEFAULTS;
    private static S3Storage s3;
    private static S3Storage s3ForChecks;

    private Storages() {
    }

    /** Sets how this process reaches S3; a client built for earlier settings is closed. */
    public static synchronized void configureS3(S3Settings settings) {
        s3Settings = settings;
        if (s3 != null) {
            s3.close();
            s3 = null;
        }
        if (s3ForChecks != null) {
            s3ForChecks.close();
            s3ForChecks = null;
        }
    }

    /** This process's S3 storage, built at first use. */
    public static synchronized S3Storage s3() {
        if (s3 == null) {
            s3 = new S3Storage(s3Settings);
        }
        return s3;
    }

    /**
     * This process's S3 storage for the checks a REST request waits for (listing input, reserving output), whose
     * calls give up within seconds (see {@link S3Storage#forChecks}); built at first use.
     */
    public static synchronized S3Storage s3ForChecks() {
        if (s3ForChecks == null) {
            s3ForChecks = S3Storage.forChecks(s3Settings);
        }
        return s3ForChecks;
    }

    /** The storage that holds {@code path}. */
    public static Storage forPath(String path) {
        return S3Location.isS3(path) ? s3() : LocalStorage.INSTANCE;
    }

    @Override
    public long size(String path) throws IOException {
        return forPath(path).size(path);
    }

    @Override
    public InputStream openRead(String path, long offset) throws IOException {
        return forPath(path).openRead(path, offset);
    }

    @Override
    public OutputStream create(String path) throws IOException {
        return forPath(path).create(path);
    }
}
