package dev.parley.web;

/** A request the interface refuses, with the HTTP status and the message the page shows. */
public final class WebException extends RuntimeException {
  final int status;

  public WebException(int status, String message) {
    super(message);
    this.status = status;
  }
}
