package io.gristmill.coordinator.rest;

import io.gristmill.coordinator.JobSpec;
import io.gristmill.coordinator.SpecException;
import io.vertx.ext.web.FileUpload;
import io.vertx.ext.web.RoutingContext;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The side files of a submission: multipart file parts named {@code file}, as many as the job ships, each named
 * (for {@code TaskContext.sideFile}) by its part's filename — what {@code curl -F file=@stopwords.txt} and a browser's
 * file input send, and {@code curl -F 'file=@local.txt;filename=NAME'} renames. The names are checked by
 * {@link JobSpec.Builder} (field {@code file}).
 */
final class SideFileParts {
    static final String PART = JobSpec.SIDE_FILE_FIELD;

    private SideFileParts() {
    }

    /** The side file parts as they arrived; a {@code file} part without a filename is refused. No I/O. */
    static List<FileUpload> of(RoutingContext ctx) throws SpecException {
        if (ctx.request().formAttributes().contains(PART)) {
            throw new SpecException(PART, "a '" + PART + "' part must be a file part whose filename is the side file's"
                    + " name (curl -F 'file=@PATH;filename=NAME')");
        }
        return ctx.fileUploads().stream().filter(f -> PART.equals(f.name())).toList();
    }

    /** The side files as they lie in the upload folder: enough to check their names before anything is kept. */
    static List<JobSpec.SideFile> uploaded(List<FileUpload> parts) {
        return parts.stream().map(p -> new JobSpec.SideFile(p.fileName(), Path.of(p.uploadedFileName()))).toList();
    }

    /** Blocking: moves the (checked) uploads into {@code store}; the side files as kept there. */
    static List<JobSpec.SideFile> store(List<FileUpload> parts, ContentStore store) throws IOException {
        List<JobSpec.SideFile> kept = new ArrayList<>();
        for (FileUpload part : parts) {
            ContentStore.Stored stored = store.store(Path.of(part.uploadedFileName()));
            kept.add(new JobSpec.SideFile(part.fileName(), stored.file(), stored.hash())); // hashed once
        }
        return kept;
    }
}
