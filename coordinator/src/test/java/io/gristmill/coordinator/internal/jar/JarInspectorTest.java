package io.gristmill.coordinator.internal.jar;

import io.gristmill.api.JobDefinition;
import io.gristmill.coordinator.SpecException;
import io.gristmill.coordinator.rest.testjobs.NoopJob;
import io.gristmill.coordinator.rest.testjobs.NotAJob;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;

import static io.gristmill.coordinator.internal.jar.TestJars.jar;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

class JarInspectorTest {
    private static final String NOOP = NoopJob.class.getName();
    private static final String NOT_A_JOB = NotAJob.class.getName();
    private static final String JOBS = TestJobs.class.getName() + "$";
    private static final String ABSTRACT = JOBS + "AbstractJob";
    private static final String WITH_DEFAULTS = JOBS + "JobDefinitionWithDefaults";
    private static final long ONE_GIB = 1L << 30;
    /** Inspecting a hostile jar may hold one class file's worth of buffer (doubling) and little else. */
    private static final long ALLOCATION_BOUND = 3L * JarInspector.MAX_CLASS_BYTES;

    private static final String MANIFEST = "META-INF/MANIFEST.MF";

    /** Holds {@link #hugeJar}: built once, since writing 2 GiB of zeros takes seconds. */
    @TempDir
    static Path shared;
    /** A 1 GiB zero-filled manifest and a 1 GiB zero-filled class file for {@link NoopJob}, about 10 MB on disk. */
    private static Path hugeJar;

    @TempDir
    Path dir;

    @BeforeAll
    static void writeHugeJar() throws IOException {
        hugeJar = TestJars.zeroFilledEntries(shared.resolve("huge.jar"), ONE_GIB, MANIFEST, TestJars.entryName(NOOP));
    }

    @Test
    void whenTheManifestNamesAJob_thenItIsTheEntryClass() throws Exception {
        Path jar = jar(dir.resolve("job.jar"), NOOP, NOOP, NOT_A_JOB);
        assertEquals(NOOP, JarInspector.entryClass(jar, null));
        assertEquals(NOOP, JarInspector.entryClass(jar, "  "));
    }

    @Test
    void whenJobClassIsGiven_thenItWinsOverTheManifest() throws Exception {
        Path jar = jar(dir.resolve("job.jar"), NOT_A_JOB, NOOP, NOT_A_JOB);
        assertEquals(NOOP, JarInspector.entryClass(jar, NOOP));
    }

    @Test
    void whenNoJobClassIsGivenAndTheManifestHasNoAttribute_thenJobClassIsRefusedNamingTheAttribute() throws Exception {
        Path jar = jar(dir.resolve("job.jar"), null, NOOP);
        SpecException e = refused(jar, null, "jobClass");
        assertMentions(e, "Gristmill-Job", "job.jar");
    }

    @Test
    void whenTheJarHasNoManifestAtAll_thenJobClassIsRefused() throws Exception {
        Path jar = TestJars.zeroFilledEntries(dir.resolve("bare.jar"), 10, "readme.txt");
        assertMentions(refused(jar, null, "jobClass"), "Gristmill-Job", "bare.jar");
    }

    @Test
    void whenTheClassIsNotInTheJar_thenJobClassIsRefused() throws Exception {
        Path jar = jar(dir.resolve("job.jar"), null, NOOP);
        assertMentions(refused(jar, "com.acme.Missing", "jobClass"), "class com.acme.Missing not found", "job.jar");
    }

    @Test
    void whenTheNameIsNotAJavaClassName_thenJobClassIsRefusedBeforeLookingInTheJar() throws Exception {
        Path jar = jar(dir.resolve("job.jar"), null, NOOP);
        for (String bad : new String[] {"a..b", ".Job", "Job.", "com/acme/Job", "../../etc/passwd", "com.acme.Job ",
                "1st.Job", "com.acme.Jo\u0000b"}) {
            assertMentions(refused(jar, bad, "jobClass"), "not a Java class name");
        }
    }

    @Test
    void whenTheClassDoesNotImplementJobDefinition_thenJobClassIsRefused() throws Exception {
        Path jar = jar(dir.resolve("job.jar"), null, NOOP, NOT_A_JOB);
        assertMentions(refused(jar, NOT_A_JOB, "jobClass"), NOT_A_JOB, "does not implement",
                JobDefinition.class.getName(), "job.jar");
    }

    @Test
    void whenJobDefinitionComesThroughASuperclassInTheJar_thenTheClassIsAccepted() throws Exception {
        String job = JOBS + "ThroughSuperclassJob";
        Path jar = jar(dir.resolve("job.jar"), job, job, ABSTRACT);
        assertEquals(job, JarInspector.entryClass(jar, null));
    }

    @Test
    void whenJobDefinitionComesThroughASuperinterfaceInTheJar_thenTheClassIsAccepted() throws Exception {
        String job = JOBS + "ThroughSuperinterfaceJob";
        Path jar = jar(dir.resolve("job.jar"), job, job, WITH_DEFAULTS);
        assertEquals(job, JarInspector.entryClass(jar, null));
    }

    @Test
    void whenASuperclassIsMissingFromTheJar_thenJobClassIsRefusedNamingBoth() throws Exception {
        String job = JOBS + "ThroughSuperclassJob";
        Path jar = jar(dir.resolve("job.jar"), job, job);
        assertMentions(refused(jar, null, "jobClass"), "superclass " + ABSTRACT + " of " + job,
                "is not in the job jar", "job.jar");
    }

    @Test
    void whenASuperinterfaceIsMissingFromTheJar_thenJobClassIsRefusedNamingBoth() throws Exception {
        String job = JOBS + "ThroughSuperinterfaceJob";
        Path jar = jar(dir.resolve("job.jar"), job, job);
        assertMentions(refused(jar, null, "jobClass"), "interface " + WITH_DEFAULTS + " of " + job);
    }

    @Test
    void whenTheClassIsAbstract_thenJobClassIsRefused() throws Exception {
        Path jar = jar(dir.resolve("job.jar"), ABSTRACT, ABSTRACT);
        assertMentions(refused(jar, null, "jobClass"), ABSTRACT, "is abstract");
    }

    @Test
    void whenTheClassIsAnInterface_thenJobClassIsRefused() throws Exception {
        Path jar = jar(dir.resolve("job.jar"), WITH_DEFAULTS, WITH_DEFAULTS);
        assertMentions(refused(jar, null, "jobClass"), WITH_DEFAULTS, "is an interface");
    }

    @Test
    void whenTheClassIsAnEnum_thenJobClassIsRefused() throws Exception {
        String job = JOBS + "EnumJob";
        Path jar = jar(dir.resolve("job.jar"), job, job, WITH_DEFAULTS);
        assertMentions(refused(jar, null, "jobClass"), job, "is an enum");
    }

    @Test
    void whenTheClassIsNotPublic_thenJobClassIsRefused() throws Exception {
        String job = JOBS + "PackagePrivateJob";
        Path jar = jar(dir.resolve("job.jar"), job, job, ABSTRACT);
        assertMentions(refused(jar, null, "jobClass"), job, "is not public");
    }

    @Test
    void whenTheClassHasNoPublicNoArgumentConstructor_thenJobClassIsRefused() throws Exception {
        for (String job : new String[] {JOBS + "NoDefaultConstructorJob", JOBS + "PrivateConstructorJob"}) {
            Path jar = jar(dir.resolve(job + ".jar"), job, job, ABSTRACT);
            assertMentions(refused(jar, null, "jobClass"), job, "has no public no-argument constructor");
        }
    }

    @Test
    void whenTheClassHasHostileStaticInitialisers_thenItIsAcceptedWithoutRunningThem() throws Exception {
        for (String job : new String[] {JOBS + "ExitingJob", JOBS + "ThrowingJob"}) {
            Path jar = jar(dir.resolve(job + ".jar"), job, job, ABSTRACT);
            assertEquals(job, JarInspector.entryClass(jar, null));
        }
        // still here, so System.exit did not run; and neither initialiser nor constructor touched the flag
        assertFalse(TestJobs.initialiserRan);
    }

    @Test
    void whenAClassFolderIsGiven_thenItsClassFilesAreReadTheSameWay() throws Exception {
        String job = JOBS + "ThroughSuperclassJob";
        Path classes = TestJars.folder(dir.resolve("classes"), job, ABSTRACT, NOT_A_JOB);
        assertEquals(job, JarInspector.entryClass(classes, job));
        assertMentions(refused(classes, NOT_A_JOB, "jobClass"), "does not implement");
        assertMentions(refused(classes, null, "jobClass"), "Gristmill-Job", "classes");
    }

    @Test
    void whenTheClassFileIsMalformed_thenJobClassIsRefusedNamingTheClass() throws Exception {
        byte[] truncated = Arrays.copyOf(TestJars.classFile(NOOP), 40);
        Path jar = dir.resolve("job.jar");
        try (var out = new java.util.zip.ZipOutputStream(Files.newOutputStream(jar))) {
            out.putNextEntry(new java.util.zip.ZipEntry(TestJars.entryName(NOOP)));
            out.write(truncated);
        }
        assertMentions(refused(jar, NOOP, "jobClass"), NOOP, "is not a valid class file", "job.jar");
    }

    @Test
    void whenTheEntryIsNotAClassFile_thenJobClassIsRefusedNamingTheClass() throws Exception {
        Path jar = TestJars.zeroFilledEntries(dir.resolve("job.jar"), 1000, TestJars.entryName(NOOP));
        assertMentions(refused(jar, NOOP, "jobClass"), NOOP, "is not a class file");
    }

    @Test
    void whenTheClassBelongsToTheJdkOrTheJobApi_thenJobClassIsRefused() throws Exception {
        Path jar = jar(dir.resolve("job.jar"), null, NOOP);
        assertMentions(refused(jar, "java.lang.Thread", "jobClass"), "belongs to the JDK or the job API");
        assertMentions(refused(jar, JobDefinition.class.getName(), "jobClass"), "belongs to the JDK or the job API");
    }

    @Test
    void whenTheJobClassEntryIsOneGibibyte_thenItIsRefusedWithinTwoSecondsAndBoundedMemory() {
        SpecException e = refusedQuicklyWithBoundedMemory(hugeJar, NOOP);
        assertEquals("jar", e.field());
        assertMentions(e, TestJars.entryName(NOOP), "1073741824 bytes", "huge.jar");
    }

    @Test
    void whenAnEntryDeclaresASmallSizeButInflatesToOneGibibyte_thenReadingStopsAtTheLimit() throws Exception {
        Path jar = Files.copy(hugeJar, dir.resolve("liar.jar"));
        TestJars.declareSize(jar, TestJars.entryName(NOOP), 1000);
        SpecException e = refusedQuicklyWithBoundedMemory(jar, NOOP);
        assertEquals("jar", e.field());
        assertMentions(e, "holds more than " + JarInspector.MAX_CLASS_BYTES, "declares 1000", "liar.jar");
    }

    @Test
    void whenTheManifestIsAZipBomb_thenTheJarIsRefused() {
        SpecException e = refusedQuicklyWithBoundedMemory(hugeJar, null);
        assertEquals("jar", e.field());
        assertMentions(e, MANIFEST, "1073741824 bytes", "huge.jar");
    }

    @Test
    void whenTheManifestIsAZipBombThatDeclaresASmallSize_thenReadingStopsAtTheLimit() throws Exception {
        Path jar = Files.copy(hugeJar, dir.resolve("liar.jar"));
        TestJars.declareSize(jar, MANIFEST, 100);
        SpecException e = refusedQuicklyWithBoundedMemory(jar, null);
        assertEquals("jar", e.field());
        assertMentions(e, MANIFEST, "holds more than " + JarInspector.MAX_MANIFEST_BYTES, "declares 100");
    }

    @Test
    void whenTheUploadIsNotAZip_thenTheJarIsRefused() throws Exception {
        Path file = Files.writeString(dir.resolve("notes.txt"), "not a jar at all");
        assertMentions(refused(file, null, "jar"), "'notes.txt' is not a jar (zip) file");
        Path empty = Files.write(dir.resolve("empty.jar"), new byte[0]);
        assertMentions(refused(empty, NOOP, "jar"), "not a jar (zip) file");
    }

    @Test
    void whenTheZipIsTruncated_thenTheJarIsRefused() throws Exception {
        byte[] whole = Files.readAllBytes(jar(dir.resolve("whole.jar"), NOOP, NOOP, NOT_A_JOB));
        Path cut = Files.write(dir.resolve("cut.jar"), Arrays.copyOf(whole, whole.length / 2));
        assertMentions(refused(cut, null, "jar"), "'cut.jar' is not a readable jar file");
    }

    @Test
    void whenADisplayNameIsGiven_thenMessagesUseIt() throws Exception {
        Path jar = jar(dir.resolve("upload-123.tmp"), null, NOOP);
        SpecException e = assertThrows(SpecException.class, () -> JarInspector.entryClass(jar, "a.B", "mine.jar"));
        assertMentions(e, "'mine.jar'");
    }

    private static SpecException refused(Path jar, String jobClass, String field) {
        SpecException e = assertThrows(SpecException.class, () -> JarInspector.entryClass(jar, jobClass));
        assertEquals(field, e.field(), e.getMessage());
        return e;
    }

    /** Refused within two seconds, allocating (on the inspecting thread) a bounded number of bytes. */
    private static SpecException refusedQuicklyWithBoundedMemory(Path jar, String jobClass) {
        return assertTimeoutPreemptively(Duration.ofSeconds(2), () -> {
            long before = allocatedByThisThread();
            SpecException e = assertThrows(SpecException.class, inspect(jar, jobClass));
            long allocated = allocatedByThisThread() - before;
            assertTrue(allocated < ALLOCATION_BOUND, "allocated " + allocated + " bytes: " + e.getMessage());
            return e;
        });
    }

    private static Executable inspect(Path jar, String jobClass) {
        return () -> JarInspector.entryClass(jar, jobClass);
    }

    private static long allocatedByThisThread() {
        return ((com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean()).getCurrentThreadAllocatedBytes();
    }

    private static void assertMentions(SpecException e, String... parts) {
        for (String part : parts) {
            assertTrue(e.getMessage().contains(part), () -> "'" + part + "' missing from: " + e.getMessage());
        }
    }
}
