package dev.parley.web.view;

import java.util.List;

/** An import's progress: objects read, stored and refused, and the findings per object. */
public record JobView(String job, String file, boolean done, long read, long stored, long refused, int percent, List<Finding> findings, String error) {
  /** A finding: where (file:line), the JSON pointer, the message. */
  public record Finding(String where, String pointer, String message) {}
}
