package com.hdcsearch.badinput;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.hdcsearch.avro.DeadLetter;
import com.hdcsearch.badinput.BadInputCorpus.Case;
import com.hdcsearch.badinput.BadInputCorpus.Expect;
import com.hdcsearch.index.IndexedItem;
import com.hdcsearch.kafka.Topics;
import com.hdcsearch.model.CascadeEmbedder;
import com.hdcsearch.model.EmbedderLoader;
import com.hdcsearch.stream.PipelineHarness;
import com.hdcsearch.stream.TestCheckpoints;
import com.hdcsearch.stream.TestImages;
import com.hdcsearch.stream.serde.AvroSerdes;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.common.InvalidRecordException;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every case of the bad-input corpus through a real broker and the production pipeline, each followed by a valid
 * record on the same partition: every invalid record is dead-lettered once with the reason the corpus names, every
 * valid one is searchable with its label, and every record after a bad one is processed.
 */
class BadInputPipelineTest {
  private static final Duration TIMEOUT = Duration.ofSeconds(90);
  /** One partition for the whole corpus: "the record after each" is then the next offset. */
  private static final int PARTITION = 0;

  @TempDir Path tmp;

  @Test
  void everyCaseIsDeadLetteredWithItsReasonOrSearchableAndTheRecordsAfterItAreProcessed() throws Exception {
    List<Case> cases = BadInputCorpus.cases();
    assertTrue(cases.size() >= 30, "at least 30 kinds: " + cases.size());
    byte[] followerPng = TestImages.fashionMnist(1).get(0).png();
    try (CascadeEmbedder model = EmbedderLoader.untrained(TestCheckpoints.SPEC, 3);
        PipelineHarness kafka = new PipelineHarness(Files.createTempDirectory("hdc-badinput-kafka"));
        var run = kafka.start(model, tmp.resolve("index"), tmp.resolve("state"), "badinput-" + UUID.randomUUID(),
            BadInputCorpus.maxImageBytes(), BadInputCorpus.maxImagePixels());
        KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(Map.of(
            ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.broker.bootstrapServers(),
            ProducerConfig.MAX_REQUEST_SIZE_CONFIG, 16 << 20, ProducerConfig.LINGER_MS_CONFIG, 5),
            new ByteArraySerializer(), new ByteArraySerializer())) {
      PipelineHarness.await(TIMEOUT, run.pipeline::isRunning, "pipeline running");
      Map<Long, Case> byOffset = new TreeMap<>();
      List<String> followers = new ArrayList<>();
      for (int i = 0; i < cases.size(); i++) {
        Case c = cases.get(i);
        // Alone in its produce request: the broker refuses a whole batch when one record in it is refused.
        producer.flush();
        var future = producer.send(new ProducerRecord<>(Topics.CATALOG_IMAGES, PARTITION, c.key(), c.value()));
        if (c.expect() == Expect.REFUSED) {
          var error = assertThrows(ExecutionException.class, future::get, c.name()).getCause();
          assertTrue(error instanceof InvalidRecordException, c.name() + ": " + error);
          System.out.printf("badinput %-32s %-12s refused by the broker: %s%n", c.name(), "ok", error.getMessage());
        } else {
          byOffset.put(future.get().offset(), c);
        }
        // Not between the two records of "the same id twice in one batch".
        if (c.expect() != Expect.REPLACED) {
          String id = "after-" + c.name();
          followers.add(id);
          producer.send(new ProducerRecord<>(Topics.CATALOG_IMAGES, PARTITION, id.getBytes(StandardCharsets.UTF_8),
              TestImages.catalogImage(id, "follower", followerPng)));
        }
      }
      producer.flush();
      long invalid = cases.stream().filter(c -> c.expect() == Expect.DEAD_LETTER).count();
      PipelineHarness.await(TIMEOUT, () -> followers.stream().allMatch(id -> run.index().get(id).isPresent()),
          "every record after a bad one searchable");

      Map<Long, DeadLetter> letters = readDeadLetters(kafka.broker.bootstrapServers(), (int) invalid);
      Map<String, String> problems = new LinkedHashMap<>();
      for (var e : byOffset.entrySet()) {
        Case c = e.getValue();
        DeadLetter letter = letters.get(e.getKey());
        String id = c.key() == null ? null : new String(c.key(), StandardCharsets.UTF_8);
        Optional<IndexedItem> indexed = id == null || id.isEmpty() ? Optional.empty() : run.index().get(id);
        String seen = letter != null ? "dead-lettered " + letter.getReasonCode() + ": " + letter.getMessage()
            : indexed.map(item -> "searchable as '" + item.label() + "'").orElse("absent, no dead letter");
        boolean ok = switch (c.expect()) {
          case DEAD_LETTER -> letter != null && c.reason().equals(letter.getReasonCode()) && indexed.isEmpty();
          case SEARCHABLE -> letter == null && indexed.isPresent() && c.label().equals(indexed.get().label());
          case DELETED -> letter == null && indexed.isEmpty();
          case REPLACED -> letter == null;
          case REFUSED -> false;
        };
        System.out.printf("badinput %-32s %-12s %s%n", c.name(), ok ? "ok" : "WRONG", seen);
        if (!ok) {
          problems.put(c.name(), "expected " + c.expect() + (c.reason() != null ? " " + c.reason() : "") + ", got "
              + seen);
        }
        if (letter != null) {
          assertTrue(letter.getMessage().length() > 20, "the reason is explained: " + letter.getMessage());
          assertEquals(c.value() == null ? 0 : c.value().length,
              letter.getPayload() == null ? 0 : letter.getPayload().remaining(), "the payload is the input record");
        }
      }
      assertEquals(Map.of(), problems, "cases handled wrongly");
      assertEquals(invalid, letters.size(), "one dead letter per invalid record, none for the others");
      assertTrue(run.pipeline.isRunning(), "the stream still runs");
      DeadLetter unknown = letters.values().stream().filter(l -> "unknown-fingerprint".equals(l.getKey()))
          .findFirst().orElseThrow();
      String current = AvroSerdes.catalogImage().acceptedHeaders().get(0);
      assertTrue(unknown.getMessage().contains(current), "names the accepted headers: " + unknown.getMessage());
      DeadLetter registry = letters.values().stream().filter(l -> "registry-wire-format".equals(l.getKey()))
          .findFirst().orElseThrow();
      assertTrue(registry.getMessage().contains("schema-registry wire format, schema id 42"), registry.getMessage());
      System.out.printf("badinput corpus: %d cases, %d dead-lettered, %d followers searchable%n", cases.size(),
          letters.size(), followers.size());
    }
  }

  /** Dead letters by source offset, read a little past the expected count (a second letter would be a bug). */
  private static Map<Long, DeadLetter> readDeadLetters(String bootstrap, int expected) {
    Map<Long, DeadLetter> out = new HashMap<>();
    try (KafkaConsumer<String, byte[]> c = new KafkaConsumer<>(Map.of(
        ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
        ConsumerConfig.GROUP_ID_CONFIG, "badinput-dlq-" + UUID.randomUUID(),
        ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"), new StringDeserializer(), new ByteArrayDeserializer())) {
      c.subscribe(List.of(Topics.CATALOG_IMAGES_DLQ));
      long deadline = System.nanoTime() + TIMEOUT.toNanos();
      int extra = 0;
      while (System.nanoTime() < deadline && (out.size() < expected || extra++ < 5)) {
        for (var r : c.poll(Duration.ofMillis(200))) {
          DeadLetter letter = AvroSerdes.deadLetter().decode(r.value());
          DeadLetter before = out.put(letter.getOffset(), letter);
          assertEquals(null, before, "two dead letters for offset " + letter.getOffset());
        }
      }
    }
    return out;
  }
}
