package dev.parley.ingest;

import com.fasterxml.jackson.databind.JsonNode;
import dev.parley.stix.Envelope;

/**
 * One item of input on its way into a collection, tagged with its place in the input (a line
 * number, an index in a TAXII envelope) so that what happens to it can be reported against it.
 */
public sealed interface Incoming {
  long tag();

  /**
   * A parsed object; {@code text} is its JSON as received when it is to be stored byte for byte
   * (a JSON Lines record), else null (the object is stored as the parser read it).
   */
  record Parsed(long tag, JsonNode object, String text) implements Incoming {}

  /**
   * An entry of a TAXII envelope still as text in {@code body}: it becomes a tree when it is judged,
   * one at a time, and is stored as that tree reads ({@link Envelope}).
   */
  record Unparsed(long tag, byte[] body, Envelope.Entry entry) implements Incoming {}

  /** Input that is not an object, with the reader's located message. */
  record Malformed(long tag, String message) implements Incoming {}
}
