package io.gristmill.coordinator.internal.input;

import io.gristmill.coordinator.SpecException;

import java.nio.file.InvalidPathException;
import java.nio.file.Path;

/**
 * Turns the {@code output} text of a job spec into the folder to write: absolute and normalized (no {@code .} or
 * {@code ..} names left), so that the path checked (for example by {@link AllowedRoots#checkOutput}) is the path
 * written. Every text that cannot be such a folder is a {@link SpecException} on field {@code output}, which the
 * REST API answers with a 400, instead of an unchecked exception further on. Stateless.
 */
public final class OutputPath {
    private static final String FIELD = "output";
    private static final int QUOTE_LENGTH = 200;

    private OutputPath() {
    }

    /**
     * Parses {@code text}.
     *
     * @throws SpecException on field {@code output} if {@code text} is missing or blank, holds a NUL character or an
     *                       unpaired surrogate, is not a valid path, or names a file-system root (such as
     *                       {@code /} or {@code /a/..}): the output must be a folder that can be created
     */
    public static Path parse(String text) throws SpecException {
        if (text == null || text.isBlank()) {
            throw new SpecException(FIELD, "output is required: give a folder that does not exist yet");
        }
        String quoted = "output '" + PathText.printable(text, QUOTE_LENGTH) + "'";
        var defect = PathText.defect(text);
        if (defect.isPresent()) {
            throw new SpecException(FIELD, quoted + " " + defect.get());
        }
        Path path = toPath(text, quoted).toAbsolutePath().normalize();
        if (path.getParent() == null) {
            throw new SpecException(FIELD, quoted + " is a file-system root; give a folder below it that does not "
                    + "exist yet");
        }
        return path;
    }

    private static Path toPath(String text, String quoted) throws SpecException {
        try {
            return Path.of(text);
        } catch (InvalidPathException e) {
            throw new SpecException(FIELD, quoted + " is not a valid path: " + e.getReason());
        }
    }
}
