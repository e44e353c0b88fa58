package io.gristmill.bench;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.reflect.InvocationTargetException;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;

/**
 * The compression codecs of the compressed-input rows, chosen by file name ending like the engine does: {@code .gz}
 * (the JDK), {@code .zst} (zstd-jni) and {@code .bz2} (commons-compress). The last two are loaded by reflection so
 * that {@code bench/} keeps compiling with {@code javac} alone; a JVM that uses them needs Gristmill's
 * {@code cli/target/lib/*} on its class path.
 */
final class Codecs {
    /** The gzip input buffer the engine reads {@code .gz} splits with (its {@code TaskFiles}). */
    private static final int GZIP_BUFFER = 1 << 16;
    /** Between the file and a decoder that reads the file a few bytes at a time (bzip2's bit reader). */
    private static final int FILE_BUFFER = 1 << 16;
    /** zstd's default level, as the {@code zstd} command and the engine's output use. */
    private static final int ZSTD_LEVEL = 3;

    private Codecs() {
    }

    /** The decompressing stream over {@code raw}, the bytes of {@code file}, by the end of the file's name. */
    static InputStream decompress(Path file, InputStream raw) throws IOException {
        String name = file.getFileName().toString();
        if (name.endsWith(".gz")) {
            return new GZIPInputStream(raw, GZIP_BUFFER);
        } else if (name.endsWith(".zst")) {
            return (InputStream) create("com.github.luben.zstd.ZstdInputStream", InputStream.class, raw);
        } else if (name.endsWith(".bz2")) {
            return (InputStream) create("org.apache.commons.compress.compressors.bzip2.BZip2CompressorInputStream",
                    InputStream.class, new BufferedInputStream(raw, FILE_BUFFER));
        }
        throw new IOException("not a .gz, .zst or .bz2 file: " + file);
    }

    /**
     * The compressing stream over {@code out} for a file named with {@code extension}, at each tool's default: gzip
     * level 6, zstd level 3 with a checksum (as the {@code zstd} command writes), bzip2 900k blocks.
     */
    static OutputStream compress(String extension, OutputStream out) throws IOException {
        switch (extension) {
            case ".gz" -> {
                return new GZIPOutputStream(out, GZIP_BUFFER);
            }
            case ".zst" -> {
                Object zstd = create("com.github.luben.zstd.ZstdOutputStream", OutputStream.class, out);
                try {
                    zstd.getClass().getMethod("setLevel", int.class).invoke(zstd, ZSTD_LEVEL);
                    zstd.getClass().getMethod("setChecksum", boolean.class).invoke(zstd, true);
                } catch (ReflectiveOperationException e) {
                    throw new IOException("zstd-jni's ZstdOutputStream: " + e, e);
                }
                return (OutputStream) zstd;
            }
            case ".bz2" -> {
                return (OutputStream) create(
                        "org.apache.commons.compress.compressors.bzip2.BZip2CompressorOutputStream",
                        OutputStream.class, out);
            }
            default -> throw new IOException("no codec for " + extension);
        }
    }

    /** {@code new CLASS(argument)}, where the constructor takes one {@code parameter}. */
    private static Object create(String className, Class<?> parameter, Object argument) throws IOException {
        try {
            return Class.forName(className).getConstructor(parameter).newInstance(argument);
        } catch (ClassNotFoundException e) {
            throw new IOException(className + " is not on the class path (run with Gristmill's cli/target/lib/*)", e);
        } catch (InvocationTargetException e) {
            throw e.getCause() instanceof IOException io ? io : new IOException(className + ": " + e.getCause(), e);
        } catch (ReflectiveOperationException e) {
            throw new IOException(className + ": " + e, e);
        }
    }
}
