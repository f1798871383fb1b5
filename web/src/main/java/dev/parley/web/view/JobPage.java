package dev.parley.web.view;

/** An import's own page (the progress fragment inside the frame). */
public record JobPage(Layout layout, JobView job) {}
