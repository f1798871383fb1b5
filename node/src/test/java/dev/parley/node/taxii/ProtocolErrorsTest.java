package dev.parley.node.taxii;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.parley.node.TestNode;
import dev.parley.stix.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.Test;

/**
 * What the HTTP layer refuses before any route runs is answered with a TAXII error message
 * (TAXII 2.1 §3.6.1), not a Jetty HTML page. Regression: a hostile run got
 * {@code text/html;charset=iso-8859-1} "HTTP ERROR 414 URI Too Long ... /badMessage" for a
 * 70,000-character query, and the same page for {@code %00} in a path (400) and a 70 KB header (431).
 */
class ProtocolErrorsTest {

  /**
   * A body that stops arriving is the client's delay, 408, and a body cut by a failed connection is
   * 400; neither answer carries the I/O layer's text (a hostile run read
   * "java.util.concurrent.TimeoutException: Idle timeout expired: 30000/30000 ms" in a 400).
   */
  @Test
  void unreadBody_idleOrCut_408Or400InOurWords() {
    TaxiiError idle = Errors.unreadBody(new IOException(new TimeoutException("Idle timeout expired: 30000/30000 ms")));
    assertThat(idle.status()).isEqualTo(408);
    assertThat(idle.getMessage()).contains("stopped arriving").contains("nothing of it was stored").doesNotContain("java.").doesNotContain("30000");
    TaxiiError cut = Errors.unreadBody(new UncheckedIOException(new IOException("org.eclipse.jetty.io.EofException: reset")));
    assertThat(cut.status()).isEqualTo(400);
    assertThat(cut.getMessage()).contains("could not be read to its end").doesNotContain("jetty").doesNotContain("Exception");
  }

  @Test
  void get_nulInPath_taxii400() {
    TestNode.Reply r = TestNode.get("/api1/collections/" + TestNode.newCollection() + "/objects/%00/", TestNode.admin());
    JsonNode error = taxiiError(r.status(), r.header("Content-Type"), r.raw().body(), 400);
    assertThat(error.get("title").asText()).isEqualTo("Bad request");
    assertThat(error.get("description").asText()).contains("%00");
  }

  @Test
  void get_badEscapeInPath_taxii400() {
    Raw r = raw("GET /api1/collections/intel/objects/%zz/ HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n");
    taxiiError(r.status, r.header("content-type"), r.body, 400);
    assertThat(r.body).doesNotContain("%zz");
  }

  @Test
  void get_queryOf70000Characters_taxii414() {
    String ids = "a".repeat(70_000);
    TestNode.Reply r = TestNode.get("/api1/collections/intel/objects/?match[id]=" + ids, TestNode.admin());
    JsonNode error = taxiiError(r.status(), r.header("Content-Type"), r.raw().body(), 414);
    assertThat(error.get("title").asText()).isEqualTo("URI too long");
    assertThat(error.get("description").asText()).contains("8,192 bytes").contains("fewer match[...] values");
    assertThat(r.raw().body()).doesNotContain("aaaa");
  }

  @Test
  void get_headerOf70KB_taxii431() {
    String big = "b".repeat(70_000);
    TestNode.Reply r = TestNode.send(HttpRequest.newBuilder(TestNode.uri("/taxii2/")).header("Accept", TestNode.TAXII)
        .header("Authorization", TestNode.admin()).header("X-Big", big).GET());
    JsonNode error = taxiiError(r.status(), r.header("Content-Type"), r.raw().body(), 431);
    assertThat(error.get("title").asText()).isEqualTo("Request header fields too large");
    assertThat(r.raw().body()).doesNotContain("bbbb").doesNotContain("/taxii2/");
  }

  @Test
  void get_badHost_taxii400() {
    Raw r = raw("GET /taxii2/ HTTP/1.1\r\nHost: a b c\r\nConnection: close\r\n\r\n");
    JsonNode error = taxiiError(r.status, r.header("content-type"), r.body, 400);
    assertThat(error.get("description").asText()).isEqualTo("the Host header is not a valid host and port");
  }

  @Test
  void get_unknownHttpVersion_taxii505() {
    Raw r = raw("GET /taxii2/ HTTP/9.9\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n");
    JsonNode error = taxiiError(r.status, r.header("content-type"), r.body, 505);
    assertThat(error.get("title").asText()).isEqualTo("HTTP version not supported");
  }

  @Test
  void delete_nulInPath_taxii400WithBody() {
    Raw r = raw("DELETE /api1/collections/intel/objects/%00/ HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n");
    taxiiError(r.status, r.header("content-type"), r.body, 400);
  }

  @Test
  void head_headerPastTheLimit_431WithoutBody() {
    Raw r = raw("HEAD /taxii2/ HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Big: " + "b".repeat(9_000) + "\r\nConnection: close\r\n\r\n");
    assertThat(r.status).isEqualTo(431);
    assertThat(r.header("content-type")).isEqualTo(TestNode.TAXII);
    assertThat(r.body).isEmpty();
  }

  @Test
  void head_nulInPath_taxii400() {
    // the request line is not read, so the HTTP layer cannot tell a HEAD: the body comes, and the connection closes after it
    Raw r = raw("HEAD /api1/collections/intel/objects/%00/ HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n");
    taxiiError(r.status, r.header("content-type"), r.body, 400);
  }

  @Test
  void get_uiPathWithNul_taxii400() {
    Raw r = raw("GET /ui/%00 HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n");
    taxiiError(r.status, r.header("content-type"), r.body, 400);
  }

  /** Checks the error message resource's members (TAXII 2.1 §3.6.1) and returns it. */
  private static JsonNode taxiiError(int status, String contentType, String body, int expected) {
    assertThat(status).isEqualTo(expected);
    assertThat(contentType).isEqualTo(TestNode.TAXII);
    JsonNode error;
    try {
      error = Json.mapper().readTree(body);
    } catch (IOException e) {
      throw new AssertionError("not JSON: " + body, e);
    }
    assertThat(error.get("http_status").asText()).isEqualTo(Integer.toString(expected));
    assertThat(error.get("title").asText()).isNotBlank();
    assertThat(error.get("error_id").asText()).isNotBlank();
    assertThat(body).doesNotContain("<html").doesNotContain("badMessage").doesNotContain("Exception");
    return error;
  }

  private record Raw(int status, String head, String body) {
    String header(String name) {
      for (String line : head.split("\r\n")) {
        int colon = line.indexOf(':');
        if (colon > 0 && line.substring(0, colon).trim().equalsIgnoreCase(name)) return line.substring(colon + 1).trim();
      }
      return null;
    }
  }

  /** Sends {@code request} as it is, bytes an HTTP client would not send, and reads the answer to the close. */
  private static Raw raw(String request) {
    try (Socket socket = new Socket("127.0.0.1", TestNode.get().port())) {
      socket.setSoTimeout(30_000);
      socket.getOutputStream().write(request.getBytes(StandardCharsets.ISO_8859_1));
      String text = new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      int end = text.indexOf("\r\n\r\n");
      String head = text.substring(0, end);
      return new Raw(Integer.parseInt(head.split(" ")[1]), head, text.substring(end + 4));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
