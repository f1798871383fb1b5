/** The parley command line. Only {@code serve} uses the node; no command speaks SQL. */
module dev.parley.cli {
  requires dev.parley.node;
  requires dev.parley.ingest;
  requires dev.parley.sync;
  requires dev.parley.pattern;
  requires dev.parley.detect;
  requires java.net.http;
  requires info.picocli;
  requires org.slf4j;

  opens dev.parley.cli to info.picocli;
}
