package dev.parley.cli;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonGenerator;
import dev.parley.ingest.StixPatterns;
import dev.parley.stix.Finding;
import dev.parley.stix.Json;
import dev.parley.stix.Rules;
import dev.parley.stix.Severity;
import dev.parley.stix.StixReader;
import dev.parley.stix.StixRecord;
import dev.parley.stix.validate.StixValidator;
import dev.parley.stix.validate.ValidationSession;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code parley validate}: judges STIX 2.1 content as the specification does. */
@Command(
    name = "validate",
    mixinStandardHelpOptions = true,
    description = {
      "Validates STIX 2.1 content: a bundle, a single object, a JSON array of objects or JSON Lines.",
      "Prints one finding a line (file:line: object-id: /pointer: rule: severity: message), then a summary"
          + " with the count of findings by rule. Rule ids are those of stix/RULES.md."
    },
    footer = {
      "",
      "Examples:",
      "  parley validate examples/bundle.json",
      "  cat feed.jsonl | parley validate --format json -",
      "  parley validate --errors-only --ignore open-vocabulary,unknown-type \\",
      "      enterprise-attack.json",
      "",
      "Exit codes: 0 no errors, 1 errors found (or warnings, with --strict), or a file that is empty or"
          + " cannot be read, 2 usage error (an unknown rule in --ignore included)."
    })
final class ValidateCommand implements Callable<Integer> {
  /** The message of an input with nothing in it; the text is not JSON (RFC 8259 §2 wants a value). */
  static final String EMPTY = "empty input: expected a STIX bundle, an object, a JSON array of objects or JSON Lines";

  @Spec CommandLine.Model.CommandSpec spec;

  @Parameters(arity = "1..*", paramLabel = "FILE", description = "Files to validate; - reads standard input.")
  List<String> files;

  @Option(names = "--format", defaultValue = "text", description = "Output format: text or json (default: ${DEFAULT-VALUE}).")
  OutputFormat format;

  @Option(names = "--strict", description = "Count warnings as errors; findings of ignored rules never count.")
  boolean strict;

  @Option(names = "--errors-only", description = "Print errors only, no warnings; the summary still counts warnings and"
      + " --strict still fails on them.")
  boolean errorsOnly;

  @Option(names = "--ignore", split = ",", paramLabel = "RULE", description = "Drop the findings of these rules: not"
      + " printed, not counted against an object, never failing (also with --strict); the summary says how many were"
      + " dropped. json-syntax cannot be ignored.")
  List<String> ignore = new ArrayList<>();

  enum OutputFormat { text, json }

  private final StixValidator validator = StixValidator.standard().withPatterns(StixPatterns.checker());

  @Override
  public Integer call() throws IOException {
    Set<String> ignored = ignoredRules();
    for (String file : files) InputFiles.requireReadable(file);
    PrintStream out = System.out;
    ValidationTally tally = new ValidationTally();
    if (format == OutputFormat.json) {
      try (JsonGenerator json = Json.mapper().getFactory().createGenerator(out, JsonEncoding.UTF8)) {
        json.useDefaultPrettyPrinter();
        json.writeStartObject();
        json.writeArrayFieldStart("findings");
        for (String file : files) run(file, ignored, tally, f -> writeJson(json, f));
        json.writeEndArray();
        json.writeObjectField("summary", tally.asMap(strict));
        json.writeEndObject();
      }
      out.println();
    } else {
      for (String file : files) run(file, ignored, tally, f -> out.println(FindingText.line(f)));
      tally.summary().forEach(out::println);
    }
    out.flush();
    return tally.failed(strict) ? ExitCodes.INVALID : ExitCodes.OK;
  }

  /** The rules of --ignore, each one known; an unknown id is a usage error that names the ids meant. */
  private Set<String> ignoredRules() {
    Set<String> rules = new HashSet<>();
    for (String rule : ignore) {
      String id = rule.strip();
      if (id.isEmpty()) continue;
      if (id.equals(Rules.JSON_SYNTAX)) {
        throw new CommandLine.ParameterException(spec.commandLine(),
            "--ignore: json-syntax cannot be ignored: text that is not JSON is never validated");
      }
      if (!RuleIds.ALL.contains(id)) {
        List<String> close = RuleIds.closeTo(id);
        throw new CommandLine.ParameterException(spec.commandLine(), "--ignore: unknown rule '" + id + "'; "
            + (close.isEmpty() ? "the rules are " + String.join(", ", RuleIds.ALL) : "did you mean " + String.join(" or ", close) + "?"));
      }
      rules.add(id);
    }
    return rules;
  }

  private interface Sink {
    void accept(Finding finding) throws IOException;
  }

  private void run(String file, Set<String> ignored, ValidationTally tally, Sink sink) throws IOException {
    try (InputFiles.Blank in = new InputFiles.Blank("-".equals(file) ? System.in : Files.newInputStream(Path.of(file)));
        StixReader reader = StixReader.open(in, file)) {
      ValidationSession session = validator.newSession();
      boolean any = false;
      while (reader.hasNext()) {
        StixRecord record = reader.next();
        any = true;
        List<Finding> kept = new ArrayList<>();
        for (Finding f : session.accept(record)) {
          if (ignored.contains(f.rule())) tally.ignore(f);
          else kept.add(f);
        }
        tally.count(record, kept);
        for (Finding f : kept) {
          if (!errorsOnly || f.isError()) sink.accept(f);
        }
      }
      if (!any && in.blank()) {
        Finding empty = new Finding(Severity.ERROR, Rules.JSON_SYNTAX, EMPTY, "", "", file, 1, 0);
        tally.empty(empty);
        sink.accept(empty);
      }
    } catch (IOException | UncheckedIOException e) {
      IOException cause = e instanceof UncheckedIOException u ? u.getCause() : (IOException) e;
      throw new CommandFailure(ExitCodes.INVALID, "cannot read " + file + ": " + cause.getMessage());
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
}
