package dev.parley.store;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

/** Secrets on disk (the admin token, the log's signing key): files only their owner may read. */
public final class PrivateFiles {
  private PrivateFiles() {}

  /**
   * Creates {@code file} with mode 0600 holding {@code text} and a newline; its folders are made
   * as needed.
   *
   * @throws FileAlreadyExistsException when the file exists (another process may have made it)
   */
  public static void create(Path file, String text) throws IOException {
    Files.createDirectories(file.toAbsolutePath().getParent());
    if (file.getFileSystem().supportedFileAttributeViews().contains("posix")) {
      Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
    } else {
      Files.createFile(file); // no POSIX modes (Windows): the file takes its folder's access list
    }
    Files.writeString(file, text + "\n", StandardCharsets.UTF_8);
  }
}
