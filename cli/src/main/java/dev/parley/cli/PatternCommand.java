package dev.parley.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.parley.pattern.ParseResult;
import dev.parley.pattern.Patterns;
import dev.parley.pattern.match.BulkMatcher;
import dev.parley.pattern.match.Match;
import dev.parley.pattern.match.MatchState;
import dev.parley.pattern.match.MatcherSnapshot;
import dev.parley.pattern.observe.Observation;
import dev.parley.pattern.observe.Observations;
import dev.parley.pattern.syntax.Pattern;
import dev.parley.stix.StixReader;
import dev.parley.stix.StixRecord;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.Consumer;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code parley pattern}: check STIX patterns and match indicators against observed-data. */
@Command(
    name = "pattern",
    mixinStandardHelpOptions = true,
    description = "STIX 2.1 patterns: validate one, or match indicators against observed-data.",
    subcommands = {PatternCommand.Validate.class, PatternCommand.MatchCommand.class},
    footer = {"", "Examples:", "  parley pattern validate \"[ipv4-addr:value = '198.51.100.1']\"",
        "  parley pattern match --indicators indicators.json \\",
        "      --observations sightings.jsonl --format jsonl"})
final class PatternCommand implements Runnable {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    throw new CommandLine.ParameterException(spec.commandLine(), "Missing a subcommand: validate or match.");
  }

  /** {@code parley pattern validate 'PATTERN'}: 0 valid, 1 invalid with {@code line:column: reason}. */
  @Command(name = "validate", mixinStandardHelpOptions = true, description = "Check one STIX pattern.",
      footer = {"", "Example:", "  parley pattern validate \"[file:name = 'invoice.exe'] WITHIN 300 SECONDS\"",
          "", "Exit codes: 0 valid, 1 invalid (line:column: reason), 2 usage error."})
  static final class Validate implements Callable<Integer> {
    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Parameters(index = "0", paramLabel = "PATTERN", description = "The pattern, e.g. \"[file:name = 'a.exe']\".")
    String pattern;

    @Override
    public Integer call() {
      ParseResult result = Patterns.parse(pattern);
      if (result instanceof ParseResult.Invalid invalid) {
        spec.commandLine().getErr().println(invalid.error());
        return ExitCodes.INVALID;
      }
      spec.commandLine().getOut().println("valid");
      return ExitCodes.OK;
    }
  }

  /** {@code parley pattern match}: one line per match; statistics on standard error. */
  @Command(name = "match", mixinStandardHelpOptions = true,
      description = "Match the patterns of indicators against observed-data (STIX 2.1 or 2.0).",
      footer = {"", "Example:", "  parley pattern match --indicators indicators.json \\",
          "      --observations sightings.jsonl",
          "", "One line per match: the indicator id and the ids of the observed-data that satisfy it;"
              + " statistics on standard error.",
          "Exit codes: 0 every input read and used, 1 a file that cannot be read or is empty, or records that were"
              + " skipped (malformed text, an indicator whose pattern does not parse, observed-data without valid"
              + " times; each reported with its place, and the rest still matched), 2 usage error."})
  static final class MatchCommand implements Callable<Integer> {
    /** Observations kept per bracket while matching: every set of a pattern is listed, so the bound keeps that listing small. */
    private static final int PER_BRACKET = 16;

    private static final ObjectMapper JSON = new ObjectMapper();

    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Option(names = "--indicators", required = true, paramLabel = "FILE", description = "Indicators (bundle, array, object or JSON Lines).")
    Path indicators;

    @Option(names = "--observations", required = true, paramLabel = "FILE", description = "Observed-data and the SCOs they reference.")
    Path observations;

    @Option(names = "--format", defaultValue = "text", paramLabel = "jsonl|text", description = "Output format (default: ${DEFAULT-VALUE}).")
    String format;

    @Override
    public Integer call() throws IOException {
      if (!format.equals("text") && !format.equals("jsonl")) {
        throw new CommandLine.ParameterException(spec.commandLine(), "--format must be jsonl or text, not '" + format + "'");
      }
      InputFiles.requireReadable(indicators, indicators.toString());
      InputFiles.requireReadable(observations, observations.toString());
      PrintWriter err = spec.commandLine().getErr();
      PrintWriter out = spec.commandLine().getOut();
      long start = System.nanoTime();
      Map<String, Pattern> patterns = new LinkedHashMap<>();
      int[] skipped = {0};
      read(indicators, object -> {
        if (!"indicator".equals(object.path("type").asText())) return;
        String type = object.path("pattern_type").asText("stix");
        if (!type.equals("stix")) return;
        String id = object.path("id").asText("");
        ParseResult result = Patterns.parse(object.path("pattern").asText(null));
        if (result instanceof ParseResult.Valid valid) {
          patterns.put(id, valid.pattern());
          // said, not silent: such a pattern never matches here (parley detect counts it, up to its own bounds)
          MatchState.unreachable(valid.pattern(), PER_BRACKET).ifPresent(why -> err.println("parley: indicator " + id + ": " + why
              + " by pattern match: it cannot match here (parley detect counts such patterns)"));
        } else {
          skipped[0]++;
          problems++;
          err.println("parley: indicator " + id + ": " + ((ParseResult.Invalid) result).error());
        }
      });
      MatcherSnapshot matcher = BulkMatcher.compile(patterns);
      long compiled = System.nanoTime();

      Map<String, ObjectNode> byId = new HashMap<>();
      List<ObjectNode> observedData = new ArrayList<>();
      read(observations, object -> {
        if ("observed-data".equals(object.path("type").asText())) observedData.add(object);
        else if (object.hasNonNull("id")) byId.put(object.get("id").asText(), object);
      });
      MatchState state = new MatchState(PER_BRACKET);
      long matches = 0;
      long read = 0;
      for (ObjectNode od : observedData) {
        Observation observation = Observations.from(od, byId::get).orElse(null);
        if (observation == null) {
          problems++;
          err.println("parley: observed-data " + od.path("id").asText("?") + " lacks valid first_observed/last_observed; skipped");
          continue;
        }
        read++;
        for (Match m : matcher.match(observation, state)) {
          matches++;
          out.println(format.equals("text") ? m.patternId() + " " + String.join(",", m.observationIds()) : jsonLine(m));
        }
      }
      out.flush();
      long end = System.nanoTime();
      err.printf("patterns compiled: %d (invalid: %d) in %.1f ms; observations read: %d; matches: %d; time: %.1f ms%n",
          patterns.size(), skipped[0], (compiled - start) / 1e6, read, matches, (end - start) / 1e6);
      return problems == 0 ? ExitCodes.OK : ExitCodes.INVALID;
    }

    private static String jsonLine(Match m) {
      ObjectNode line = JSON.createObjectNode();
      line.put("indicator", m.patternId());
      m.observationIds().forEach(line.putArray("observed_data")::add);
      return line.toString();
    }

    /** Input records that were malformed or skipped; any makes the exit code 1. */
    private long problems;

    private void read(Path file, Consumer<ObjectNode> each) {
      try (InputFiles.Blank in = new InputFiles.Blank(Files.newInputStream(file));
          StixReader reader = StixReader.open(in, file.toString())) {
        boolean any = false;
        while (reader.hasNext()) {
          StixRecord record = reader.next();
          any = true;
          if (record instanceof StixRecord.ObjectRecord o) {
            each.accept(o.object());
          } else if (record instanceof StixRecord.Malformed bad) {
            problems++;
            String column = bad.column() > 0 ? ":" + bad.column() : "";
            spec.commandLine().getErr().println("parley: " + bad.source() + ":" + bad.line() + column + ": " + bad.message());
          }
        }
        if (!any && in.blank()) {
          problems++;
          spec.commandLine().getErr().println("parley: " + file + ":1: " + ValidateCommand.EMPTY);
        }
      } catch (IOException | UncheckedIOException e) {
        String why = e instanceof NoSuchFileException ? "no such file" : e.getMessage();
        throw new CommandFailure(ExitCodes.INVALID, "cannot read " + file + ": " + why);
      }
    }
  }
}
