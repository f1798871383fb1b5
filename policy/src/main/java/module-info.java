/** The rules of the road: what marks an object, what it references, agreements with peers and egress decisions. Does no I/O. */
module dev.parley.policy {
  requires transitive dev.parley.stix;

  exports dev.parley.policy;
  exports dev.parley.policy.agreement;
  exports dev.parley.policy.egress;
}
