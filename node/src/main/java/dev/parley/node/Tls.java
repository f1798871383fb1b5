package dev.parley.node;

import io.javalin.config.JavalinConfig;

/** HTTPS from PEM files (TLS 1.2 or newer). */
final class Tls {
  private Tls() {}

  static void configure(JavalinConfig c, NodeConfig config) {
    throw new NodeException("HTTPS is not implemented yet");
  }
}
