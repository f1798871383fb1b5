/** The node: the only module that speaks HTTP (TAXII 2.1, the log, health and metrics). It does not speak SQL. */
module dev.parley.node {
  requires java.net.http;
  requires transitive dev.parley.ingest;
  requires io.javalin;
  requires dev.parley.web;
  requires org.eclipse.jetty.server;
  requires org.eclipse.jetty.util;
  requires org.slf4j;

  exports dev.parley.node;
}
