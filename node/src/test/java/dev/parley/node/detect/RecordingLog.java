package dev.parley.node.detect;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.slf4j.Marker;
import org.slf4j.event.Level;
import org.slf4j.helpers.LegacyAbstractLogger;
import org.slf4j.helpers.MessageFormatter;

/** A logger that keeps what it is told, as "LEVEL message" lines, for a test to read. */
public final class RecordingLog extends LegacyAbstractLogger {
  final List<String> lines = new CopyOnWriteArrayList<>();

  public RecordingLog() {
    this.name = "test";
  }

  /** The lines of a level that hold {@code text}. */
  public List<String> lines(Level level, String text) {
    return lines.stream().filter(l -> l.startsWith(level + " ") && l.contains(text)).toList();
  }

  @Override
  protected void handleNormalizedLoggingCall(Level level, Marker marker, String pattern, Object[] arguments, Throwable thrown) {
    lines.add(level + " " + MessageFormatter.basicArrayFormat(pattern, arguments));
  }

  @Override
  protected String getFullyQualifiedCallerName() {
    return null;
  }

  @Override
  public boolean isTraceEnabled() {
    return true;
  }

  @Override
  public boolean isDebugEnabled() {
    return true;
  }

  @Override
  public boolean isInfoEnabled() {
    return true;
  }

  @Override
  public boolean isWarnEnabled() {
    return true;
  }

  @Override
  public boolean isErrorEnabled() {
    return true;
  }
}
