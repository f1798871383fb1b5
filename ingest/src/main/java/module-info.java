/** The one way objects enter a collection: judged, staged, added, logged, settled, committed. No SQL, no HTTP. */
module dev.parley.ingest {
  requires transitive dev.parley.store;
  requires dev.parley.pattern;

  exports dev.parley.ingest;
}
