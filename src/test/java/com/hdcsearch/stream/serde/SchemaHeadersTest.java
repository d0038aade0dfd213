package com.hdcsearch.stream.serde;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.avro.Schema;
import org.junit.jupiter.api.Test;

/**
 * The header table of {@code schemas/README.md} (what producers in other languages copy) is the serdes' own: every
 * schema file has its row, with the header and fingerprint that Java's Avro computes, and the serdes accept them.
 */
class SchemaHeadersTest {
  private static final Pattern ROW = Pattern.compile(
      "^\\| [^|]+ \\| `([^`]+\\.avsc)` \\| `([0-9a-f ]+)` \\| (-?\\d+) \\|$", Pattern.MULTILINE);

  @Test
  void theReadmeGivesEverySchemaVersionsHeaderAsJavaComputesIt() throws Exception {
    String readme = Files.readString(Path.of("schemas/README.md"));
    Map<String, String> rows = new LinkedHashMap<>();
    Matcher m = ROW.matcher(readme);
    while (m.find()) {
      rows.put(m.group(1), m.group(2) + " (fingerprint " + m.group(3) + ")");
    }
    List<Path> files;
    try (var walk = Files.walk(Path.of("schemas"))) {
      files = walk.filter(p -> p.toString().endsWith(".avsc")).sorted().toList();
    }
    assertTrue(files.size() >= 6, files.toString());
    for (Path file : files) {
      String name = Path.of("schemas").relativize(file).toString();
      Schema schema = new Schema.Parser().parse(file.toFile());
      assertEquals(AvroSerde.header(schema), rows.get(name), "schemas/README.md's row for " + name);
    }
    assertEquals(files.size(), rows.size(), "one row per schema file: " + rows.keySet());
    List<String> accepted = AvroSerdes.catalogImage().acceptedHeaders();
    assertEquals(List.of("current " + rows.get("CatalogImage.avsc"), "older " + rows.get("history/CatalogImage-v1.avsc")),
        accepted);
  }
}
