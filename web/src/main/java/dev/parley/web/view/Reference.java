package dev.parley.web.view;

/**
 * One external reference (STIX 2.1 §2.5) as shown: where it comes from, its id there, a link when
 * its {@code url} is an http(s) address (anything else, {@code javascript:} included, stays text),
 * and its description.
 */
public record Reference(String source, String externalId, String url, boolean linked, String description) {}
