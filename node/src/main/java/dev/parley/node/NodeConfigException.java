package dev.parley.node;

/** A node cannot start as configured (a TLS file, the address to listen on); found before anything is made. */
public final class NodeConfigException extends NodeException {
  public NodeConfigException(String message) {
    super(message);
  }

  public NodeConfigException(String message, Throwable cause) {
    super(message, cause);
  }
}
