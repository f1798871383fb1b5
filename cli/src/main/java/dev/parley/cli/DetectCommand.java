package dev.parley.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.parley.detect.Detector;
import dev.parley.detect.IndicatorSet;
import dev.parley.detect.Sighting;
import dev.parley.detect.SightingWriter;
import dev.parley.detect.telemetry.Compressions;
import dev.parley.detect.telemetry.TelemetryFormat;
import dev.parley.detect.telemetry.TelemetryItem;
import dev.parley.detect.telemetry.TelemetryReader;
import dev.parley.ingest.Admission;
import dev.parley.pattern.match.MatcherSnapshot;
import dev.parley.policy.Tlp;
import dev.parley.stix.Finding;
import dev.parley.stix.Json;
import dev.parley.stix.StixReader;
import dev.parley.stix.StixRecord;
import dev.parley.stix.validate.StixValidator;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.function.Consumer;
import java.util.regex.Pattern;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code parley detect}: match indicators against telemetry and write STIX sightings. */
@Command(name = "detect", mixinStandardHelpOptions = true,
    description = {"Match indicators against telemetry (Zeek, Suricata EVE, ECS or STIX observed-data) and write",
        "one STIX sighting per indicator that matched, with observed-data of up to 10 matching records."},
    footer = {"", "Example:",
        "  parley detect --telemetry conn.log --telemetry-format zeek \\",
        "      --indicators indicators.json --tlp amber",
        "  parley detect --telemetry eve.json --telemetry-format eve \\",
        "      --data ./parley-data --collection shared,inbox --store",
        "", "Sightings go to standard output: a bundle (with the observed-data and SCOs they refer to), JSON Lines",
        "of the sighting objects alone, or one line per sighting; malformed lines and a summary go to standard error. Exit codes: 0 the run completed (with or without",
        "sightings, or with no indicator in the file: the summary says so), 1 an input could not be read (an",
        "indicators file that holds no STIX object at all, such as telemetry, included), 2 usage error."})
final class DetectCommand implements Callable<Integer> {
  private static final Pattern IDENTITY_ID = Pattern.compile("identity--[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");
  /** Malformed lines printed one by one; beyond this they are only counted. */
  private static final int REPORTED = 100;

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Option(names = "--telemetry", required = true, paramLabel = "FILE|-",
      description = "The telemetry to read; - for standard input. gzip data is decompressed as it is read.")
  String telemetry;

  @Option(names = "--telemetry-format", required = true, paramLabel = "zeek|eve|ecs|stix",
      description = "zeek: Zeek TSV or JSON logs (told apart by content); eve: Suricata EVE JSON; ecs: Elastic Common Schema NDJSON; stix: observed-data.")
  String telemetryFormat;

  @Option(names = "--indicators", paramLabel = "FILE", description = "Indicators: a bundle, a JSON array or JSON Lines. Or --data with --collection.")
  Path indicators;

  @Option(names = "--data", paramLabel = "DIR",
      description = "A node's data folder: indicators come from its collections (--collection), and a record counted before (stored with --store) within 24 hours is not counted again.")
  Path data;

  @Option(names = "--db", paramLabel = "JDBC_URL", description = "The node's external PostgreSQL database, with --data.")
  String db;

  @Option(names = "--collection", split = ",", paramLabel = "C", description = "With --data: the collections (ids or aliases) whose indicators to use (latest versions, active ones).")
  List<String> collections = new ArrayList<>();

  @Option(names = "--store", description = "With --data: also store the sightings (and their observed-data) in the node's collection 'sightings', logged.")
  boolean store;

  @Option(names = "--format", defaultValue = "bundle", paramLabel = "bundle|jsonl|text", description = "Output format: bundle (the sightings, their observed-data, SCOs and identity), jsonl (one sighting"
      + " object a line, the sightings alone: their observed-data and SCOs are in the bundle) or text (one line a sighting; default: ${DEFAULT-VALUE}).")
  String format;

  @Option(names = "--tlp", defaultValue = "amber", paramLabel = "LEVEL",
      description = "The telemetry's TLP: clear, green, amber, amber+strict or red, in any case (white and TLP:AMBER are read too; default: ${DEFAULT-VALUE}). A sighting carries the stricter of this and its indicator's.")
  String tlp;

  @Option(names = "--identity", paramLabel = "FILE|ID",
      description = "Who sighted: an identity id, or a file holding the identity object (written out too). Default: an identity made for this run.")
  String identity;

  @Override
  public Integer call() throws IOException {
    TelemetryFormat telemetryKind = TelemetryFormat.parse(telemetryFormat)
        .orElseThrow(() -> usage("--telemetry-format must be zeek, eve, ecs or stix, not '" + telemetryFormat + "'"));
    Tlp level = Tlp.parseLoosely(tlp).orElseThrow(() -> usage("--tlp must be clear, green, amber, amber+strict or red, not '" + tlp + "'"));
    if (!List.of("bundle", "jsonl", "text").contains(format)) throw usage("--format must be bundle, jsonl or text, not '" + format + "'");
    if (indicators != null && data != null) throw usage("give either --indicators FILE or --data DIR with --collection, not both");
    if (indicators == null && data == null) throw usage("name the indicators: --indicators FILE, or --data DIR with --collection C");
    if (indicators != null && indicators.toString().equals("-")) {
      throw usage("--indicators is a file; standard input (-) is for --telemetry");
    }
    if (store && data == null) throw usage("--store needs --data DIR: sightings are stored in that node");
    if (data == null && !collections.isEmpty()) throw usage("--collection needs --data DIR");
    if (data == null && db != null) throw usage("--db needs --data DIR");
    if (data != null && collections.isEmpty()) throw usage("--data needs --collection C[,C...]: the collections whose indicators to use");
    if (data != null && identity != null) throw usage("--identity is for runs without a node: with --data, the node's identity sights");
    InputFiles.requireReadable(telemetry);
    if (indicators != null) InputFiles.requireReadable(indicators, indicators.toString());
    if (data != null) return new NodeDetection(this).call(telemetryKind, level);
    PrintWriter err = spec.commandLine().getErr();
    Instant now = Instant.now();
    List<ObjectNode> extra = new ArrayList<>();
    String identityId = identity(now, extra);

    long start = System.nanoTime();
    IndicatorSet.Builder builder = new IndicatorSet.Builder();
    long[] indicatorObjects = {0};
    // judged as a node's import judges them: a version a node would refuse is no indicator here either (hostile run 12af)
    Admission admission = new Admission();
    StixContent content = readStix(indicators, o -> {
      if (!"indicator".equals(o.object().path("type").asText())) return;
      indicatorObjects[0]++;
      if (admission.judge(o.object()) instanceof Admission.Refused refused) {
        builder.refuse(refused.stixId().isEmpty() ? indicators + ":" + o.line() : refused.stixId(), "not valid STIX: " + refused.message());
      } else {
        builder.add(o.object());
      }
    });
    requireStix(indicators, content);
    IndicatorSet set = builder.build();
    set.problems().forEach(p -> err.println("parley: indicator " + p));
    MatcherSnapshot matcher = Detector.compile(set.indicators());
    long compiled = System.nanoTime();
    Detector detector = new Detector(set.indicators(), matcher, level);

    long malformed = 0;
    long unconverted;
    long duplicates;
    long leftOut;
    try (TelemetryReader reader = telemetryKind.open(openTelemetry(), telemetry).screening(detector.screen())) {
      for (TelemetryItem item = reader.read(); item != null; item = reader.read()) {
        TelemetryItem.Malformed bad = detector.take(item);
        if (bad != null && ++malformed <= REPORTED) err.println("parley: " + telemetry + ":" + bad.line() + ": " + bad.reason());
      }
      unconverted = reader.unconvertedValues();
      duplicates = reader.duplicates();
      leftOut = reader.droppedValues();
    } catch (IOException | UncheckedIOException e) {
      throw new CommandFailure(ExitCodes.INVALID, "cannot read " + telemetry + ": " + e.getMessage());
    }
    if (malformed > REPORTED) err.println("parley: ... and " + (malformed - REPORTED) + " more malformed lines");

    List<Sighting> sightings = detector.sightings();
    SightingWriter writer = new SightingWriter(identityId, now, UUID::randomUUID);
    if (identity == null) extra.add(writer.identity("parley detect " + SightingWriter.millis(now)));
    List<ObjectNode> objects = new ArrayList<>(extra);
    objects.addAll(writer.objects(sightings));
    write(objects);
    long end = System.nanoTime();

    Detector.Counts counts = detector.counts();
    IndicatorSet.Counts ic = set.counts();
    err.printf("records read: %d, malformed: %d, repeated: %d; indicators active: %d, skipped: %d (other pattern types: %d, invalid: %d,"
            + " REPEATS too large to count: %d, over their source's automaton states: %d), revoked: %d, older versions: %d; sightings: %d; time: %.1f ms (compiling indicators: %.1f ms)%s%s%s%n",
        counts.records(), malformed, counts.repeated(), ic.active(), ic.skipped(), ic.otherPatternType(), ic.invalid(), ic.uncountable(), ic.oversized(),
        ic.revoked(), ic.superseded(), sightings.size(), (end - start) / 1e6, (compiled - start) / 1e6,
        unconverted > 0 ? "; values not converted (domain names IDNA could not convert or that are no host name, kept as written; Zeek escapes of bytes"
            + " that are not UTF-8, read as U+FFFD): " + unconverted : "", duplicatesRead(duplicates) + valuesLeftOut(leftOut),
        indicatorObjects[0] == 0 ? "; no indicators in " + indicators + " (" + content.objects() + " STIX object" + (content.objects() == 1 ? "" : "s")
            + ", none an indicator): nothing was detected with" : "");
    reportDropped(err, counts.dropped(), counts.droppedByIndicator());
    reportCutShort(err, counts.cutShortByIndicator());
    return ExitCodes.OK;
  }

  /** The summary's clause on values left out of their records past the bound of one record, if any were. */
  static String valuesLeftOut(long values) {
    return values > 0 ? String.format(Locale.ROOT, "; values left out of records past the %,d one record gives (more than a DNS message holds;"
        + " each record detected with the rest): %d", TelemetryReader.RECORD_VALUES, values) : "";
  }

  /** The summary's clause on observed-data read again in one input (skipped), if any were. */
  static String duplicatesRead(long duplicates) {
    return duplicates > 0 ? "; observed-data read again (an id read before: not a new observation, skipped): " + duplicates : "";
  }

  /** Indicators named at most in the line on dropped hits. */
  private static final int NAMED = 5;

  /**
   * Says how many hits waiting for the rest of a set were forgotten past the bounds of memory, and
   * whose counts may therefore be low, if any were: a count is exact or says it may not be.
   */
  static void reportDropped(PrintWriter err, long dropped, Map<String, Long> byIndicator) {
    if (dropped == 0) return;
    err.println("parley: hits dropped past the per-indicator limit: " + dropped + ", counts of " + byIndicator.size() + " indicators may be low ("
        + named(byIndicator) + "; README-detect.md, \"Bounded memory\")");
  }

  private static String named(Map<String, Long> byIndicator) {
    return Detector.Counts.named(byIndicator, NAMED);
  }

  /**
   * Says how many MATCHES and LIKE searches of this run met their work bound, if any did, and of which
   * indicators (their counts may be low).
   */
  static void reportCutShort(PrintWriter err, Map<String, Long> byIndicator) {
    long cut = Detector.Counts.total(byIndicator);
    if (cut > 0) {
      err.println("parley: MATCHES or LIKE searches that met their work bound, counted as not matching: " + cut + ", counts of "
          + byIndicator.size() + " indicators may be low (" + named(byIndicator) + "; an expression that keeps too many states"
          + " alive over a long value: README-pattern.md, item 16)");
    }
  }

  void write(List<ObjectNode> objects) throws JsonProcessingException {
    PrintWriter out = spec.commandLine().getOut();
    switch (format) {
      case "jsonl" -> {
        // the contract: JSON Lines of sighting objects, one a line; their observed-data and
        // SCOs are in the bundle form (and in the node's sightings collection with --store)
        for (ObjectNode o : objects) {
          if ("sighting".equals(o.path("type").asText())) out.println(Json.mapper().writeValueAsString(o));
        }
      }
      case "text" -> {
        for (ObjectNode o : objects) {
          if (!"sighting".equals(o.path("type").asText())) continue;
          out.println(o.get("id").asText() + " indicator=" + o.get("sighting_of_ref").asText() + " count=" + o.get("count").asLong()
              + " first_seen=" + o.get("first_seen").asText() + " last_seen=" + o.get("last_seen").asText()
              + " tlp=" + Tlp.ofMarking(o.get("object_marking_refs").get(0).asText()).map(Tlp::label).orElse("?"));
        }
      }
      default -> {
        out.println("{\"type\":\"bundle\",\"id\":\"bundle--" + UUID.randomUUID() + "\",\"objects\":[");
        for (int i = 0; i < objects.size(); i++) {
          out.println(Json.mapper().writeValueAsString(objects.get(i)) + (i < objects.size() - 1 ? "," : ""));
        }
        out.println("]}");
      }
    }
    out.flush();
    // a PrintWriter keeps its errors to itself: a full disk or a closed output would lose the
    // sightings while the run said it completed
    // over standard output, the PrintWriter writes to a PrintStream, which keeps its errors to itself too
    if (out.checkError() || System.out.checkError()) {
      throw new CommandFailure(ExitCodes.INVALID, "cannot write the sightings to standard output (closed, or the device is full)");
    }
  }

  /**
   * The sighting identity's id: made for the run, given, or read from a file (whose object is then
   * written out too). A given id or identity must be valid STIX (§2.9's UUID with its variant bits,
   * the identity's required properties): every sighting names it, and the output would not be.
   */
  private String identity(Instant now, List<ObjectNode> extra) {
    if (identity == null) return "identity--" + UUID.randomUUID();
    if (IDENTITY_ID.matcher(identity).matches()) {
      String id = identity.toLowerCase(Locale.ROOT);
      ObjectNode probe = new SightingWriter(id, now, UUID::randomUUID).identity("probe");
      List<Finding> errors = StixValidator.standard().errors(probe);
      if (!errors.isEmpty()) throw usage("--identity " + identity + " is not a valid STIX identifier: " + errors.get(0).message());
      return id;
    }
    if (identity.startsWith("identity--") || !Files.isRegularFile(Path.of(identity))) {
      throw usage("--identity " + identity + " is neither an identity id (identity--UUID) nor a file holding an identity object");
    }
    List<StixRecord.ObjectRecord> found = new ArrayList<>();
    readStix(Path.of(identity), o -> {
      if ("identity".equals(o.object().path("type").asText()) && o.object().path("id").isTextual()) found.add(o);
    });
    if (found.isEmpty()) throw usage("--identity " + identity + " is neither an identity id nor a file holding an identity object");
    ObjectNode object = found.get(0).object();
    List<Finding> errors = StixValidator.standard().errors(object);
    if (!errors.isEmpty()) {
      // placed in the file, at the object's line: the validator judged an object, not a file
      errors.stream().limit(REPORTED)
          .forEach(f -> spec.commandLine().getErr().println("parley: " + FindingText.line(f.at(identity, found.get(0).line()))));
      throw usage("--identity " + identity + ": the identity " + object.get("id").asText() + " is not valid STIX ("
          + errors.size() + " error" + (errors.size() == 1 ? "" : "s") + ", above)");
    }
    extra.add(object);
    return object.get("id").asText();
  }

  /**
   * The telemetry's text: the file or standard input, decompressed when it is gzip data (a rotated
   * {@code conn.log.gz}); data of another compression cannot be read (exit 1), rather than be read
   * as one malformed line of garbage.
   */
  InputStream openTelemetry() {
    InputStream raw;
    if (telemetry.equals("-")) {
      raw = System.in;
    } else {
      try {
        InputFiles.requireReadable(telemetry);
        raw = Files.newInputStream(Path.of(telemetry));
      } catch (IOException e) {
        throw new CommandFailure(ExitCodes.INVALID, "cannot read " + telemetry + ": " + InputFiles.why(e));
      }
    }
    try {
      return Compressions.decompressed(raw);
    } catch (IOException e) {
      try {
        raw.close();
      } catch (IOException ignored) {
        // the input is refused already; a failure to close it adds nothing
      }
      throw new CommandFailure(ExitCodes.INVALID, "cannot read " + telemetry + ": " + e.getMessage());
    }
  }

  /**
   * What a STIX file held: its STIX objects (a JSON object with a string {@code type} and
   * {@code id}), whether it was a bundle, and the first object that is no STIX object (its line; 0
   * when there was none).
   */
  record StixContent(long objects, boolean bundle, long firstNotStix) {}

  /**
   * An indicators file that holds no STIX at all, neither a bundle nor an object with a type and an
   * id (EVE or ECS lines given as indicators, the two files swapped), is input that could not be
   * read, said with the file and the first such line: run over it, detection would have looked
   * clean, "indicators active: 0". A bundle with no indicator is a run with none, which the summary says.
   */
  private void requireStix(Path file, StixContent content) {
    if (content.objects() > 0 || content.bundle()) return;
    if (content.firstNotStix() > 0) {
      spec.commandLine().getErr().println("parley: " + file + ":" + content.firstNotStix() + ": not a STIX object: a JSON object without a"
          + " \"type\" and an \"id\"");
    }
    throw new CommandFailure(ExitCodes.INVALID, "cannot read the indicators in " + file + ": it holds no STIX object (a bundle, or"
        + " objects with a \"type\" and an \"id\")" + (content.firstNotStix() > 0 ? "; is it telemetry? (--telemetry)" : ""));
  }

  /**
   * Reads the indicators file. A file that is not STIX content whole (not JSON, a truncated bundle,
   * a line of JSON Lines that is not an object) or that is empty cannot be read: a run over part of
   * the indicators would report fewer sightings as if that were all.
   */
  private StixContent readStix(Path file, Consumer<StixRecord.ObjectRecord> each) {
    long malformed = 0;
    long read = 0;
    long stix = 0;
    long firstNotStix = 0;
    boolean bundle = false;
    try (StixReader reader = StixReader.open(Files.newInputStream(file), file.toString())) {
      while (reader.hasNext()) {
        StixRecord record = reader.next();
        if (record instanceof StixRecord.ObjectRecord o) {
          read++;
          if (o.object().path("type").isTextual() && o.object().path("id").isTextual()) stix++;
          else if (firstNotStix == 0) firstNotStix = o.line();
          each.accept(o);
        } else if (record instanceof StixRecord.BundleRecord) {
          bundle = true;
        } else if (record instanceof StixRecord.Malformed bad) {
          malformed++;
          spec.commandLine().getErr().println("parley: " + bad.source() + ":" + bad.line() + ":" + bad.column() + ": " + bad.message());
        }
      }
      if (malformed > 0) {
        // a file of no STIX with one cut line (telemetry given as indicators) is said to be so, not only its cut line
        // (hostile run bd D1)
        String telemetry = stix == 0 && !bundle && firstNotStix > 0
            ? "; the objects read hold no STIX object (line " + firstNotStix + " has no \"type\" and \"id\"): is it telemetry? (--telemetry)"
            : "";
        throw new CommandFailure(ExitCodes.INVALID, "cannot read the indicators in " + file + ": " + malformed + " malformed (above)"
            + telemetry);
      }
      if (read == 0 && new String(Files.readAllBytes(file), StandardCharsets.UTF_8).isBlank()) {
        throw new CommandFailure(ExitCodes.INVALID, "cannot read the indicators in " + file + ": the file is empty");
      }
      return new StixContent(stix, bundle, firstNotStix);
    } catch (IOException | UncheckedIOException e) {
      throw new CommandFailure(ExitCodes.INVALID, "cannot read " + file + ": " + InputFiles.why(e));
    }
  }

  CommandLine.ParameterException usage(String message) {
    return new CommandLine.ParameterException(spec.commandLine(), message);
  }
}
