package dev.parley.cli;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonGenerator;
import dev.parley.stix.Finding;
import dev.parley.stix.Json;
import dev.parley.stix.Severity;
import dev.parley.stix.StixReader;
import dev.parley.stix.StixRecord;
import dev.parley.stix.validate.StixValidator;
import dev.parley.stix.validate.ValidationSession;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code parley validate}: judges STIX 2.1 content as the specification does. */
@Command(
    name = "validate",
    mixinStandardHelpOptions = true,
    description = {
      "Validates STIX 2.1 content: a bundle, a single object, a JSON array of objects or JSON Lines.",
      "Prints one finding a line (file:line: object-id: /pointer: rule: severity: message), then a summary."
    },
    footer = {
      "",
      "Examples:",
      "  parley validate bundle.json",
      "  cat feed.jsonl | parley validate --format json -",
      "",
      "Exit codes: 0 no errors, 1 errors found (or warnings, with --strict), 2 usage error or unreadable file."
    })
final class ValidateCommand implements Callable<Integer> {

  @Parameters(arity = "1..*", paramLabel = "FILE", description = "Files to validate; - reads standard input.")
  List<String> files;

  @Option(names = "--format", defaultValue = "text", description = "Output format: text or json (default: ${DEFAULT-VALUE}).")
  OutputFormat format;

  @Option(names = "--strict", description = "Count warnings as errors.")
  boolean strict;

  enum OutputFormat { text, json }

  private final StixValidator validator = StixValidator.standard().withPatterns(dev.parley.ingest.StixPatterns.checker());

  @Override
  public Integer call() throws IOException {
    for (String file : files) {
      if (!"-".equals(file) && !Files.isReadable(Path.of(file))) {
        throw new CommandFailure(ExitCodes.USAGE, "cannot read " + file + ": no such readable file");
      }
    }
    PrintStream out = System.out;
    Tally tally = new Tally();
    if (format == OutputFormat.json) {
      try (JsonGenerator json = Json.mapper().getFactory().createGenerator(out, JsonEncoding.UTF8)) {
        json.useDefaultPrettyPrinter();
        json.writeStartObject();
        json.writeArrayFieldStart("findings");
        for (String file : files) run(file, tally, f -> writeJson(json, f));
        json.writeEndArray();
        json.writeObjectField("summary", tally.asMap(strict));
        json.writeEndObject();
      }
      out.println();
    } else {
      for (String file : files) run(file, tally, f -> out.println(FindingText.line(f)));
      out.println(tally.summary());
    }
    out.flush();
    return tally.failed(strict) ? ExitCodes.INVALID : ExitCodes.OK;
  }

  private interface Sink {
    void accept(Finding finding) throws IOException;
  }

  private void run(String file, Tally tally, Sink sink) throws IOException {
    try (InputStream in = "-".equals(file) ? System.in : Files.newInputStream(Path.of(file));
        StixReader reader = StixReader.open(in, file)) {
      ValidationSession session = validator.newSession();
      while (reader.hasNext()) {
        StixRecord record = reader.next();
        List<Finding> findings = session.accept(record);
        tally.count(record, findings);
        for (Finding f : findings) sink.accept(f);
      }
    } catch (NoSuchFileException e) {
      throw new CommandFailure(ExitCodes.USAGE, "cannot read " + file + ": no such file");
    } catch (UncheckedIOException e) {
      throw new CommandFailure(ExitCodes.INVALID, "cannot read " + file + ": " + e.getCause().getMessage());
    }
  }

  private static void writeJson(JsonGenerator json, Finding f) throws IOException {
    json.writeStartObject();
    json.writeStringField("severity", f.severity().label());
    json.writeStringField("rule", f.rule());
    json.writeStringField("message", f.message());
    json.writeStringField("object_id", f.objectId());
    json.writeStringField("pointer", f.pointer());
    json.writeStringField("source", f.source());
    json.writeNumberField("line", f.line());
    if (f.column() > 0) json.writeNumberField("column", f.column());
    json.writeEndObject();
  }

  /** Counts objects by verdict for the summary line. */
  static final class Tally {
    long objects;
    long valid;
    long withErrors;
    long withWarnings;
    long malformed;
    long bundles;
    long bundleErrors;
    long bundleWarnings;

    void count(StixRecord record, List<Finding> findings) {
      boolean error = false;
      boolean warning = false;
      for (Finding f : findings) {
        if (f.severity() == Severity.ERROR) error = true;
        else warning = true;
      }
      if (record instanceof StixRecord.Malformed) {
        malformed++;
      } else if (record instanceof StixRecord.BundleRecord) {
        bundles++;
        if (error) bundleErrors++;
        if (warning) bundleWarnings++;
      } else {
        objects++;
        if (error) withErrors++;
        if (warning) withWarnings++;
        if (!error && !warning) valid++;
      }
    }

    boolean failed(boolean strict) {
      return malformed > 0 || withErrors > 0 || bundleErrors > 0 || (strict && (withWarnings > 0 || bundleWarnings > 0));
    }

    String summary() {
      List<String> parts = new ArrayList<>();
      parts.add(objects + (objects == 1 ? " object" : " objects") + " read");
      parts.add(valid + " valid");
      parts.add(withErrors + " with errors");
      parts.add(withWarnings + " with warnings");
      if (malformed > 0) parts.add(malformed + " malformed " + (malformed == 1 ? "record" : "records"));
      if (bundleErrors > 0) parts.add(bundleErrors + (bundleErrors == 1 ? " bundle" : " bundles") + " with errors");
      return "summary: " + String.join(", ", parts);
    }

    java.util.Map<String, Object> asMap(boolean strict) {
      java.util.Map<String, Object> m = new java.util.LinkedHashMap<>();
      m.put("objects", objects);
      m.put("valid", valid);
      m.put("with_errors", withErrors);
      m.put("with_warnings", withWarnings);
      m.put("malformed_records", malformed);
      m.put("bundles", bundles);
      m.put("bundles_with_errors", bundleErrors);
      m.put("ok", !failed(strict));
      return m;
    }
  }
}
