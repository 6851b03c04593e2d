package org.dataelements.factory.orchestration.airflow;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PythonLiteralTest {
  @TempDir Path work;

  @Test
  void pythonReadsBackEveryStringExactly() throws Exception {
    List<String> values =
        List.of(
            "plain",
            "",
            "say \"hi\" and 'bye'",
            "back\\slash \\n not a newline",
            "line one\nline two\r\n\ttabbed",
            "电力消费指数 (全社会用电量)",
            "nul\u0000 bell\u0007 del\u007f",
            "emoji 😀 and ümlaut",
            "lone \ud800 surrogate",
            "separators \u2028 \u2029 \u0085 bom \ufeff",
            "{{ params.jar }}",
            "ends with a backslash \\");
    StringBuilder src = new StringBuilder("import json\nvalues = [\n");
    for (String v : values) {
      src.append("    ").append(PythonLiteral.string(v)).append(",\n");
    }
    src.append("]\nprint(json.dumps(values))\n");
    Path file = work.resolve("values.py");
    Files.writeString(file, src, StandardCharsets.UTF_8);
    String out = PythonRunner.run(work, "airflow/exec_file.py", List.of(file.toString()));
    JsonNode read = new ObjectMapper().readTree(out);
    assertEquals(values.size(), read.size(), out);
    for (int i = 0; i < values.size(); i++) {
      assertEquals(values.get(i), read.get(i).asText(), "value " + i + " in\n" + src);
    }
  }

  @Test
  void escapesQuotesBackslashesAndNewlines() {
    assertEquals("\"a\\\"b\\\\c\\nd\"", PythonLiteral.string("a\"b\\c\nd"));
    assertEquals("\"电力\"", PythonLiteral.string("电力"));
    assertEquals("[\"a\", \"b\"]", PythonLiteral.list(List.of("a", "b")));
  }
}
