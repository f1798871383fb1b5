package dev.parley.store.status;

/** One object's line in a status: its id, version and, for a failure, why. */
public record StatusDetail(String id, String version, String message) {}
