package dev.parley.store.status;

/**
 * The final state of one object of an add request, by its place in the request's envelope.
 *
 * @param ord the object's index in the envelope
 */
public record Settled(int ord, boolean success, StatusDetail detail) {}
