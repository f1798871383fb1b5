package dev.parley.detect.telemetry;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.io.InputStream;
import java.util.Locale;
import java.util.Optional;

/** The telemetry formats Parley reads, each opening a {@link TelemetryReader} on a stream. */
public enum TelemetryFormat {
  /** Zeek logs, TSV (with their header) or JSON, told apart by their content. */
  ZEEK,
  /**
   * Zeek JSON logs only, one object a line, as {@code POST /telemetry?format=zeek-json} takes them:
   * any other line is malformed as not a JSON object. Not a command-line name ({@link #parse}):
   * {@code zeek} reads JSON too.
   */
  ZEEK_JSON,
  /** Suricata EVE JSON, one event a line. */
  EVE,
  /** Elastic Common Schema documents, one a line. */
  ECS,
  /** STIX observed-data and their SCOs: a bundle, an array or JSON Lines. */
  STIX;

  // floats as BigDecimal keep epoch times exact ("1300475167.096535")
  private static final ObjectMapper JSON = JsonMapper.builder(new JsonFactory())
      .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
      .nodeFactory(JsonNodeFactory.withExactBigDecimals(true))
      .build();

  /** The format by its name on the command line: zeek, eve, ecs or stix. */
  public static Optional<TelemetryFormat> parse(String name) {
    for (TelemetryFormat f : values()) {
      if (f != ZEEK_JSON && f.name().equals(name.toUpperCase(Locale.ROOT))) return Optional.of(f);
    }
    return Optional.empty();
  }

  /**
   * A reader over {@code in}. {@code source} names the input (a file name, or {@code -}): it seeds
   * the records' ids and, for Zeek JSON without {@code _path}, tells the log by its name.
   */
  public TelemetryReader open(InputStream in, String source) {
    return open(in, source, source);
  }

  /**
   * As above, the records' ids seeded by {@code source} and the Zeek log told by {@code fileName}
   * (a followed folder is the source of all its files' records, each file has its name).
   */
  public TelemetryReader open(InputStream in, String source, String fileName) {
    return switch (this) {
      case ZEEK -> new ZeekReader(in, source, fileName, JSON, false);
      case ZEEK_JSON -> new ZeekReader(in, source, fileName, JSON, true);
      case EVE -> new EveLinesReader(in, source, JSON);
      case ECS -> new EcsLinesReader(in, source, JSON);
      case STIX -> new StixTelemetryReader(in, source);
    };
  }
}
