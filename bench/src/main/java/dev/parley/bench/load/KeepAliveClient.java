package dev.parley.bench.load;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/**
 * A minimal HTTP/1.1 keep-alive client on one loopback connection, so that a load program costs
 * less CPU than the server it measures (the JDK's {@code HttpClient} spends several threads and
 * allocations per request). Answers must carry a Content-Length. Not thread-safe: one per thread.
 */
public final class KeepAliveClient implements AutoCloseable {
  private final Socket socket;
  private final InputStream in;
  private final OutputStream out;

  /** A status and a body. */
  public record Response(int status, byte[] body) {
    public String text() {
      return new String(body, StandardCharsets.UTF_8);
    }
  }

  public KeepAliveClient(int port) throws IOException {
    socket = new Socket(InetAddress.getLoopbackAddress(), port);
    socket.setTcpNoDelay(true);
    in = new BufferedInputStream(socket.getInputStream(), 16384);
    out = socket.getOutputStream();
  }

  /** The body of a 200 response, or null for any other status. */
  public byte[] get(String path) throws IOException {
    out.write(("GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
    out.flush();
    Response r = response(path);
    return r.status() == 200 ? r.body() : null;
  }

  /** POSTs {@code body} (sent as text/plain) and reads the whole answer. */
  public Response post(String path, byte[] body) throws IOException {
    byte[] head = ("POST " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: text/plain\r\nContent-Length: "
        + body.length + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII);
    byte[] request = new byte[head.length + body.length];
    System.arraycopy(head, 0, request, 0, head.length);
    System.arraycopy(body, 0, request, head.length, body.length);
    out.write(request);
    out.flush();
    return response(path);
  }

  private Response response(String path) throws IOException {
    String status = line();
    int length = -1;
    for (String h = line(); !h.isEmpty(); h = line()) {
      if (h.regionMatches(true, 0, "content-length:", 0, 15)) length = Integer.parseInt(h.substring(15).trim());
    }
    if (length < 0) throw new IOException("no Content-Length in the response to " + path);
    if (!status.startsWith("HTTP/1.1 ") || status.length() < 12) throw new IOException("not an HTTP/1.1 status line: " + status);
    return new Response(Integer.parseInt(status.substring(9, 12)), in.readNBytes(length));
  }

  private String line() throws IOException {
    StringBuilder b = new StringBuilder();
    for (int c = in.read(); c != '\n'; c = in.read()) {
      if (c < 0) throw new IOException("connection closed");
      if (c != '\r') b.append((char) c);
    }
    return b.toString();
  }

  @Override
  public void close() throws IOException {
    socket.close();
  }
}
