package io.gristmill.cluster.io;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/** A file system every process mounts at the same path (DESIGN.md, Storage). */
public final class LocalStorage implements Storage {
    public static final LocalStorage INSTANCE = new LocalStorage();

    private LocalStorage() {
    }

    @Override
    public long size(String path) throws IOException {
        return Files.size(Path.of(path));
    }

    @Override
    public InputStream openRead(String path, long offset) throws IOException {
        FileChannel channel = FileChannel.open(Path.of(path), StandardOpenOption.READ);
        try {
            channel.position(offset);
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw e;
        }
        // reads go straight into the caller's array (no extra buffering): line readers use 1 MiB arrays
        return Channels.newInputStream(channel);
    }

    @Override
    public OutputStream create(String path) throws IOException {
        return Files.newOutputStream(Path.of(path));
    }
}
