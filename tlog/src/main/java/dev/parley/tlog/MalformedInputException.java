package dev.parley.tlog;

/** Bytes or text that do not follow the format they claim (a note, a tile path, a key, an entry). */
public class MalformedInputException extends TlogException {
  private final String what;

  public MalformedInputException(String what, String message) {
    super(what + ": " + message);
    this.what = what;
  }

  /** The kind of input that was malformed, e.g. {@code "tile path"}, {@code "signed note"}. */
  public String what() {
    return what;
  }
}
