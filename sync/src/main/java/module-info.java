/**
 * Sync between nodes: pulls peers' collections and pushes to them over TAXII 2.1 (an HTTP client),
 * and fetches and checks receipts of what was pulled. No SQL (it asks the store), no HTTP server.
 */
module dev.parley.sync {
  requires transitive dev.parley.ingest;
  requires java.net.http;
  requires org.slf4j;

  exports dev.parley.sync;
}
