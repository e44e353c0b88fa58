package io.gristmill.coordinator.internal.pipeline;

import io.gristmill.cluster.io.s3.S3Errors;
import io.gristmill.cluster.io.s3.S3JobOutput;
import io.gristmill.cluster.io.s3.S3Lister;
import io.gristmill.cluster.io.s3.S3Location;
import io.gristmill.cluster.io.s3.S3Storage;
import io.gristmill.coordinator.internal.JobCommitter;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.function.Supplier;

/**
 * A pipeline's output below {@code s3://bucket/prefix} (see {@link PipelineOutput}; docs/s3.md). Object stores
 * cannot rename, so promoting the last step copies each of its parts on the server to the pipeline's prefix (no
 * bytes pass through the coordinator) and then deletes the step's objects; {@code _SUCCESS} is stored last, as a
 * job's commit does. Removing a step output or the whole output aborts every upload still pending below it and
 * deletes every object below it.
 */
final class S3PipelineOutput implements PipelineOutput {
    private final Supplier<S3Storage> storages;
    private final S3Location output;

    /**
     * @param storages gives the process's S3 storage when blocking work needs it: building the client reads files,
     *                 and a pipeline is made on the coordinator's event loop
     */
    S3PipelineOutput(Supplier<S3Storage> storages, S3Location output) {
        this.storages = storages;
        this.output = output;
    }

    @Override
    public String location() {
        return output.toString();
    }

    @Override
    public String stepOutput(String step, boolean iterated, int round) {
        S3Location dir = output.child(STEPS).child(step);
        return (iterated ? dir.child("round-" + round) : dir).toString();
    }

    @Override
    public boolean succeeded(String stepOutput) throws IOException {
        return below(stepOutput).succeeded();
    }

    @Override
    public void promote(String lastOutput, Collection<String> removedSteps) throws IOException {
        S3Storage storage = storages.get();
        S3Location last = S3Location.parse(lastOutput);
        List<S3Location> parts = new ArrayList<>();
        List<Long> sizes = new ArrayList<>();
        // the step's listing as a job's input would see it: its parts, not _SUCCESS
        new S3Lister(storage).list(last, (path, size) -> {
            parts.add(S3Location.parse(path));
            sizes.add(size);
        });
        for (int i = 0; i < parts.size(); i++) {
            String name = parts.get(i).key().substring(last.prefix().length());
            storage.copy(parts.get(i), output.child(name), sizes.get(i));
        }
        for (String step : removedSteps) {
            new S3JobOutput(storage, output.child(STEPS).child(step)).abort();
        }
        // accepting the pipeline reserved its output like a job's, with a _temporary/ marker no step writes into
        new S3JobOutput(storage, output.child(JobCommitter.TEMPORARY)).abort();
        S3Location success = output.child(JobCommitter.SUCCESS_MARKER);
        try {
            storage.client().putObject(b -> b.bucket(success.bucket()).key(success.key()), RequestBody.empty());
        } catch (SdkException e) {
            throw S3Errors.describe(e, "writing", success, storage.settings());
        }
    }

    @Override
    public void removeAll() throws IOException {
        new S3JobOutput(storages.get(), output).abort();
    }

    @Override
    public void remove(String stepOutput) throws IOException {
        below(stepOutput).abort();
    }

    private S3JobOutput below(String location) {
        return new S3JobOutput(storages.get(), S3Location.parse(location));
    }
}
