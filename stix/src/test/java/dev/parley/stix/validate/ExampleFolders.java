package dev.parley.stix.validate;

import dev.parley.stix.Finding;
import dev.parley.stix.StixReader;
import dev.parley.stix.StixRecord;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/** Validates every {@code .json} file of a test resource folder, each as one input. */
final class ExampleFolders {
  private ExampleFolders() {}

  /** What a folder gave: its files, the objects read, and each error as {@code file rule pointer}. */
  record Outcome(int files, int objects, Set<String> errors) {}

  static Path resource(String name) throws URISyntaxException {
    return Path.of(ExampleFolders.class.getResource(name).toURI());
  }

  static Outcome validate(Path dir) throws IOException {
    List<Path> files;
    try (Stream<Path> s = Files.list(dir)) {
      files = s.filter(p -> p.toString().endsWith(".json")).sorted().collect(Collectors.toList());
    }
    Set<String> errors = new TreeSet<>();
    int objects = 0;
    for (Path file : files) {
      ValidationSession session = StixValidator.standard().newSession();
      try (StixReader reader = StixReader.open(Files.newInputStream(file), file.toString())) {
        while (reader.hasNext()) {
          StixRecord r = reader.next();
          if (r instanceof StixRecord.ObjectRecord) objects++;
          for (Finding f : session.accept(r)) {
            if (f.isError()) errors.add(file.getFileName() + " " + f.rule() + " " + f.pointer());
          }
        }
      }
    }
    return new Outcome(files.size(), objects, errors);
  }
}
