package dev.parley.node.taxii;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.UUID;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpMethod;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.util.Callback;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Answers the requests that the HTTP layer refuses before any route runs (a path with {@code %00}
 * or a bad escape, a request line or headers past the size the node reads, a bad {@code Host}) with
 * a TAXII error message (TAXII 2.1 §3.6.1), the body {@link Errors} writes for the node's own
 * failures, instead of Jetty's HTML page. Such a request may have no path yet, so every path gets
 * this answer, as a path no route takes gets the TAXII 404. The description is the node's own and
 * echoes nothing of the request. Thread-safe: it holds no state.
 */
public final class ProtocolErrors extends ErrorHandler {
  private static final Logger LOG = LoggerFactory.getLogger(ProtocolErrors.class);

  /** Every method gets the error message; Jetty's default gives a body to GET, POST and HEAD only. */
  @Override
  public boolean errorPageForMethod(String method) {
    return true;
  }

  @Override
  protected void generateResponse(Request request, Response response, int status, String reason, Throwable cause, Callback callback) {
    String errorId = UUID.randomUUID().toString();
    if (status >= 500) LOG.error("error {}: the HTTP layer failed before any route ran", errorId, cause);
    int headBytes = request.getConnectionMetaData().getHttpConfiguration().getRequestHeaderSize();
    byte[] body = Errors.body(describe(status, reason, headBytes), errorId).getBytes(StandardCharsets.UTF_8);
    response.getHeaders().put(HttpHeader.CONTENT_TYPE, MediaTypes.TAXII);
    response.getHeaders().put(HttpHeader.CONTENT_LENGTH, body.length);
    // a request line that could not be read has no method ("BAD"): a HEAD is known only once its line was read
    response.write(true, HttpMethod.HEAD.is(request.getMethod()) ? null : ByteBuffer.wrap(body), callback);
  }

  /**
   * The error for a status the HTTP layer chose. Jetty's reason is read only to tell a bad
   * {@code Host} from other malformed requests: its words are Jetty's, and may quote the request.
   */
  static TaxiiError describe(int status, String reason, int headBytes) {
    String limit = String.format("%,d bytes for the request line and headers together", headBytes);
    return switch (status) {
      case 400 -> reason != null && reason.contains("Host")
          ? TaxiiError.badRequest("the Host header is not a valid host and port")
          : TaxiiError.badRequest("the request could not be read: its path has a character or an escape that a path may not hold"
              + " (such as %00, or % not followed by two hex digits), or its request line or a header is malformed");
      case 414 -> TaxiiError.of(414, "URI too long", "the request line is longer than the node reads (" + limit
          + "); ask for fewer match[...] values in one request");
      case 431 -> TaxiiError.of(431, "Request header fields too large", "the request's headers are larger than the node reads ("
          + limit + ")");
      case 505 -> TaxiiError.of(505, "HTTP version not supported", "the node speaks HTTP/1.1 and HTTP/1.0");
      case 500 -> new TaxiiError(500, "Internal error", "the server failed; the error id is in its log", Map.of(), Map.of());
      default -> TaxiiError.of(status, HttpStatus.getMessage(status), null);
    };
  }
}
