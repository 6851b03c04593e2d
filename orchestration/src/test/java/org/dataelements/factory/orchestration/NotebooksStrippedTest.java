package org.dataelements.factory.orchestration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The committed notebooks carry no outputs and no execution counts: what a run printed (paths,
 * figures of one warehouse, anything secret) never reaches the repository. Strip them with {@code
 * jupyter nbconvert --clear-output --inplace notebooks/*.ipynb} before committing.
 */
class NotebooksStrippedTest {
  static Path folder() {
    return Path.of(System.getProperty("factory.root", "..")).resolve("notebooks");
  }

  static List<Path> notebooks(Path folder) throws IOException {
    try (Stream<Path> files = Files.list(folder)) {
      return files.filter(p -> p.toString().endsWith(".ipynb")).sorted().toList();
    }
  }

  /** The notebook that reads PRODUCT: {@code notebooks/PRODUCT.ipynb}. */
  static String notebookOf(String product) {
    return product + ".ipynb";
  }

  /** What is wrong with one notebook file: one line per cell that kept an output or a count. */
  static List<String> problems(Path notebook) throws IOException {
    JsonNode nb = new ObjectMapper().readTree(notebook.toFile());
    List<String> problems = new ArrayList<>();
    int i = 0;
    for (JsonNode cell : nb.path("cells")) {
      i++;
      if (!"code".equals(cell.path("cell_type").asText())) {
        continue;
      }
      if (cell.path("outputs").size() > 0) {
        problems.add(notebook.getFileName() + " cell " + i + " has outputs");
      }
      if (!cell.path("execution_count").isNull()) {
        problems.add(notebook.getFileName() + " cell " + i + " has an execution count");
      }
    }
    return problems;
  }

  @Test
  void committedNotebooksHaveNoOutputsNorExecutionCounts() throws IOException {
    List<Path> notebooks = notebooks(folder());
    assertTrue(notebooks.size() >= 3, "notebooks/ holds " + notebooks);
    List<String> problems = new ArrayList<>();
    for (Path nb : notebooks) {
      problems.addAll(problems(nb));
    }
    assertEquals(
        List.of(),
        problems,
        "strip them: jupyter nbconvert --clear-output --inplace notebooks/*.ipynb");
  }

  @Test
  void aNotebookWithAnOutputOrACountIsFound() throws IOException {
    Path nb = Files.createTempFile("executed", ".ipynb");
    try {
      Files.writeString(
          nb,
          """
          {"cells": [
            {"cell_type": "markdown", "metadata": {}, "source": ["# t"]},
            {"cell_type": "code", "metadata": {}, "execution_count": 3, "outputs": [],
             "source": ["1"]},
            {"cell_type": "code", "metadata": {}, "execution_count": null,
             "outputs": [{"output_type": "stream", "name": "stdout", "text": ["x"]}],
             "source": ["print('x')"]}],
           "metadata": {}, "nbformat": 4, "nbformat_minor": 4}
          """);
      String name = nb.getFileName().toString();
      assertEquals(
          List.of(name + " cell 2 has an execution count", name + " cell 3 has outputs"),
          problems(nb));
    } finally {
      Files.delete(nb);
    }
  }
}
