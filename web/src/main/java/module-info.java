/** The web interface: pages over the store, served by the node's Javalin. It speaks no SQL (it asks the store). */
module dev.parley.web {
  requires transitive dev.parley.ingest;
  requires transitive io.javalin;
  requires gg.jte.runtime;
  // the templates jte generates carry @javax.annotation.processing.Generated (source retention)
  requires static java.compiler;
  requires org.slf4j;

  exports dev.parley.web;
}
