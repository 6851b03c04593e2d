package org.dataelements.factory.orchestration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.dataelements.factory.core.TableId;
import org.dataelements.factory.core.testing.SparkTestSession;
import org.dataelements.factory.orchestration.sample.SampleDataGenerator;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * With {@code lineage.spark_listener: true} openlineage-spark's listener runs beside the factory's
 * own events; where both describe a silver build's Delta write, they name the same input and output
 * tables (the listener by location, the factory by table name).
 */
@Tag("spark")
class SparkListenerLineageTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  @TempDir Path tmp;

  @Test
  void theListenerAndTheFactoryAgreeOnASilverBuildsInputsAndOutputs() throws Exception {
    Path landing = tmp.resolve("landing");
    new SampleDataGenerator(3, 2020, 2020, 0.0).write(landing);
    Path conf = tmp.resolve("conf");
    copy(SparkTestSession.confDir(), conf);
    Path profile = conf.resolve("embedded.yaml");
    String yaml = Files.readString(profile);
    assertTrue(yaml.contains("  transport: file\n"), yaml);
    Files.writeString(
        profile,
        yaml.replace("  transport: file\n", "  transport: file\n  spark_listener: true\n"));
    Path wh = tmp.resolve("wh");

    var run =
        FactoryCommandTest.factory(
            tmp,
            "run",
            "--product",
            "electricity_index",
            "--landing",
            landing.toString(),
            "--warehouse",
            wh.toString(),
            "--conf",
            conf.toString());
    assertEquals(0, run.code(), run.err());

    // The factory's event of the meter build: which tables it read and wrote.
    JsonNode ours = null;
    try (Stream<Path> files = Files.list(wh.resolve("_lineage"))) {
      for (Path f : files.filter(p -> p.toString().endsWith(".jsonl")).toList()) {
        for (String line : Files.readAllLines(f)) {
          JsonNode e = JSON.readTree(line);
          if (ours == null
              && e.path("eventType").asText().equals("COMPLETE")
              && e.at("/job/name").asText().startsWith("silver:")) {
            ours = e;
          }
        }
      }
    }
    assertTrue(ours != null, "the factory described the build");
    Set<String> ourInputs = locations(wh, ours.path("inputs"), true);
    Set<String> ourOutputs = locations(wh, ours.path("outputs"), true);
    assertFalse(ourOutputs.isEmpty());

    // The listener's events of the same writes: Delta tables by location.
    Path spark = wh.resolve("_lineage/spark/events.jsonl");
    assertTrue(Files.exists(spark), "the listener wrote its events");
    Set<String> theirOutputs = new TreeSet<>();
    Set<String> theirInputs = new TreeSet<>();
    for (String line : Files.readAllLines(spark)) {
      JsonNode e = JSON.readTree(line);
      Set<String> outs = locations(wh, e.path("outputs"), false);
      outs.retainAll(ourOutputs);
      if (!outs.isEmpty()) {
        theirOutputs.addAll(outs);
        theirInputs.addAll(locations(wh, e.path("inputs"), false));
      }
    }
    assertEquals(ourOutputs, theirOutputs, "both name the tables written");
    theirInputs.removeAll(theirOutputs); // an overwrite reads the table's own log
    assertEquals(ourInputs, theirInputs, "both name the tables read");
  }

  /**
   * Datasets as locations under the warehouse: the factory's by table name, the listener's by path.
   */
  private static Set<String> locations(Path wh, JsonNode datasets, boolean byName) {
    Set<String> out = new TreeSet<>();
    String root = wh.toAbsolutePath().normalize().toString();
    for (JsonNode d : datasets) {
      String name = d.path("name").asText();
      if (byName) {
        TableId id = TableId.parse(name);
        out.add(id.layer().label() + "/" + id.namespace() + "/" + id.entity());
      } else if (name.startsWith(root + "/")) {
        out.add(name.substring(root.length() + 1));
      }
    }
    return out;
  }

  private static void copy(Path from, Path to) throws java.io.IOException {
    List<Path> all = new ArrayList<>();
    try (Stream<Path> s = Files.walk(from)) {
      s.forEach(all::add);
    }
    for (Path p : all) {
      Path t = to.resolve(from.relativize(p).toString());
      if (Files.isDirectory(p)) {
        Files.createDirectories(t);
      } else {
        Files.copy(p, t);
      }
    }
  }
}
