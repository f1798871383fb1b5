package dev.parley.cli;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * Files named on the command line. A file that cannot be read is invalid input (exit 1) with one
 * message, {@code cannot read X: why}, checked before a command writes any output.
 */
final class InputFiles {
  private InputFiles() {}

  /** Fails unless {@code name} is {@code -} (standard input) or a file this process can read. */
  static void requireReadable(String name) {
    if (!"-".equals(name)) requireReadable(Path.of(name), name);
  }

  /** Fails unless {@code file} can be read; {@code shown} names it in the message. */
  static void requireReadable(Path file, String shown) {
    String why = null;
    if (!Files.exists(file)) why = "no such file";
    else if (Files.isDirectory(file)) why = "is a directory";
    else if (!Files.isReadable(file)) why = "permission denied";
    if (why != null) throw new CommandFailure(ExitCodes.INVALID, "cannot read " + shown + ": " + why);
  }

  /** Why reading failed, in words, without an exception's class name. */
  static String why(Exception e) {
    Throwable t = e instanceof UncheckedIOException u && u.getCause() != null ? u.getCause() : e;
    if (t instanceof NoSuchFileException) return "no such file";
    if (t instanceof AccessDeniedException) return "permission denied";
    String message = t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
    return message.replaceAll("^(?:[a-z]+\\.)+[A-Za-z]*(?:Exception|Error): ", "");
  }

  /**
   * Passes a stream through and remembers whether it held anything but white space (and a byte
   * order mark): an input of nothing is an error that a reader, which finds no records in it, does
   * not report.
   */
  static final class Blank extends FilterInputStream {
    private boolean text;

    Blank(InputStream in) {
      super(in);
    }

    /** Whether every byte read so far was white space. */
    boolean blank() {
      return !text;
    }

    @Override
    public int read() throws IOException {
      int b = super.read();
      if (b >= 0) see(b);
      return b;
    }

    @Override
    public int read(byte[] buffer, int offset, int length) throws IOException {
      int n = super.read(buffer, offset, length);
      for (int i = 0; i < n && !text; i++) see(buffer[offset + i] & 0xFF);
      return n;
    }

    private void see(int b) {
      if (b != ' ' && b != '\t' && b != '\n' && b != '\r' && b != 0xEF && b != 0xBB && b != 0xBF) text = true;
    }
  }
}
