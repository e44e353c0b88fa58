package io.gristmill.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import javax.lang.model.SourceVersion;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.stream.Stream;

/** {@code gristmill new-job DIR --package P}: writes a Maven project for a new job (see {@link StarterProject}). */
@Command(name = "new-job", mixinStandardHelpOptions = true,
        description = {"Writes a Maven project for a new job: a JobDefinition, a JobTester unit test, sample input.",
                "`mvn package` in it builds a job jar for `gristmill local --jar` and `gristmill submit`."})
final class NewJobCommand implements Callable<Integer> {
    @Parameters(paramLabel = "DIR", description = "The project folder; must not exist or be empty.")
    Path dir;

    @Option(names = "--package", paramLabel = "PACKAGE", required = true,
            description = "The Java package of the job (also the project's Maven groupId), e.g. com.example.")
    String javaPackage;

    @Option(names = "--class", paramLabel = "NAME", defaultValue = "WordCount",
            description = "The JobDefinition's class name (default: ${DEFAULT-VALUE}).")
    String className;

    @Override
    public Integer call() throws Exception {
        String problem = problem();
        if (problem != null) {
            System.err.println("error: " + problem);
            return 2;
        }
        StarterProject project = new StarterProject(dir, javaPackage, className);
        List<String> written = project.write();
        System.out.println("wrote a job project in " + dir + ":");
        written.forEach(file -> System.out.println("  " + file));
        System.out.println("next:");
        System.out.println("  cd " + dir + " && mvn package");
        System.out.println("  gristmill local --jar target/" + project.artifactId() + ".jar --input data --output -");
        return 0;
    }

    /** What is wrong with the arguments, or null. */
    private String problem() throws java.io.IOException {
        if (!SourceVersion.isName(javaPackage)) {
            return "--package: not a Java package name: " + javaPackage;
        }
        if (!SourceVersion.isIdentifier(className) || SourceVersion.isKeyword(className)) {
            return "--class: not a Java class name: " + className;
        }
        if (Files.exists(dir) && !isEmptyFolder(dir)) {
            return dir + " already exists and is not an empty folder";
        }
        return null;
    }

    private static boolean isEmptyFolder(Path dir) throws java.io.IOException {
        if (!Files.isDirectory(dir)) {
            return false;
        }
        try (Stream<Path> entries = Files.list(dir)) {
            return entries.findAny().isEmpty();
        }
    }
}
