package org.visualdl.storage.internal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.visualdl.api.storage.SeekableByteSource;

/** Positional reads of a local file; the channel opens on the first read. */
final class LocalFileSource implements SeekableByteSource {

  private final Path file;
  private FileChannel channel;

  LocalFileSource(Path file) {
    this.file = file;
  }

  @Override
  public long length() throws IOException {
    return channel().size();
  }

  @Override
  public int read(long position, byte[] buffer, int offset, int length) throws IOException {
    if (length == 0) {
      return 0;
    }
    return channel().read(ByteBuffer.wrap(buffer, offset, length), position);
  }

  private FileChannel channel() throws IOException {
    if (channel == null) {
      try {
        channel = FileChannel.open(file, StandardOpenOption.READ);
      } catch (NoSuchFileException e) {
        throw new NoSuchFileException(file.toString(), null, "no such file");
      }
    }
    return channel;
  }

  @Override
  public void close() throws IOException {
    if (channel != null) {
      channel.close();
      channel = null;
    }
  }
}
