package org.visualdl.storage.internal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.visualdl.api.storage.StorageWriter;

/** Appends to a local file; every write goes to the OS at once, so flush only checks the file. */
final class LocalFileWriter implements StorageWriter {

  private final Path file;
  private final FileChannel channel;
  private long position;

  private LocalFileWriter(Path file, FileChannel channel) throws IOException {
    this.file = file;
    this.channel = channel;
    this.position = channel.size();
  }

  static LocalFileWriter create(Path file) throws IOException {
    Files.createDirectories(file.toAbsolutePath().getParent());
    try {
      return new LocalFileWriter(file, FileChannel.open(file, StandardOpenOption.CREATE_NEW,
          StandardOpenOption.WRITE, StandardOpenOption.APPEND));
    } catch (FileAlreadyExistsException e) {
      throw new FileAlreadyExistsException(file.toString(), null, "already exists");
    }
  }

  static LocalFileWriter append(Path file) throws IOException {
    Files.createDirectories(file.toAbsolutePath().getParent());
    return new LocalFileWriter(file, FileChannel.open(file, StandardOpenOption.CREATE,
        StandardOpenOption.WRITE, StandardOpenOption.APPEND));
  }

  @Override
  public void write(byte[] buffer, int offset, int length) throws IOException {
    ByteBuffer b = ByteBuffer.wrap(buffer, offset, length);
    while (b.hasRemaining()) {
      channel.write(b);
    }
    position += length;
  }

  @Override
  public void flush() throws IOException {
    // On Linux writes to a removed file vanish silently: say so instead.
    if (channel.isOpen() && !LocalFileBackend.exists(file)) {
      throw new NoSuchFileException(file.toString(), null, "removed while being written");
    }
  }

  /** Forces the data written so far to the device. */
  void force() throws IOException {
    channel.force(false);
  }

  @Override
  public long position() {
    return position;
  }

  @Override
  public void close() throws IOException {
    if (channel.isOpen()) {
      try {
        flush();
      } finally {
        channel.close();
      }
    }
  }
}
