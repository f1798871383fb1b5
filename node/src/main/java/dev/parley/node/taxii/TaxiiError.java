package dev.parley.node.taxii;

import dev.parley.node.NodeException;
import java.util.Map;

/** A request failed with an HTTP status; it becomes a TAXII error message (TAXII 2.1 §3.6.1). */
public final class TaxiiError extends NodeException {
  private final int status;
  private final String title;
  private final Map<String, Object> details;
  private final Map<String, String> headers;

  public TaxiiError(int status, String title, String description, Map<String, Object> details, Map<String, String> headers) {
    super(description);
    this.status = status;
    this.title = title;
    this.details = Map.copyOf(details);
    this.headers = Map.copyOf(headers);
  }

  public static TaxiiError of(int status, String title, String description) {
    return new TaxiiError(status, title, description, Map.of(), Map.of());
  }

  static TaxiiError badRequest(String description) {
    return of(400, "Bad request", description);
  }

  static TaxiiError notFound(String description) {
    return of(404, "Not found", description);
  }

  public int status() {
    return status;
  }

  public String title() {
    return title;
  }

  public Map<String, Object> details() {
    return details;
  }

  public Map<String, String> headers() {
    return headers;
  }
}
