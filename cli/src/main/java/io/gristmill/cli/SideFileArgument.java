package io.gristmill.cli;

import io.gristmill.cluster.SideFileNames;
import io.gristmill.coordinator.JobSpec;
import io.gristmill.coordinator.SpecException;

import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * One {@code --file PATH[#NAME]} argument: the local file to ship and the name tasks open it by (default: the file's
 * own name). As in Spark's {@code --files}, the name follows the last {@code #}; a path that itself contains a
 * {@code #} therefore needs an explicit {@code #NAME}.
 */
record SideFileArgument(Path path, String name) {
    private static final String FIELD = JobSpec.SIDE_FILE_FIELD;

    /** Reads one argument; fails naming field {@code file} when the path or the name is unusable. */
    static SideFileArgument parse(String argument) throws SpecException {
        int hash = argument.lastIndexOf('#');
        String pathText = hash < 0 ? argument : argument.substring(0, hash);
        if (pathText.isEmpty()) {
            throw new SpecException(FIELD, "--file '" + argument + "' names no file: give PATH or PATH#NAME");
        }
        Path path;
        try {
            path = Path.of(pathText).toAbsolutePath().normalize();
        } catch (InvalidPathException e) {
            throw new SpecException(FIELD, "--file '" + argument + "': not a usable path (" + e.getReason() + ")");
        }
        String name = hash < 0 ? String.valueOf(path.getFileName()) : argument.substring(hash + 1);
        String problem = SideFileNames.problem(name);
        if (problem != null) {
            throw new SpecException(FIELD, "--file '" + argument + "': " + problem);
        }
        return new SideFileArgument(path, name);
    }

    /**
     * Reads every argument and checks them together: each file is a readable regular file, and no name is given
     * twice.
     */
    static List<SideFileArgument> parseAll(List<String> arguments) throws SpecException {
        List<SideFileArgument> files = new ArrayList<>();
        for (String argument : arguments) {
            SideFileArgument file = parse(argument);
            if (!Files.isRegularFile(file.path()) || !Files.isReadable(file.path())) {
                throw new SpecException(FIELD, "--file '" + argument + "': no readable file at " + file.path());
            }
            files.add(file);
        }
        String problem = SideFileNames.problem(files.stream().map(SideFileArgument::name).toList());
        if (problem != null) {
            throw new SpecException(FIELD, problem);
        }
        return files;
    }

    JobSpec.SideFile toSpec() {
        return new JobSpec.SideFile(name, path);
    }
}
