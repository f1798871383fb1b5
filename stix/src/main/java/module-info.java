/** STIX 2.1: the model's reading, validation, canonical form and identifiers. Does no I/O of its own. */
module dev.parley.stix {
  requires transitive com.fasterxml.jackson.databind;

  exports dev.parley.stix;
  exports dev.parley.stix.marking;
  exports dev.parley.stix.validate;
}
