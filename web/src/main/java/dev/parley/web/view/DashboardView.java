package dev.parley.web.view;

import java.util.List;

/** The dashboard; {@code sightings}: the most recent sightings the viewer may read, newest first. */
public record DashboardView(Layout layout, List<Card> collections, List<Row> recent, long logSize, String checkpoint, List<PeerRow> peers,
    List<Row> sightings) {}
