/** Detection: telemetry readers (Zeek, Suricata EVE, ECS, STIX observed-data), the detector and STIX sightings. No I/O of its own. */
module dev.parley.detect {
  requires transitive dev.parley.pattern;
  requires transitive dev.parley.policy;

  exports dev.parley.detect;
  exports dev.parley.detect.telemetry;
}
