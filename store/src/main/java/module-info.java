/**
 * The PostgreSQL store: the only module that speaks SQL. {@code java.sql} is required, not
 * re-exported: no type of it appears in what the store exports, so no module above can use it.
 */
module dev.parley.store {
  requires transitive dev.parley.stix;
  requires transitive dev.parley.tlog;
  requires transitive dev.parley.policy;
  requires java.sql;
  requires java.management;
  requires jdk.management;
  requires jdk.security.auth;
  requires org.postgresql.jdbc;
  requires embedded.postgres;
  requires flyway.core;
  requires org.apache.commons.compress;
  requires org.slf4j;

  exports dev.parley.store;
  exports dev.parley.store.accounts;
  exports dev.parley.store.browse;
  exports dev.parley.store.collections;
  exports dev.parley.store.cursors;
  exports dev.parley.store.detect;
  exports dev.parley.store.egress;
  exports dev.parley.store.log;
  exports dev.parley.store.objects;
  exports dev.parley.store.peers;
  exports dev.parley.store.status;
  exports dev.parley.store.witness;
}
