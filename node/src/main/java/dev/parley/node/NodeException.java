package dev.parley.node;

/** The root of everything the node throws: it could not start, serve or stop. */
public class NodeException extends RuntimeException {
  public NodeException(String message) {
    super(message);
  }

  public NodeException(String message, Throwable cause) {
    super(message, cause);
  }
}
