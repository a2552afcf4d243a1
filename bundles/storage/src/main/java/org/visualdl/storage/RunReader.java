package org.visualdl.storage;

import java.io.Closeable;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads every record file of one run folder in {@link RecordFiles#READING_ORDER}, each from where
 * the previous pass stopped, so calling {@link #readAvailable} again tails the run: new files
 * (rotations, a restarted writer) are picked up, growing files are read further.
 *
 * <p>Files whose name does not end in {@code .vdl} are not ours and are left alone. An empty
 * {@code .vdl} file is reported once and read again later (a writer may just have created it); a
 * file that holds bytes but no valid frame is reported once as "not a VisualDL record file" and
 * ignored from then on, unless it shrinks (it was replaced).
 *
 * <pre>{@code
 * try (RunReader run = new RunReader(runDir)) {
 *   ReadResult r = run.readAvailable(new FrameSink() {
 *     public void scalars(Tablet t, ScalarBlock b) { ... }
 *   });
 *   r.problems().forEach(System.err::println);
 * }
 * }</pre>
 *
 * Not thread-safe: one thread reads a run.
 */
public final class RunReader implements Closeable {
  private final Path runDir;
  private final Map<Path, RecordFileReader> readers = new LinkedHashMap<>();
  private final Set<Path> reportedEmpty = new HashSet<>();
  private final Map<Path, Long> ignored = new LinkedHashMap<>();

  public RunReader(Path runDir) {
    this.runDir = runDir;
  }

  public Path runDir() {
    return runDir;
  }

  /**
   * The record files directly inside a run folder, in reading order.
   *
   * @throws IOException when the folder cannot be listed
   */
  public static List<Path> recordFiles(Path runDir) throws IOException {
    List<Path> files = new ArrayList<>();
    try (DirectoryStream<Path> dir = Files.newDirectoryStream(runDir)) {
      for (Path p : dir) {
        if (RecordFiles.isRecordFile(p) && Files.isRegularFile(p)) {
          files.add(p);
        }
      }
    }
    files.sort(RecordFiles.READING_ORDER);
    return files;
  }

  /** The files read so far, in reading order, without the ignored ones. */
  public List<Path> files() {
    List<Path> files = new ArrayList<>(readers.keySet());
    files.removeAll(ignored.keySet());
    return files;
  }

  /**
   * Reads what is new in every record file of the run, file by file in reading order. Before the
   * frames of each file the sink's {@link FrameSink#file} is called, so that frame offsets can be
   * tied to their file.
   *
   * @return the sum over all files; {@code incompleteTail} is true when any file ends in a frame
   *     not fully written yet
   * @throws IOException when the run folder cannot be listed
   */
  public ReadResult readAvailable(FrameSink sink) throws IOException {
    int frames = 0;
    long bytes = 0;
    int corrupt = 0;
    boolean incomplete = false;
    List<String> problems = new ArrayList<>();
    List<Path> present = recordFiles(runDir);
    Set<Path> presentSet = new HashSet<>(present);
    // Files deleted since the last pass: let go of their readers (and file handles).
    readers.keySet().removeIf(f -> {
      if (presentSet.contains(f)) {
        return false;
      }
      closeQuietly(readers.get(f));
      ignored.remove(f);
      return true;
    });
    for (Path file : present) {
      long size;
      try {
        size = Files.size(file);
      } catch (NoSuchFileException e) {
        closeQuietly(readers.remove(file));
        continue;
      }
      Long ignoredAt = ignored.get(file);
      if (ignoredAt != null) {
        if (size >= ignoredAt) {
          continue;
        }
        ignored.remove(file);
        closeQuietly(readers.remove(file));
      }
      if (size == 0) {
        if (reportedEmpty.add(file)) {
          problems.add(file.getFileName() + ": empty file (0 bytes), nothing to read yet");
        }
        continue;
      }
      RecordFileReader reader = readers.computeIfAbsent(file, RecordFileReader::new);
      if (reader.position() == size) {
        continue;
      }
      sink.file(file);
      ReadResult r;
      try {
        r = reader.readAvailable(sink);
      } catch (NoSuchFileException e) {
        closeQuietly(readers.remove(file));
        continue;
      } catch (IOException e) {
        problems.add(file.getFileName() + ": cannot be read: " + e.getMessage());
        continue;
      }
      frames += r.frames();
      bytes += r.bytesConsumed();
      corrupt += r.corruptFrames();
      incomplete |= r.incompleteTail();
      problems.addAll(r.problems());
      if (reader.notARecordFile()) {
        ignored.put(file, size);
      }
    }
    return new ReadResult(frames, bytes, corrupt, incomplete, List.copyOf(problems));
  }

  private static void closeQuietly(RecordFileReader reader) {
    if (reader != null) {
      try {
        reader.close();
      } catch (IOException e) {
        // Nothing to do: the file is gone or replaced.
      }
    }
  }

  @Override
  public void close() throws IOException {
    for (RecordFileReader r : readers.values()) {
      closeQuietly(r);
    }
    readers.clear();
  }
}
