package dev.parley.web.view;

/** A peer and its sync state. */
public record PeerRow(String name, String url, String state, String detail, String lastSync, long pulled, long pushed) {}
