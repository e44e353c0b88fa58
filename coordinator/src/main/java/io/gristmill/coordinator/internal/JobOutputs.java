package io.gristmill.coordinator.internal;

import io.gristmill.cluster.io.JobOutput;
import io.gristmill.cluster.io.Storages;
import io.gristmill.cluster.io.s3.S3JobOutput;
import io.gristmill.cluster.io.s3.S3Location;

import java.nio.file.Path;

/** The {@link JobOutput} for a job's output location: S3 for {@code s3://}, else the shared file system. */
public final class JobOutputs {
    private JobOutputs() {
    }

    /** {@code location} as {@link JobExecution#output()} gives it (normalized). */
    public static JobOutput of(String location) {
        if (S3Location.isS3(location)) {
            return new S3JobOutput(Storages.s3(), S3Location.parse(location));
        }
        return new LocalJobOutput(Path.of(location));
    }

    /**
     * {@code location} for reserving it at submission, which a REST request waits for: its S3 calls give up within
     * seconds ({@link Storages#s3ForChecks}) instead of waiting out the SDK's retries against a silent endpoint.
     */
    public static JobOutput forSubmission(String location) {
        if (S3Location.isS3(location)) {
            return new S3JobOutput(Storages.s3ForChecks(), S3Location.parse(location));
        }
        return new LocalJobOutput(Path.of(location));
    }

    /** The normalized spelling of an output as the spec gives it: an absolute folder, or s3://bucket/prefix. */
    public static String normalize(String output) {
        return S3Location.isS3(output) ? S3Location.parse(output).toString()
                : Path.of(output).toAbsolutePath().normalize().toString();
    }
}
