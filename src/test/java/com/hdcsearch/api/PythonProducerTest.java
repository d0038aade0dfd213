package com.hdcsearch.api;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.hdcsearch.kafka.KafkaCluster;
import com.hdcsearch.kafka.KafkaTestResource;
import com.hdcsearch.stream.TestImages;
import com.hdcsearch.stream.serde.AvroSerdes;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The example Python producer ({@code examples/python/produce_catalog.py}, Debian's python3-confluent-kafka and
 * python3-avro) against the running service: every record it sends is searchable with its label, none is
 * dead-lettered, and the header it writes is the one the service's serde names.
 */
@Tag("quarkus")
@QuarkusTest
@QuarkusTestResource(value = KafkaTestResource.class, restrictToAnnotatedClass = false)
class PythonProducerTest {
  private static final String PYTHON = "/usr/bin/python3";
  private static final List<String> PACKAGES = List.of("python3-confluent-kafka", "python3-avro");
  private static final int IMAGES = 12;
  /** SearchResourceTest sends the first 60 test images. */
  private static final int FIRST_IMAGE = 500;
  private static final long TIMEOUT_MS = 60_000;

  @Inject KafkaCluster kafka;
  @TempDir Path dir;

  @Test
  void recordsOfThePythonProducerAreSearchable() throws Exception {
    ensurePythonPackages();
    // Images no other test of the shared Quarkus app sends: a search by an image must find this test's copy.
    List<TestImages.Item> items = TestImages.fashionMnist(FIRST_IMAGE + IMAGES).subList(FIRST_IMAGE,
        FIRST_IMAGE + IMAGES);
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < IMAGES; i++) {
      Path labelDir = Files.createDirectories(dir.resolve(items.get(i).label()));
      Files.write(labelDir.resolve("py" + i + ".png"), items.get(i).png());
      ids.add(items.get(i).label() + "-py" + i);
    }
    double deadBefore = deadLettered();
    Result r = exec(PYTHON, "examples/python/produce_catalog.py", "--bootstrap", kafka.bootstrapServers(),
        "--dir", dir.toString());
    System.out.print(r.output());
    assertEquals(0, r.exit(), r.output());
    assertTrue(r.output().contains("produced " + IMAGES + " images"), r.output());
    String javaHeader = AvroSerdes.catalogImage().acceptedHeaders().get(0);
    String pythonHeader = r.output().lines().filter(l -> l.startsWith("header ")).findFirst().orElseThrow()
        .substring("header ".length());
    assertTrue(javaHeader.startsWith("current " + pythonHeader), javaHeader + " vs " + pythonHeader);

    long deadline = System.currentTimeMillis() + TIMEOUT_MS;
    for (int i = 0; i < IMAGES; i++) {
      while (given().get("/api/items/" + ids.get(i)).statusCode() != 200) {
        assertTrue(System.currentTimeMillis() < deadline, ids.get(i) + " never searchable");
        Thread.sleep(50);
      }
      given().get("/api/items/" + ids.get(i)).then().body("label", equalTo(items.get(i).label()));
    }
    given().contentType("image/png").body(items.get(3).png()).post("/api/search?k=1").then().statusCode(200)
        .body("results[0].itemId", equalTo(ids.get(3)));
    assertEquals(deadBefore, deadLettered(), "the Python producer's records are all accepted");
  }

  private static double deadLettered() {
    String metrics = given().get("/q/metrics").then().statusCode(200).extract().asString();
    return metrics.lines().filter(l -> l.startsWith("hdc_ingest_records_deadlettered_total"))
        .mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1))).sum();
  }

  /** The Debian packages the producer needs, installed when missing (as CI does in .ci/run). */
  private static void ensurePythonPackages() throws Exception {
    String check = "import confluent_kafka, avro";
    if (exec(PYTHON, "-c", check).exit() == 0) {
      return;
    }
    List<String> install = new ArrayList<>(List.of("apt-get", "install", "-y", "-q", "-o",
        "DPkg::Lock::Timeout=300"));
    install.addAll(PACKAGES);
    Result r = exec(install.toArray(String[]::new));
    assertEquals(0, exec(PYTHON, "-c", check).exit(),
        "the Python producer needs " + PACKAGES + " (apt-get install); installing them failed: " + r.output());
  }

  record Result(int exit, String output) {}

  private static Result exec(String... command) throws IOException, InterruptedException {
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    byte[] out = p.getInputStream().readAllBytes();
    if (!p.waitFor(5, TimeUnit.MINUTES)) {
      p.destroyForcibly();
      throw new AssertionError("timed out: " + String.join(" ", command));
    }
    return new Result(p.exitValue(), new String(out, StandardCharsets.UTF_8));
  }
}
