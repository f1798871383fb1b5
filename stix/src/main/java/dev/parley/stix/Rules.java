package dev.parley.stix;

/**
 * The stable identifiers of the validator's rules, in one place. Scripts may rely on them; a rule
 * is never renamed. {@code RULES.md} in this module describes each with its specification section.
 */
public final class Rules {
  private Rules() {}

  public static final String JSON_SYNTAX = "json-syntax";
  public static final String NOT_AN_OBJECT = "not-an-object";
  public static final String TYPE_MISSING = "type-missing";
  public static final String TYPE_SYNTAX = "type-syntax";
  public static final String ID_SYNTAX = "id-syntax";
  public static final String ID_TYPE_MISMATCH = "id-type-mismatch";
  public static final String ID_UUID_VERSION = "id-uuid-version";
  public static final String SPEC_VERSION = "spec-version";
  public static final String REQUIRED_PROPERTY = "required-property";
  public static final String FORBIDDEN_PROPERTY = "forbidden-property";
  public static final String PROPERTY_TYPE = "property-type";
  public static final String EMPTY_LIST = "empty-list";
  public static final String TIMESTAMP_SYNTAX = "timestamp-syntax";
  public static final String TIMESTAMP_PRECISION = "timestamp-precision";
  public static final String MODIFIED_BEFORE_CREATED = "modified-before-created";
  public static final String TIME_ORDER = "time-order";
  public static final String INTEGER_RANGE = "integer-range";
  public static final String CONFIDENCE_RANGE = "confidence-range";
  public static final String ENUMERATION = "enumeration";
  public static final String OPEN_VOCABULARY = "open-vocabulary";
  public static final String REFERENCE_TYPE = "reference-type";
  public static final String HASH_ALGORITHM = "hash-algorithm";
  public static final String HASH_VALUE = "hash-value";
  public static final String PROPERTY_NAME = "property-name";
  public static final String CUSTOM_TYPE_NAME = "custom-type-name";
  public static final String CUSTOM_PROPERTY = "custom-property";
  public static final String RESERVED_PROPERTY = "reserved-property";
  public static final String GRANULAR_MARKING = "granular-marking";
  public static final String MARKING_DEFINITION = "marking-definition";
  public static final String TLP = "tlp";
  public static final String EXTERNAL_REFERENCE = "external-reference";
  public static final String KILL_CHAIN_PHASE = "kill-chain-phase";
  public static final String EXTENSION = "extension";
  public static final String EXTENSION_DEFINITION = "extension-definition";
  public static final String SCO_ID = "sco-id";
  public static final String SCO_RULE = "sco-rule";
  public static final String AT_LEAST_ONE = "at-least-one";
  public static final String MUTUALLY_EXCLUSIVE = "mutually-exclusive";
  public static final String PATTERN = "pattern";
  public static final String LANGUAGE = "language";
  public static final String DICTIONARY = "dictionary";
  public static final String BUNDLE = "bundle";
  public static final String UNKNOWN_TYPE = "unknown-type";
  public static final String VALUE = "value";
  public static final String CROSS_REFERENCE = "cross-reference";
  public static final String DUPLICATE_OBJECT = "duplicate-object";
  public static final String NUMBER_RANGE = "number-range";
  public static final String RELATIONSHIP_TYPE = "relationship-type";
  public static final String DEPRECATED = "deprecated";
  public static final String ENCODING_PROPERTY = "encoding-property";
  public static final String NOT_APPLICABLE = "not-applicable";
  public static final String SHOULD_PROVIDE = "should-provide";
}
