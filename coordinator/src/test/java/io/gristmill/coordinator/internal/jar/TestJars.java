package io.gristmill.coordinator.internal.jar;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.zip.Deflater;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/** Builds job jars for {@link JarInspectorTest} from class files on the test classpath, and broken ones. */
final class TestJars {
    private static final int CEN_SIGNATURE = 0x02014b50;
    private static final int END_SIGNATURE = 0x06054b50;

    private TestJars() {
    }

    /** A jar holding the class files of {@code classNames}; its manifest names {@code jobClass} unless null. */
    static Path jar(Path file, String jobClass, String... classNames) throws IOException {
        Manifest manifest = new Manifest();
        manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        if (jobClass != null) {
            manifest.getMainAttributes().putValue("Gristmill-Job", jobClass);
        }
        try (JarOutputStream jar = new JarOutputStream(Files.newOutputStream(file), manifest)) {
            for (String className : classNames) {
                jar.putNextEntry(new JarEntry(entryName(className)));
                jar.write(classFile(className));
                jar.closeEntry();
            }
        }
        return file;
    }

    /** A classes folder holding the class files of {@code classNames}, laid out by package. */
    static Path folder(Path dir, String... classNames) throws IOException {
        for (String className : classNames) {
            Path file = dir.resolve(entryName(className));
            Files.createDirectories(file.getParent());
            Files.write(file, classFile(className));
        }
        return dir;
    }

    /**
     * A zip whose entries each hold {@code size} zero bytes, written streaming so that neither memory nor disk holds
     * them. The fastest compression level keeps 1 GiB to about 2 s of writing and 5 MB on disk.
     */
    static Path zeroFilledEntries(Path file, long size, String... entryNames) throws IOException {
        byte[] zeros = new byte[1 << 20];
        try (ZipOutputStream zip = new ZipOutputStream(Files.newOutputStream(file))) {
            zip.setLevel(Deflater.BEST_SPEED);
            for (String entryName : entryNames) {
                zip.putNextEntry(new ZipEntry(entryName));
                for (long left = size; left > 0; left -= zeros.length) {
                    zip.write(zeros, 0, (int) Math.min(left, zeros.length));
                }
                zip.closeEntry();
            }
        }
        return file;
    }

    /** Overwrites the uncompressed size that the central directory declares for {@code entryName}. */
    static void declareSize(Path jar, String entryName, int declaredSize) throws IOException {
        try (FileChannel channel = FileChannel.open(jar, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            ByteBuffer cen = centralDirectory(channel);
            byte[] wanted = entryName.getBytes(StandardCharsets.UTF_8);
            for (int at = 0; at < cen.limit() && cen.getInt(at) == CEN_SIGNATURE; ) {
                int nameLength = Short.toUnsignedInt(cen.getShort(at + 28));
                int next = at + 46 + nameLength + Short.toUnsignedInt(cen.getShort(at + 30))
                        + Short.toUnsignedInt(cen.getShort(at + 32));
                byte[] name = new byte[nameLength];
                cen.get(at + 46, name);
                if (Arrays.equals(name, wanted)) {
                    cen.putInt(at + 24, declaredSize);
                    channel.write(cen.rewind(), cenOffset(channel));
                    return;
                }
                at = next;
            }
            throw new IOException("no entry " + entryName + " in " + jar);
        }
    }

    private static ByteBuffer centralDirectory(FileChannel channel) throws IOException {
        long offset = cenOffset(channel);
        ByteBuffer cen = ByteBuffer.allocate((int) (channel.size() - offset)).order(ByteOrder.LITTLE_ENDIAN);
        channel.read(cen, offset);
        return cen.flip();
    }

    /** Where the central directory starts, from the end record (our jars have no comment, so it is the last 22 bytes). */
    private static long cenOffset(FileChannel channel) throws IOException {
        ByteBuffer end = ByteBuffer.allocate(22).order(ByteOrder.LITTLE_ENDIAN);
        channel.read(end, channel.size() - 22);
        if (end.getInt(0) != END_SIGNATURE) {
            throw new IOException("unexpected zip end record");
        }
        return Integer.toUnsignedLong(end.getInt(16));
    }

    static byte[] classFile(String className) throws IOException {
        try (InputStream in = TestJars.class.getClassLoader().getResourceAsStream(entryName(className))) {
            if (in == null) {
                throw new IOException("class file not on the test classpath: " + entryName(className));
            }
            return in.readAllBytes();
        }
    }

    static String entryName(String className) {
        return className.replace('.', '/') + ".class";
    }
}
