package dev.parley.ingest;

/**
 * An incoming item that was not stored and why.
 *
 * @param stixId the object's id, or empty when it has none or did not parse
 * @param version the object's modified or created text, or null when it has neither
 * @param malformed true when the input was not an object at all (the message is then located by the reader)
 */
public record Refusal(long tag, String stixId, String version, String message, boolean malformed) {}
