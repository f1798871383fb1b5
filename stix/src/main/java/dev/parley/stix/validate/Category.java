package dev.parley.stix.validate;

/** The families of STIX objects, which differ in their common properties (STIX 2.1 §3.2). */
enum Category {
  SDO,
  SRO,
  SCO,
  MARKING_DEFINITION,
  LANGUAGE_CONTENT,
  EXTENSION_DEFINITION
}
