/** The one way objects enter a collection: judged, staged, added, logged, settled, committed. No SQL, no HTTP. */
module dev.parley.ingest {
  requires transitive dev.parley.store;
  requires dev.parley.pattern;
  requires transitive dev.parley.detect;
  requires org.slf4j;

  exports dev.parley.ingest;
  exports dev.parley.ingest.detect;
}
